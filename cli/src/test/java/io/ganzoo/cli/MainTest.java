package io.ganzoo.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line {@code main} builds for the words given: one command alone behaves as it does among all. */
class MainTest {
    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return code + "\n" + out + "\n" + err;
    }

    @Test
    void aCommandAloneParsesHelpsAndFailsAsAmongAllCommands() {
        List<String> names = List.copyOf(Main.commandLine().getSubcommands().keySet());
        assertEquals(
                List.of(
                        "sample",
                        "interpolate",
                        "walk",
                        "arithmetic",
                        "render",
                        "zoo",
                        "info",
                        "help",
                        "generate-completion"),
                names);
        for (String name : names) {
            String[] help = {name, "--help"};
            CommandLine alone = Main.commandLine(help);
            if (!name.equals("help") && !name.equals("generate-completion")) {
                assertEquals(List.of(name), List.copyOf(alone.getSubcommands().keySet()), name + " is built alone");
            }
            assertEquals(run(Main.commandLine(), help), run(alone, help), name + " --help");
        }
        // the inherited -v, before or after the command; an unknown option; a misspelt command (all commands)
        for (String[] args : new String[][] {
            {"-v", "sample", "no-such-model", "-o", "x.png"},
            {"sample", "-v", "no-such-model", "-o", "x.png"},
            {"sample", "--no-such-option"},
            {"zoo", "nosuch"},
            {"sampel", "fashion-dcgan"},
            {"arithmetic", "fashion-dcgan", "-1,2 + 3"},
            {"--help", "sample"},
            {"-v", "--", "zoo", "list"},
            {}
        }) {
            assertEquals(run(Main.commandLine(), args), run(Main.commandLine(args), args), String.join(" ", args));
        }
        assertTrue(
                run(
                                Main.commandLine(new String[] {"-v", "sample", "no-such-model", "-o", "x.png"}),
                                "-v",
                                "sample",
                                "no-such-model",
                                "-o",
                                "x.png")
                        .contains("at io.ganzoo"),
                "-v prints the stack trace");
    }
}
