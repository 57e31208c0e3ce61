package io.ganzoo.cli;

import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.zoo.Zoo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** {@code ganzoo}: sample GAN generators from the zoo or from ONNX files. */
@Command(
        name = "ganzoo",
        mixinStandardHelpOptions = true,
        description = "Sample GAN generators from the ganzoo model zoo or ONNX files.")
public final class Main implements Runnable {
    /** The codes {@code ganzoo} can return (the table is {@link ExitCode}, shared with ganzoo-trainer). */
    static final ExitCode[] EXIT_CODES = {
        ExitCode.OK,
        ExitCode.USAGE,
        ExitCode.MODEL_NOT_FOUND,
        ExitCode.IO,
        ExitCode.MODEL_UNUSABLE,
        ExitCode.REPOSITORY,
        ExitCode.DEVICE,
        ExitCode.INTERNAL
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every subcommand (ganzoo -v zoo pull ..., ganzoo zoo pull -v ...). */
    @CommandLine.Option(
            names = "-v",
            scope = CommandLine.ScopeType.INHERIT,
            description = "print stack traces on errors")
    boolean verbose;

    /**
     * The subcommands, by name, in the order help lists them. Made on demand: picocli reads a command's annotations
     * when it is added, which for all of them took about 100 ms of a 0.35 s cold start (issue 26, point 6).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("sample", SampleCommand::new);
        COMMANDS.put("interpolate", InterpolateCommand::new);
        COMMANDS.put("walk", WalkCommand::new);
        COMMANDS.put("arithmetic", ArithmeticCommand::new);
        COMMANDS.put("render", RenderCommand::new);
        COMMANDS.put("zoo", ZooCommand::new);
        COMMANDS.put("info", InfoCommand::new);
        COMMANDS.put(
                "help", CommandLine.HelpCommand::new); // ganzoo help [COMMAND] (it was exit 2, "Unmatched argument")
        // ganzoo generate-completion: a bash/zsh completion script
        COMMANDS.put("generate-completion", picocli.AutoComplete.GenerateCompletion::new);
    }

    /** The commands that run a generator, for which ONNX Runtime is started while the arguments are parsed. */
    private static final java.util.Set<String> RUN_MODELS =
            java.util.Set.of("sample", "interpolate", "walk", "arithmetic", "render");

    public static void main(String[] args) {
        if (args.length > 0 && RUN_MODELS.contains(args[0])) {
            // on a second core, while picocli reads the command's annotations: about 30 ms of the cold start
            Thread warm = new Thread(io.ganzoo.sdk.Generator::warmUp, "ganzoo-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        Console.main(commandLine(args), args);
    }

    /** The configured command line with every subcommand; tests use it with their own output streams. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when they start with a command other than {@code help} and
     * {@code generate-completion}, with that command alone, which parses and runs it as the whole command line would;
     * otherwise (top-level options first: {@code --help sample} prints the top-level help, which lists every command;
     * a misspelt command is told the ones there are) with every command.
     */
    static CommandLine commandLine(String[] args) {
        String first = args.length > 0 ? args[0] : null;
        CommandLine cl = new CommandLine(new Main());
        boolean one = first != null
                && COMMANDS.containsKey(first)
                && !first.equals("help")
                && !first.equals("generate-completion");
        for (Map.Entry<String, Supplier<Object>> c : COMMANDS.entrySet()) {
            if (!one || c.getKey().equals(first)) {
                cl.addSubcommand(c.getKey(), c.getValue().get());
            }
        }
        Console.configure(cl, "ganzoo " + Zoo.VERSION, EXIT_CODES);
        CommandLine arithmetic = cl.getSubcommands().get("arithmetic");
        if (arithmetic != null) {
            // an expression may start with a minus ("-1,2 + 3,4"): anything the command does not know as an option
            // is its positional parameter, as after "--"
            arithmetic.setUnmatchedOptionsArePositionalParams(true);
        }
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: expected one of " + spec.subcommands().keySet());
    }
}
