package io.ganzoo.console;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A picocli command set up by {@link Console#configure}: error lines, -v, exit codes in --help, -V everywhere. */
class ConsoleTest {
    static final String VERSION = "tool 1.2.3";
    static final String NL = System.lineSeparator();
    static final ExitCode[] CODES = {
        ExitCode.OK, ExitCode.USAGE, ExitCode.MODEL_NOT_FOUND, ExitCode.IO, ExitCode.MODEL_UNUSABLE, ExitCode.INTERNAL
    };

    @Command(
            name = "tool",
            mixinStandardHelpOptions = true,
            subcommands = Fail.class,
            description = "A test command line.")
    static final class Root implements Runnable {
        @Option(names = "-v", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces on errors")
        boolean verbose;

        @Override
        public void run() {}
    }

    /** Diverged training: an exception that names its exit code. */
    static final class Diverged extends RuntimeException implements ExitCode.Carrier {
        Diverged() {
            super("training diverged at step 1200 (loss NaN); the last good checkpoint is step 1000");
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.DIVERGED;
        }
    }

    @Command(name = "fail", mixinStandardHelpOptions = true, description = "Fails as WHAT says.")
    static final class Fail implements Callable<Integer> {
        @Parameters(paramLabel = "WHAT")
        String what;

        @Option(names = "--times", description = "a number")
        int times;

        @Option(names = "--psi", description = "a decimal number")
        float psi;

        @Option(
                names = {"-o", "--out"},
                description = "a file")
        String out;

        @Override
        public Integer call() throws Exception {
            switch (what) {
                case "not-found":
                    throw new ModelException(Reason.NOT_FOUND, "model 'm' not found. Known models: a, b");
                case "checksum":
                    throw new ModelException(Reason.CHECKSUM, "Checksum error for m@1.0.0: refusing it");
                case "io":
                    throw new IOException("cannot write out.png: No space left on device");
                case "no-file":
                    throw new NoSuchFileException("/no/such/out.png", null, "the folder does not exist");
                case "denied":
                    throw new java.nio.file.AccessDeniedException("/cache/locks/ab.lock");
                case "full":
                    throw new java.nio.file.FileSystemException(
                            "/cache/partial/ab.part", null, "No space left on device");
                case "usage":
                    throw new IllegalArgumentException("-n: expected at least 1 image, found 0");
                case "bug":
                    throw new NullPointerException();
                case "diverged":
                    throw new Diverged();
                default:
                    return ExitCode.OK.code();
            }
        }
    }

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Console.configure(new CommandLine(new Root()), VERSION, CODES);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void closeLine() {
        Terminal.lineOpen(false);
    }

    /** "-o @grid.png" was read as an argument file (issue 25): an argument starting with @ is taken as it is. */
    @Test
    void anArgumentStartingWithAtIsNotAnArgumentFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("args.txt");
        Files.writeString(file, "usage\n");
        Run r = run("fail", "@" + file);
        assertEquals(
                0, r.code(), "WHAT is the word '@" + file + "' itself, not 'usage' read from the file: " + r.err());
        assertEquals("", r.err());
    }

    /**
     * A command line that does not parse printed the message and then the whole usage (the attack pass: a number
     * that is not one, a value starting with '-', an unknown option): now one error line, picocli's suggestions, and
     * where help is, exit 2.
     */
    @Test
    void aCommandLineThatDoesNotParseIsOneErrorLineAndWhereHelpIs() {
        Run number = run("fail", "x", "--times", "abc");
        assertEquals(2, number.code());
        assertEquals(
                "error: Invalid value for option '--times': 'abc' is not an int (ASCII digits 0-9)" + NL
                        + "Run 'tool fail --help' for its options." + NL,
                number.err());
        // the digits of other scripts are no number (re-test: "-n ４" drew 4 images)
        for (String digits : new String[] {"\uff14", "\u0663", "\u0967\u0968"}) {
            Run other = run("fail", "x", "--times", digits);
            assertEquals(2, other.code(), digits);
            assertTrue(other.err().contains("'" + digits + "' is not an int (ASCII digits 0-9)"), other.err());
        }
        Run large = run("fail", "x", "--times", "99999999999999999999");
        assertEquals(2, large.code());
        assertTrue(
                large.err().contains("'99999999999999999999' is out of range for an int (-2147483648..2147483647)"),
                large.err());
        // decimals as people write them, finite (attack re-test: Infinity, NaN and hex were numbers)
        for (String psi : new String[] {"Infinity", "NaN", "0x1p-1", "1e999", "1,5", ""}) {
            Run bad = run("fail", "x", "--psi", psi);
            assertEquals(2, bad.code(), psi);
            assertTrue(bad.err().contains("Invalid value for option '--psi': '" + psi + "' is "), bad.err());
        }
        for (String psi : new String[] {"0.7", "2", "-1e-3", ".5", "5."}) {
            assertEquals(0, run("fail", "x", "--psi", psi).code(), psi);
        }
        assertEquals(0, run("fail", "x", "--times", "+12").code());
        assertEquals(0, run("fail", "x", "--times", "-3").code());
        // an option's value is the next argument, as with getopt, even when it starts with '-'
        for (String[] args : new String[][] {{"fail", "x", "-o", "-v.png"}, {"fail", "x", "--out=-v.png"}}) {
            Run dash = run(args);
            assertEquals(0, dash.code(), String.join(" ", args) + ": " + dash.err());
        }
        Run missing = run("fail", "x", "-o");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: Missing required parameter for option '--out'"), missing.err());
        Run unknown = run("fail", "x", "--tims", "2");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("error: Unknown options: '--tims', '2'"), unknown.err());
        assertFalse(unknown.err().contains("put it after --"), "a misspelt option is no name: " + unknown.err());
        assertTrue(unknown.err().contains("--times"), "picocli's suggestion: " + unknown.err());
        assertTrue(unknown.err().endsWith("Run 'tool fail --help' for its options." + NL), unknown.err());
        assertFalse(unknown.err().contains("Usage:"), unknown.err());
        Run name = run("fail", "-weird");
        assertEquals(2, name.code());
        assertTrue(
                name.err()
                        .contains("-weird is no option of tool fail; if it is a name or a value, put it after --:"
                                + " tool fail ... -- -weird"),
                name.err());
        assertEquals(0, run("fail", "--", "-weird").code(), "after -- it is the name");
        // a command that is not one says which are (re-test: "Unmatched argument at index 0: 'fial'")
        Run command = run("fial", "x");
        assertEquals(2, command.code());
        assertTrue(
                command.err().startsWith("error: unknown command 'fial' for tool: expected one of [fail]"),
                command.err());
        assertTrue(command.err().contains("fail"), "picocli's suggestion too: " + command.err());
    }

    @Command(
            name = "tool",
            mixinStandardHelpOptions = true,
            subcommands = {Fail.class, CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class})
    static final class WithHelp implements Runnable {
        @Override
        public void run() {}
    }

    /**
     * A word a command does not take is refused by every command, picocli's help commands too, saying what the command
     * takes (re-test: "help fail extra" and "generate-completion extra" exited 0; "fail x y" said "Unmatched argument
     * at index 2"; "fail x -- --help" called --help an unknown option and suggested --help).
     */
    @Test
    void wordsACommandDoesNotTakeAreRefusedWithWhatItTakes() {
        String[][] cases = {
            {"help", "fail", "extra"},
            {"generate-completion", "extra"},
            {"fail", "x", "y"},
            {"fail", "x", "--", "--help"}
        };
        String[] said = {
            "error: unexpected argument 'extra': tool help takes [COMMAND]",
            "error: unexpected argument 'extra': tool generate-completion takes no arguments",
            "error: unexpected argument 'y': tool fail takes WHAT",
            "error: unexpected argument '--help': tool fail takes WHAT (every word after -- is an argument, never an"
                    + " option)"
        };
        for (int i = 0; i < cases.length; i++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Console.configure(new CommandLine(new WithHelp()), VERSION, CODES);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(cases[i]);
            String args = String.join(" ", cases[i]);
            assertEquals(2, code, args + ": " + err);
            assertEquals("", out.toString(), args + ": nothing printed as if it had worked");
            assertEquals(
                    said[i] + NL + "Run '" + (i == 0 ? "tool help" : i == 1 ? "tool generate-completion" : "tool fail")
                            + " --help' for its options." + NL,
                    err.toString(),
                    args);
        }
        StringWriter err = new StringWriter();
        CommandLine cl = Console.configure(new CommandLine(new WithHelp()), VERSION, CODES);
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("help", "fial"));
        assertTrue(
                err.toString()
                        .startsWith("error: unknown command 'fial' for tool: expected one of [fail, help,"
                                + " generate-completion]"),
                err.toString());
        assertEquals(0, run("fail", "x").code(), "what a command takes still works");
        // a subcommand's subcommand through help (re-test: "help takes [COMMAND]")
        StringWriter nestedOut = new StringWriter();
        CommandLine root = new CommandLine(new WithHelp());
        root.getSubcommands().get("fail").addSubcommand("deeper", new Fail());
        CommandLine nested = Console.configure(root, VERSION, CODES);
        nested.setOut(new PrintWriter(nestedOut, true));
        nested.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, nested.execute("help", "fail", "deeper"));
        assertTrue(
                nestedOut.toString().startsWith("Usage: tool fail ")
                        && nestedOut.toString().contains("WHAT"),
                nestedOut.toString());
    }

    /** Every subcommand's --help lists the exit codes, 130/143 too (only the top command's did: newcomer trial). */
    @Test
    void everyHelpListsTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"fail", "--help"}}) {
            Run r = run(args);
            assertEquals(0, r.code());
            assertTrue(
                    r.out().contains("Exit codes:")
                            && r.out().contains("  3 ")
                            && r.out().contains("130, 143"),
                    String.join(" ", args) + ": " + r.out());
        }
    }

    @Test
    void aFailureIsOneErrorLineOnStderrAndItsMappedCode() {
        String[][] cases = {
            {"not-found", "3", "model 'm' not found. Known models: a, b"},
            {"checksum", "5", "Checksum error for m@1.0.0: refusing it"},
            {"io", "4", "cannot write out.png: No space left on device"},
            {"no-file", "4", "file not found: /no/such/out.png (the folder does not exist)"},
            // a file-system failure names the path and the reason (an AccessDeniedException's message is the path)
            {"denied", "4", "/cache/locks/ab.lock: permission denied"},
            {"full", "4", "/cache/partial/ab.part: No space left on device"},
            {"usage", "2", "-n: expected at least 1 image, found 0"},
            {"bug", "70", "java.lang.NullPointerException"},
            {"diverged", "9", "training diverged at step 1200 (loss NaN); the last good checkpoint is step 1000"},
        };
        for (String[] c : cases) {
            Run r = run("fail", c[0]);
            assertEquals(Integer.parseInt(c[1]), r.code(), c[0] + ": " + r.err());
            assertEquals("error: " + c[2] + NL, r.err(), c[0]);
            assertEquals("", r.out(), c[0] + ": nothing on stdout");
        }
        assertEquals(ExitCode.OK.code(), run("fail", "nothing").code());
    }

    /** A file system failure whose Java message is the path alone is said with its cause (issue 25). */
    @Test
    void fileSystemFailuresSayWhy() {
        assertEquals(
                "/data/x.png: permission denied",
                Console.message(new java.nio.file.AccessDeniedException("/data/x.png")));
        assertEquals(
                "/data -> /data/y: not a folder", Console.message(new java.nio.file.NotDirectoryException("/data") {
                    @Override
                    public String getOtherFile() {
                        return "/data/y";
                    }
                }));
        assertEquals(
                "/d/f: No space left on device",
                Console.message(new java.nio.file.FileSystemException("/d/f", null, "No space left on device")));
        assertEquals("file not found: /nope", Console.message(new java.nio.file.NoSuchFileException("/nope")));
    }

    @Test
    void theStackTraceOnlyWithVerboseOnTheRootOrASubcommand() {
        Run quiet = run("fail", "io");
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        for (String[] args : new String[][] {{"-v", "fail", "io"}, {"fail", "-v", "io"}, {"fail", "io", "-v"}}) {
            Run r = run(args);
            String what = String.join(" ", args);
            assertEquals(ExitCode.IO.code(), r.code(), what);
            assertTrue(
                    r.err().startsWith("error: cannot write out.png: No space left on device" + NL),
                    what + ": " + r.err());
            assertTrue(
                    r.err().contains("java.io.IOException: cannot write out.png")
                            && r.err().contains("\tat "),
                    what + ": the stack trace follows: " + r.err());
        }
    }

    @Test
    void anOpenProgressLineIsEndedBeforeTheErrorLine() {
        Terminal.lineOpen(true);
        Run r = run("fail", "checksum");
        assertEquals(NL + "error: Checksum error for m@1.0.0: refusing it" + NL, r.err());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code());
    }

    @Test
    void helpListsTheExitCodesGivenInTableOrder() {
        Run help = run("--help");
        assertEquals(ExitCode.OK.code(), help.code());
        String out = help.out();
        int heading = out.indexOf("Exit codes:");
        assertTrue(heading >= 0, out);
        List<String> entries = new ArrayList<>(); // one per code; a long description wraps onto more lines
        for (String line :
                out.substring(heading).lines().skip(1).filter(l -> !l.isBlank()).toList()) {
            if (line.matches("\\s*\\d+[,\\s].*")) {
                entries.add(line.strip());
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertEquals(CODES.length + 1, entries.size(), out);
        assertTrue(
                entries.get(CODES.length).replaceAll("\\s+", " ").startsWith("129, 130, 143 stopped by SIGHUP"), out);
        for (int i = 0; i < CODES.length; i++) {
            String entry = entries.get(i).replaceAll("\\s+", " ");
            assertEquals(CODES[i].code() + " " + CODES[i].description(), entry, "entry " + i + " is " + CODES[i]);
        }
        for (ExitCode notGiven :
                new ExitCode[] {ExitCode.REPOSITORY, ExitCode.DEVICE, ExitCode.ENGINE, ExitCode.DIVERGED}) {
            assertFalse(out.contains(notGiven.description()), notGiven + " is not listed: " + out);
        }
    }

    @Test
    void versionIsPrintedOnTheRootAndOnASubcommand() {
        for (String[] args : new String[][] {{"-V"}, {"--version"}, {"fail", "-V"}}) {
            Run r = run(args);
            assertEquals(ExitCode.OK.code(), r.code(), String.join(" ", args));
            assertEquals(VERSION, r.out().strip(), String.join(" ", args));
        }
    }

    @Test
    void picocliUsageErrorsExitWithTheUsageCode() {
        Run r = run("fail", "io", "--no-such-option");
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(r.err().contains("--no-such-option"), r.err());
        Run missing = run("fail");
        assertEquals(ExitCode.USAGE.code(), missing.code(), missing.err());
    }
}
