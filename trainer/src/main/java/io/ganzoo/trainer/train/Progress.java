package io.ganzoo.trainer.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long job: a redrawn bar with rate and ETA on a terminal, a plain line every few seconds otherwise
 * (logs, CI), nothing when quiet.
 */
public final class Progress {
    private final PrintStream out;
    private final String unit;
    private final long total;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private final long startDone;
    private long lastPrint;

    /**
     * @param out   where to draw, or {@code null} for no output
     * @param start units already done (a resumed job)
     */
    public Progress(PrintStream out, String unit, long start, long total) {
        this.out = out;
        this.unit = unit;
        this.total = total;
        this.startDone = start;
        this.terminal = io.ganzoo.zoo.Terminal.stderrIsTerminal();
    }

    /** Reports {@code done} units and an optional short status. */
    public void update(long done, String status) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 10_000_000_000L;
        if (done < total && now - lastPrint < interval) {
            return;
        }
        lastPrint = now;
        double secs = (now - startNanos) / 1e9;
        double rate = secs > 0 ? (done - startDone) / secs : 0;
        String eta = rate > 0 ? duration((total - done) / rate) : "?";
        String pct = String.format(Locale.ROOT, "%5.1f%%", 100.0 * done / Math.max(1, total));
        if (terminal) {
            int width = 30;
            int filled = (int) (width * done / Math.max(1, total));
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            out.printf(Locale.ROOT, "\r[%s] %s %d/%d %s %.1f %s/s ETA %s  %s", bar, pct, done, total, unit, rate, unit,
                    eta, status == null ? "" : status);
            if (done >= total) {
                out.println();
            }
            io.ganzoo.zoo.Terminal.lineOpen(done < total);
        } else {
            out.printf(Locale.ROOT, "%s %d/%d %s, %.1f %s/s, ETA %s %s%n", pct, done, total, unit, rate, unit, eta,
                    status == null ? "" : status);
        }
        out.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
