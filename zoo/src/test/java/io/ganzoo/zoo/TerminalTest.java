package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A message printed while a progress bar's line is open starts on a line of its own, once. */
class TerminalTest {
    @Test
    void endLineEndsAnOpenBarOnce() {
        StringWriter s = new StringWriter();
        PrintWriter err = new PrintWriter(s, true);
        err.print("\r[####      ] 40%");
        Terminal.lineOpen(true);
        Terminal.endLine(err);
        err.println("error: no space left");
        Terminal.endLine(err);
        assertEquals(
                "\r[####      ] 40%" + System.lineSeparator() + "error: no space left" + System.lineSeparator(),
                s.toString());
    }

    @Test
    void testsAndPipesAreNoTerminal() {
        assertFalse(Terminal.stderrIsTerminal(), "surefire's stderr is a pipe");
    }
}
