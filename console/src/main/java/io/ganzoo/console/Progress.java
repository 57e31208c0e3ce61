package io.ganzoo.console;

import io.ganzoo.zoo.Terminal;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long job (training steps, rendered images): on a terminal a bar redrawn in place every 0.2 s, with
 * rate and ETA; otherwise (logs, CI) a plain line every {@code interval} seconds; nothing when {@code out} is null.
 * The last update ({@code done >= total}) is always shown.
 */
public final class Progress {
    private static final long TERMINAL_INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final int columns = Terminal.columns();
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private final long startDone;
    private long lastPrint;

    /**
     * A progress display on stderr's kind of output (bar on a terminal), a plain line every 10 s otherwise.
     *
     * @param out   where to draw, or {@code null} for no output
     * @param unit  what is counted, plural, e.g. {@code steps}
     * @param start units already done (a resumed job)
     * @param total units when done
     */
    public Progress(PrintWriter out, String unit, long start, long total) {
        this(out, unit, start, total, Terminal.stderrIsTerminal(), 10);
    }

    /** {@link #Progress(PrintWriter, String, long, long)} on a stream, e.g. {@code System.err}. */
    public Progress(PrintStream out, String unit, long start, long total) {
        this(out == null ? null : new PrintWriter(out), unit, start, total);
    }

    /**
     * @param terminal        draw a bar redrawn in place, rather than plain lines
     * @param intervalSeconds seconds between plain lines
     */
    public Progress(PrintWriter out, String unit, long start, long total, boolean terminal, double intervalSeconds) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.startDone = start;
        this.terminal = terminal;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.lastPrint = startNanos;
    }

    /** Reports {@code done} units (shown at most every interval, and always when {@code done >= total}). */
    public void update(long done, String status) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastPrint < (terminal ? TERMINAL_INTERVAL_NANOS : intervalNanos)) {
            return;
        }
        lastPrint = now;
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        double rate = (done - startDone) / secs;
        String text = String.format(
                Locale.ROOT,
                "%5.1f%% %,d/%,d %s, %,.1f %s/s, ETA %s%s",
                100.0 * done / Math.max(1, total),
                done,
                total,
                unit,
                rate,
                unit,
                rate > 0 ? duration((total - done) / rate) : "?",
                status == null || status.isEmpty() ? "" : "  " + status);
        if (terminal) {
            out.print("\r" + barLine(text, done, total, columns) + "\033[K" + (done >= total ? "\n" : ""));
            Terminal.lineOpen(done < total);
        } else {
            out.println(text);
        }
        out.flush();
    }

    /**
     * The redrawn line: a bar and {@code text}, within {@code columns - 1} characters (a line that wraps cannot be
     * redrawn in place: a 91-column line stacked a new line per update in an 80-column terminal). The bar shrinks to
     * make room, down to 10, then the text is cut.
     */
    static String barLine(String text, long done, long total, int columns) {
        int room = columns - 1;
        int width = Math.max(10, Math.min(30, room - text.length() - 3));
        int filled = (int) Math.max(0, Math.min(width, width * done / Math.max(1, total)));
        String line = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + text;
        return line.length() > room ? line.substring(0, room) : line;
    }

    /** A duration for people: {@code 4m05s}, {@code 2h07m}. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
