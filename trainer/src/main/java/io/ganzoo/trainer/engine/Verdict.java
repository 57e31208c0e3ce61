package io.ganzoo.trainer.engine;

import java.util.List;

/**
 * What the start-up check found on this machine: the CPU and native libraries, the engine's errors on each case with
 * oneDNN as PyTorch chose it, whether oneDNN was turned off, and the errors after that.
 */
public final class Verdict {
    private final String cpu;
    private final String libraries;
    /** What the check found of oneDNN's cache sizes, and whether it repaired them. */
    private final CacheSizes.Status caches;
    /** Why PyTorch's oneDNN switch cannot be used here, or {@code null} when it can. */
    private final String switchProblem;

    private final List<ArithmeticCheck.Result> first;
    private final List<ArithmeticCheck.Result> afterFallback;
    private final boolean firstWithOneDnn;
    private final boolean oneDnnEnabled;
    private final long micros;

    Verdict(
            String cpu,
            String libraries,
            CacheSizes.Status caches,
            List<ArithmeticCheck.Result> first,
            boolean firstWithOneDnn,
            List<ArithmeticCheck.Result> afterFallback,
            boolean oneDnnEnabled,
            long micros,
            String switchProblem) {
        this.switchProblem = switchProblem;
        this.cpu = cpu;
        this.libraries = libraries;
        this.caches = caches;
        this.first = List.copyOf(first);
        this.firstWithOneDnn = firstWithOneDnn;
        this.afterFallback = afterFallback == null ? null : List.copyOf(afterFallback);
        this.oneDnnEnabled = oneDnnEnabled;
        this.micros = micros;
    }

    /** Whether the engine computes the checked convolutions correctly now (after any fallback). */
    public boolean ok() {
        return allOk(afterFallback == null ? first : afterFallback);
    }

    /** Whether oneDNN was found wrong here and turned off for this process. */
    public boolean fellBack() {
        return afterFallback != null;
    }

    /** What was changed in oneDNN's cache sizes before the check (e.g. "L1 1 -> 49152, ... bytes"), or {@code null}. */
    public String repairedCacheSizes() {
        return caches.repaired() ? caches.text() : null;
    }

    private String oneDnnState() {
        return switchProblem != null
                ? "as PyTorch chose, its switch being unavailable: " + switchProblem
                : oneDnnEnabled ? "on" : "off";
    }

    /** Whether PyTorch may use its oneDNN kernels in this process (as far as its switch tells). */
    public boolean oneDnnEnabled() {
        return oneDnnEnabled;
    }

    /** How long the check took, in microseconds. */
    public long micros() {
        return micros;
    }

    /** E.g. {@code "AMD EPYC (AuthenticAMD family 26 model 2), 2 cores"}. */
    public String cpu() {
        return cpu;
    }

    /** The CPU and the native libraries, for reports and test failure messages. */
    public String environment() {
        return "CPU " + cpu + "; " + libraries + "; oneDNN " + oneDnnState();
    }

    /** One line: right or fallen back, and on what. */
    public String summary() {
        if (!ok()) {
            return "WRONG: PyTorch computes wrong convolutions here ("
                    + firstWrong(afterFallback == null ? first : afterFallback) + "); training is refused";
        }
        if (fellBack()) {
            return "right after a fallback: PyTorch's oneDNN kernels were wrong here (" + firstWrong(first)
                    + "), so they are off in this process (every trainer process checks at start); PyTorch's own kernels are right";
        }
        if (caches.repaired()) {
            return "right after a repair: oneDNN had absurd cache sizes here (" + caches.text() + " after the repair);"
                    + " every checked convolution then matches the float64 loop, with oneDNN on";
        }
        return "right: every checked convolution matches the float64 loop (oneDNN " + oneDnnState() + ")";
    }

    /** The whole report: environment, each case's errors before and after any fallback, and the verdict. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append("CPU:       ").append(cpu).append('\n');
        s.append("libraries: ").append(libraries).append('\n');
        s.append("caches:    oneDNN's cache sizes ")
                .append(caches.repaired() ? "repaired: " : "")
                .append(caches.text())
                .append('\n');
        s.append(String.format(
                "check:     %d conv2d cases x %d runs, forward, d/dx and d/dw against a float64 loop;"
                        + " error = max |engine - float64| / max(1, max |float64|), tolerance %.0e; %.1f ms%n",
                ArithmeticCheck.CASES.size(), ArithmeticCheck.REPEATS, ArithmeticCheck.TOLERANCE, micros / 1000.0));
        table(s, firstWithOneDnn ? "with oneDNN" : "with oneDNN off", first);
        if (afterFallback != null) {
            table(s, "with oneDNN off", afterFallback);
        }
        s.append("verdict:   ").append(summary()).append('\n');
        return s.toString();
    }

    private static void table(StringBuilder s, String title, List<ArithmeticCheck.Result> results) {
        s.append('\n').append(title).append(":\n");
        s.append(String.format("  %-46s %10s %10s %10s%n", "case", "forward", "d/dx", "d/dw"));
        for (ArithmeticCheck.Result r : results) {
            s.append(String.format(
                    "  %-46s %10.2e %10.2e %10.2e  %s%n", r.c(), r.forward(), r.dx(), r.dw(), r.ok() ? "ok" : "WRONG"));
        }
    }

    static boolean allOk(List<ArithmeticCheck.Result> results) {
        return results.stream().allMatch(ArithmeticCheck.Result::ok);
    }

    /** The first wrong case and how many there were, e.g. "conv2d x(2,3,4,5) ...: d/dx off by 6.02; 5 of 8 cases wrong". */
    static String firstWrong(List<ArithmeticCheck.Result> results) {
        List<ArithmeticCheck.Result> wrong =
                results.stream().filter(r -> !r.ok()).toList();
        if (wrong.isEmpty()) {
            return "no case wrong";
        }
        return wrong.get(0).c() + ": " + wrong.get(0).worst() + "; " + wrong.size() + " of " + results.size()
                + " cases wrong";
    }
}
