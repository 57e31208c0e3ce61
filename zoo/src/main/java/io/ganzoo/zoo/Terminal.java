package io.ganzoo.zoo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one rule of both command lines for progress output: whether standard error is a terminal (a redrawn bar) or a
 * log or pipe (plain lines, no carriage returns), and whether a bar's line is open, so that a message printed while a
 * bar is drawn starts on a line of its own. Here, in the lowest module, because the zoo's downloads, the sampling CLI
 * and the trainer all draw progress.
 */
public final class Terminal {
    private static volatile boolean lineOpen;

    private Terminal() {}

    /**
     * Whether standard error is a terminal: where Linux tells, file descriptor 2 is a terminal device (a {@code 2> log}
     * redirect is not; a {@code > log} of standard output does not matter), elsewhere Java's console exists. False
     * under {@code CI=true} (or 1, yes, on).
     */
    public static boolean stderrIsTerminal() {
        String ci = System.getenv("CI"); // not ganzoo's own setting: any true word counts, anything else is ignored
        if (ci != null && Boolean.TRUE.equals(Settings.parseFlag(ci))) {
            return false;
        }
        // where Linux tells, file descriptor 2 decides alone: "ganzoo render ... > log" keeps its bar on the terminal
        // (Java's console is null as soon as stdout is redirected, which hid it: docs/render.md promises one)
        Path fd2 = Paths.get("/proc/self/fd/2");
        try {
            if (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fd 2 cannot be inspected here: Java's console answers
        }
        return System.console() != null;
    }

    /**
     * The terminal's width in columns: {@code COLUMNS} when the shell exports it, else 80 (what a progress line is kept
     * within, so that it is redrawn in place instead of wrapping onto new lines).
     */
    public static int columns() {
        String c = System.getenv("COLUMNS");
        try {
            int n = c == null ? 80 : Decimal.parseInt(c.trim());
            return n >= 20 ? n : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** Records that a redrawn progress line is open ({@code true}) or was ended with a newline. */
    public static void lineOpen(boolean open) {
        lineOpen = open;
    }

    /** {@link #endLine(PrintWriter)} for a {@link java.io.PrintStream}. */
    public static void endLine(PrintStream err) {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    /** Ends an open progress line on {@code err}, so that what follows starts a line of its own. */
    public static void endLine(PrintWriter err) {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    /**
     * {@code text} safe to print on a terminal: every control character (C0 such as CR, LF, ESC and TAB; DEL; C1),
     * the Unicode line and paragraph separators and the bidirectional overrides become a visible escape (backslash, u and
     * four hex digits: ESC is shown as backslash-u001b), so text from an index (a card, a deprecation note) can neither forge lines nor send escape
     * sequences; {@code null} stays {@code null}.
     */
    public static String visible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escape = Character.isISOControl(c)
                    || c == '\u2028'
                    || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069');
            if (escape && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escape) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
