package io.ganzoo.console;

import io.ganzoo.zoo.IoErrors;
import io.ganzoo.zoo.Terminal;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * How both command lines start, report errors and exit: one line {@code error: ...} on stderr (never on a progress
 * bar's line), the stack trace too with {@code -v} anywhere on the command line, and the {@link ExitCode} of the
 * failure.
 */
public final class Console {
    private Console() {}

    /**
     * Sets up {@code cl}: the error handler, {@code version} for {@code -V} on every subcommand, and the exit codes
     * the command can return listed in its {@code --help}.
     *
     * @param version the line {@code -V} prints, e.g. {@code ganzoo 0.1.0}
     * @param codes   the codes this command can return
     * @return {@code cl}
     */
    public static CommandLine configure(CommandLine cl, String version, ExitCode... codes) {
        cl.setExecutionExceptionHandler(Console::handle);
        cl.setParameterExceptionHandler(Console::usageError);
        // an option that takes a value takes the next argument, as getopt does: "-o -v.png" writes -v.png (picocli's
        // default refused it, and "--out=-v.png" too, since "-v.png" resembles the clustered options -v -. ...)
        cl.setAllowOptionsAsOptionParameters(true);
        // an argument is what it says: "-o @grid.png" names a file called @grid.png, never an argument file to expand
        // (picocli's default), which dumped the bytes of grid.png into the command line
        cl.setExpandAtFiles(false);
        // a number is ASCII digits: Integer.parseInt took "-n ４" (fullwidth) and every other script's digits
        CommandLine.ITypeConverter<Integer> anInt = s -> whole(s, "an int", io.ganzoo.zoo.Decimal::parseInt);
        CommandLine.ITypeConverter<Long> aLong = s -> whole(s, "a long", io.ganzoo.zoo.Decimal::parseLong);
        cl.registerConverter(Integer.class, anInt);
        cl.registerConverter(int.class, anInt);
        cl.registerConverter(Long.class, aLong);
        cl.registerConverter(long.class, aLong);
        // a decimal number as people write it, finite: Java's parser took "Infinity", "NaN" and hex ("0x1p-1") for
        // --truncation and the like (attack re-test)
        CommandLine.ITypeConverter<Double> aDouble = Console::decimal;
        CommandLine.ITypeConverter<Float> aFloat = v -> {
            float f = decimal(v).floatValue();
            if (Float.isInfinite(f)) {
                throw new CommandLine.TypeConversionException("'" + v + "' is out of range for a float");
            }
            return f;
        };
        cl.registerConverter(Double.class, aDouble);
        cl.registerConverter(double.class, aDouble);
        cl.registerConverter(Float.class, aFloat);
        cl.registerConverter(float.class, aFloat);
        // picocli's help commands (help, generate-completion) collect words they do not know instead of refusing them:
        // "ganzoo help sample extra" printed sample's help and exited 0 (re-test); every command refuses them alike
        cl.setExecutionStrategy(parsed -> {
            Integer nested = nestedHelp(parsed);
            if (nested != null) {
                return nested;
            }
            refuseUnmatched(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        exitCodesEverywhere(cl, ExitCode.helpList(codes));
        versionEverywhere(cl, () -> new String[] {version});
        return cl;
    }

    /**
     * {@code help zoo list}: the help of a subcommand's subcommand (picocli's help command takes one word; it said "help
     * takes [COMMAND]": re-test); {@code null} when the words name no such command (said as usual).
     */
    private static Integer nestedHelp(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        CommandLine help = last.commandSpec().commandLine();
        if (!last.commandSpec().helpCommand()
                || help.getParent() == null
                || last.unmatched().isEmpty()) {
            return null;
        }
        java.util.List<String> words = new java.util.ArrayList<>();
        for (CommandLine.Model.PositionalParamSpec p : last.matchedPositionals()) {
            words.addAll(p.stringValues());
        }
        words.addAll(last.unmatched());
        CommandLine target = help.getParent();
        for (String w : words) {
            target = target.getSubcommands().get(w);
            if (target == null) {
                return null;
            }
        }
        target.usage(help.getOut());
        help.getOut().flush();
        return ExitCode.OK.code();
    }

    /** Refuses what a command collected but does not take (only picocli's help commands collect without refusing). */
    private static void refuseUnmatched(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            CommandLine c = p.commandSpec().commandLine();
            if (!p.unmatched().isEmpty()
                    && !c.isUnmatchedArgumentsAllowed()
                    && p.commandSpec().unmatchedArgsBindings().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(c, p.unmatched());
            }
        }
    }

    /**
     * What a command's positional parameters are, as its usage line writes them: {@code MODEL}, {@code [DIR]},
     * {@code EXPR...}; {@code no arguments} for none.
     */
    private static String takes(CommandLine.Model.CommandSpec spec) {
        StringBuilder b = new StringBuilder();
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            String label = p.paramLabel() + (p.arity().max() > 1 ? "..." : "");
            b.append(b.length() == 0 ? "" : " ").append(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        return b.length() == 0 ? "no arguments" : b.toString();
    }

    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** A finite decimal number ({@code 0.7}, {@code -1e-3}), or the reason it is not one. */
    private static Double decimal(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + s + "' is not a decimal number (such as 0.7, 2 or 1e-3)");
        }
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
            throw new CommandLine.TypeConversionException("'" + s + "' is out of range for a number");
        }
        return d;
    }

    /** {@code parse(s)}, or picocli's words for a value that is not a number ("'x' is not an int"). */
    private static <T> T whole(String s, String what, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(s);
        } catch (NumberFormatException e) {
            // a number too large is said as such ("not a long (ASCII digits 0-9)" misled: attack re-test)
            throw new CommandLine.TypeConversionException(
                    io.ganzoo.zoo.Decimal.isWhole(s)
                            ? "'" + s + "' is out of range for " + what + " ("
                                    + (what.equals("an int")
                                            ? Integer.MIN_VALUE + ".." + Integer.MAX_VALUE
                                            : Long.MIN_VALUE + ".." + Long.MAX_VALUE)
                                    + ")"
                            : "'" + s + "' is not " + what + " (ASCII digits 0-9)");
        }
    }

    /** {@code n} and the noun in its number, e.g. "1 image", "2,048 images" ("wrote 1 images" was the output). */
    public static String count(long n, String one, String many) {
        return String.format(java.util.Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** The exit codes in the {@code --help} of the command and of every subcommand (README says each lists them). */
    private static void exitCodesEverywhere(CommandLine cl, java.util.Map<String, String> codes) {
        cl.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            exitCodesEverywhere(sub, codes);
        }
    }

    /**
     * Runs {@code cl} on {@code args} and ends the JVM with its exit code. Picocli hands exceptions to the handler; an
     * {@link OutOfMemoryError} ends up here and is said in one line ({@link ExitCode#INTERNAL}).
     */
    public static void main(CommandLine cl, String[] args) {
        int code;
        Thread stopped = new Thread(Console::sayStopped, "ganzoo-stopped");
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            code = cl.execute(args);
            finished = true;
            // a PrintWriter keeps its failures to itself: output that could not be written (a full disk, a closed
            // pipe) was exit 0 with nothing said (re-test: zoo list --json > /dev/full)
            if ((cl.getOut().checkError() | System.out.checkError()) && code == ExitCode.OK.code()) {
                System.err.println("error: the output could not be written (standard output failed: a full disk, or a"
                        + " closed pipe); nothing on it is complete");
                code = ExitCode.IO.code();
            }
        } catch (OutOfMemoryError e) {
            finished = true;
            System.err.println("error: out of memory (" + e.getMessage() + "): this JVM may use "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB; give Java more (-Xmx) or ask for less at once");
            if (java.util.Arrays.asList(args).contains("-v")) { // the table says: run with -v and report it
                e.printStackTrace();
            }
            code = ExitCode.INTERNAL.code();
        }
        System.exit(code);
    }

    /** Whether the command returned (the JVM exits because it ended, not because it was stopped). */
    private static volatile boolean finished;
    /** Whether the JVM is shutting down before the command returned: a signal, or System.exit elsewhere. */
    private static volatile boolean stopping;
    /** What a stopped command has kept and how to go on, set by the command while it runs. */
    private static volatile java.util.function.Supplier<String> onStop;

    /**
     * Sets the line said when the JVM is stopped (SIGINT: exit 130; SIGTERM: 143) while this command runs, e.g. what a
     * render has kept and that the same command resumes it; {@code null} for the default line (nothing half-written
     * is left: every file is written under a temporary name and renamed whole).
     */
    public static void onStop(java.util.function.Supplier<String> line) {
        onStop = line;
    }

    /** The shutdown hook: one line on stderr when the command did not return. */
    private static void sayStopped() {
        if (finished) {
            return;
        }
        stopping = true;
        java.util.function.Supplier<String> line = onStop;
        String text;
        try {
            text = line != null ? line.get() : "nothing is left half-written (files are written whole or not at all)";
        } catch (RuntimeException e) {
            text = "what was complete is kept";
        }
        if (Terminal.stderrIsTerminal()) {
            System.err.println(); // after the "^C" the terminal echoed, or a progress line
        } else {
            Terminal.endLine(System.err);
        }
        System.err.println("stopped before the end: " + text);
        System.err.flush();
    }

    /**
     * A command line picocli cannot parse: the same one {@code error:} line as every other failure, picocli's
     * "did you mean" suggestions, and where help is, instead of the whole usage text (a screen that pushed the error
     * off it). An option's value that starts with {@code -}, or a name that does, is told how to give it.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        Terminal.endLine(err);
        String text = ex.getMessage();
        if (text.startsWith("Unknown subcommand '") && text.lastIndexOf('\'') > 20) {
            // "ganzoo help smaple" (picocli's help command): the same line as "ganzoo smaple"
            CommandLine owner = cmd.getCommandSpec().helpCommand() && cmd.getParent() != null ? cmd.getParent() : cmd;
            text = "unknown command '" + text.substring(20, text.lastIndexOf('\'')) + "' for "
                    + owner.getCommandSpec().qualifiedName() + ": expected one of "
                    + owner.getSubcommands().keySet();
        } else if (ex instanceof CommandLine.MissingParameterException
                && text.startsWith("Expected parameter for option '")) {
            String option = text.substring("Expected parameter for option '".length(), text.indexOf('\'', 32));
            text += " (a value that starts with '-' is given as " + option + "=VALUE)";
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")
                && !cmd.getSubcommands().isEmpty()
                && cmd.getCommandSpec().positionalParameters().isEmpty()) {
            // a command that is not one ("Unmatched argument at index 0: 'smaple'" said neither what nor which)
            text = "unknown command '" + u.getUnmatched().get(0) + "' for "
                    + cmd.getCommandSpec().qualifiedName() + ": expected one of "
                    + cmd.getSubcommands().keySet();
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()
                && (!u.getUnmatched().get(0).startsWith("-")
                        || afterDoubleDash(args, u.getUnmatched().get(0)))) {
            // a word too many: "Unmatched argument at index 2: 'b'" named neither the rule nor what the command takes,
            // and after "--" ("sample m -- --help") picocli called the word an unknown option and suggested itself
            text = (u.getUnmatched().size() == 1 ? "unexpected argument " : "unexpected arguments ")
                    + quoted(u.getUnmatched()) + ": "
                    + cmd.getCommandSpec().qualifiedName() + " takes " + takes(cmd.getCommandSpec())
                    + (afterDoubleDash(args, u.getUnmatched().get(0))
                            ? " (every word after -- is an argument, never an option)"
                            : "");
            err.println("error: " + text);
            err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
            err.flush();
            return ExitCode.USAGE.code();
        } else if (ex instanceof CommandLine.UnmatchedArgumentException u
                && !u.getUnmatched().isEmpty()
                && u.getUnmatched().get(0).startsWith("-")
                && u.getSuggestions().isEmpty()) { // not a misspelt option
            String arg = u.getUnmatched().get(0);
            text += " (if " + arg + " is a name or a value, not an option, put it after --: "
                    + cmd.getCommandSpec().qualifiedName() + " ... -- " + arg + ")";
        }
        if (ex instanceof CommandLine.MissingParameterException m
                && m.getMissing().stream().anyMatch(a -> a instanceof CommandLine.Model.PositionalParamSpec)) {
            // a positional value that starts with '-' was taken for an unknown option, so it is "missing"
            for (String a : args) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (a.startsWith("-") && !a.equals("--") && cmd.getCommandSpec().findOption(name) == null) {
                    text += " (" + a + " is no option of "
                            + cmd.getCommandSpec().qualifiedName()
                            + "; if it is a name or a value, put it after --: "
                            + cmd.getCommandSpec().qualifiedName()
                            + " ... -- " + a + ")";
                    break;
                }
            }
        }
        err.println("error: " + text);
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** Whether {@code word} stands after the first {@code --} of {@code args} (so it was never read as an option). */
    private static boolean afterDoubleDash(String[] args, String word) {
        int dd = java.util.Arrays.asList(args).indexOf("--");
        return dd >= 0
                && java.util.Arrays.asList(args).subList(dd + 1, args.length).contains(word);
    }

    private static String quoted(java.util.List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.length() == 0 ? "" : " ").append('\'').append(w).append('\'');
        }
        return b.toString();
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (stopping) {
            return ExitCode.INTERNAL.code(); // the failure of a run stopped by the shutdown: already said
        }
        PrintWriter err = cmd.getErr();
        Terminal.endLine(err);
        err.println("error: " + message(e));
        boolean verbose = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            verbose |= p.hasMatchedOption("-v"); // inherited: on the command, a subcommand or theirs
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.of(e).code();
    }

    /**
     * The one-line text of a failure: its message; for a missing file the file and why; for any other file-system
     * failure the path and the system's reason ({@link IoErrors}: an {@code AccessDeniedException}'s own message is
     * only the path).
     */
    static String message(Throwable e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile() + (n.getReason() == null ? "" : " (" + n.getReason() + ")");
        }
        if (e instanceof FileSystemException f) {
            return IoErrors.describe(f);
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Every subcommand offers -V (mixinStandardHelpOptions); it prints the one version, not nothing. */
    private static void versionEverywhere(CommandLine cl, CommandLine.IVersionProvider version) {
        cl.getCommandSpec().versionProvider(version);
        for (CommandLine sub : cl.getSubcommands().values()) {
            versionEverywhere(sub, version);
        }
    }
}
