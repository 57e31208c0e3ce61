package io.ganzoo.cli;

import io.ganzoo.sdk.GeneratorException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;

/** {@code ganzoo}: sample GAN generators from the zoo or from ONNX files. */
@Command(name = "ganzoo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Sample GAN generators from the ganzoo model zoo or ONNX files.",
        subcommands = {SampleCommand.class, InterpolateCommand.class, WalkCommand.class, ArithmeticCommand.class,
                RenderCommand.class, ZooCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "2:bad arguments or settings (too large for memory, --threads over 8 per core, a"
                + " folder another render holds, ...)", "3:model unknown, corrupt, unverified, with external data or not a"
                + " generator; a repository that cannot be read; zoo verify found corrupt files",
                "4:a file could not be read or written (the message names it)",
                "70:internal error or out of memory (run with -v and report it)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every subcommand (ganzoo -v zoo pull ..., ganzoo zoo pull -v ...). */
    @CommandLine.Option(names = "-v", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces on errors")
    boolean verbose;

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {       // picocli hands Exceptions to the handler; an Error ends up here
            System.err.println("error: out of memory (" + e.getMessage() + "): this JVM may use "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; give Java more (-Xmx) or ask for less at once");
            code = ExitCodes.INTERNAL;
        }
        System.exit(code);
    }

    /** The configured command line; tests use it with their own output streams. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        versionEverywhere(cl, new Version());
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: expected one of "
                + spec.subcommands().keySet());
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        io.ganzoo.zoo.Terminal.endLine(err);              // never on a progress bar's line
        err.println("error: " + message(e));
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("-v");          // inherited: on the command, a subcommand or theirs
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        if (e instanceof GeneratorException || e instanceof io.ganzoo.zoo.ZooException) {
            return ExitCodes.MODEL;
        }
        if (e instanceof IOException) {
            return ExitCodes.IO;
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.INTERNAL;
    }

    private static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Every subcommand offers -V (mixinStandardHelpOptions); it prints the one version, not nothing. */
    static void versionEverywhere(CommandLine cl, CommandLine.IVersionProvider version) {
        cl.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cl.getSubcommands().values()) {
            versionEverywhere(sub, version);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ganzoo " + io.ganzoo.zoo.Zoo.VERSION};    // the one version: the build's, via the zoo
        }
    }
}
