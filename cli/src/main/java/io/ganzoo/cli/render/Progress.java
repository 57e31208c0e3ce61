package io.ganzoo.cli.render;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long run: a bar redrawn in place on a terminal, a plain line every {@code interval} seconds
 * otherwise (logs, CI), nothing when quiet.
 */
final class Progress {
    private final PrintWriter out;
    private final boolean terminal;
    private final long total;
    private final long start = System.nanoTime();
    private final long done0;
    private long lastPrint;
    private final long intervalNanos;

    Progress(PrintWriter out, boolean terminal, long done0, long total, double intervalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.done0 = done0;
        this.total = total;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.lastPrint = start;
    }

    void update(long done, boolean last) {
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        if (!last && now - lastPrint < (terminal ? 200_000_000L : intervalNanos)) {
            return;
        }
        lastPrint = now;
        double s = Math.max(1e-9, (now - start) / 1e9);
        double rate = (done - done0) / s;
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        String text = String.format(Locale.ROOT, "%5.1f%% %,d/%,d images, %,.0f img/s, ETA %s",
                100.0 * done / Math.max(1, total), done, total, rate, eta < 0 ? "?" : eta / 60 + "m" + eta % 60 + "s");
        if (terminal) {
            int width = 30;
            int filled = (int) (width * done / Math.max(1, total));
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + text + (last ? "\n" : ""));
            io.ganzoo.zoo.Terminal.lineOpen(!last);
        } else {
            out.println(text);
        }
        out.flush();
    }
}
