package io.ganzoo.cli;

import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.zoo.Zoo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ganzoo}: sample GAN generators from the zoo or from ONNX files. */
@Command(
        name = "ganzoo",
        mixinStandardHelpOptions = true,
        description = "Sample GAN generators from the ganzoo model zoo or ONNX files.",
        subcommands = {
            SampleCommand.class,
            InterpolateCommand.class,
            WalkCommand.class,
            ArithmeticCommand.class,
            RenderCommand.class,
            ZooCommand.class,
            InfoCommand.class,
            CommandLine.HelpCommand.class, // ganzoo help [COMMAND] (it was exit 2, "Unmatched argument")
            picocli.AutoComplete.GenerateCompletion.class // ganzoo generate-completion: a bash/zsh completion script
        })
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

    public static void main(String[] args) {
        Console.main(commandLine(), args);
    }

    /** The configured command line; tests use it with their own output streams. */
    public static CommandLine commandLine() {
        CommandLine cl = Console.configure(new CommandLine(new Main()), "ganzoo " + Zoo.VERSION, EXIT_CODES);
        // an expression may start with a minus ("-1,2 + 3,4"): anything the command does not know as an option is
        // its positional parameter, as after "--"
        cl.getSubcommands().get("arithmetic").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: expected one of " + spec.subcommands().keySet());
    }
}
