package io.ganzoo.trainer.engine;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The start-up check and its fallback, apart from the engine it checks so that a test can hand it wrong results:
 * run {@link ArithmeticCheck}; where it fails with oneDNN on, turn oneDNN off, say so once, check again; refuse when
 * the engine is still wrong.
 */
final class EngineCheck {
    /** {@code auto}: keep oneDNN where it is right (the default); {@code off}: never use it. */
    enum Mode { AUTO, OFF }

    static final String PROPERTY = "ganzoo.onednn";
    static final String ENV = "GANZOO_ONEDNN";

    private final ArithmeticCheck.Convolutions engine;
    private final OneDnn oneDnn;
    private final String cpu;
    private final String libraries;
    private final PrintStream warnings;

    EngineCheck(ArithmeticCheck.Convolutions engine, OneDnn oneDnn, String cpu, String libraries, PrintStream warnings) {
        this.engine = engine;
        this.oneDnn = oneDnn;
        this.cpu = cpu;
        this.libraries = libraries;
        this.warnings = warnings;
    }

    /** The mode from {@code -Dganzoo.onednn} or {@code GANZOO_ONEDNN}; {@code auto} when neither is set. */
    static Mode mode(String property, String env) {
        String value = property != null ? property : env;
        if (value == null || value.isBlank()) {
            return Mode.AUTO;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((property != null ? "-D" + PROPERTY : ENV) + " should be auto or off,"
                    + " found '" + value + "'");
        }
    }

    Verdict run(Mode mode) {
        long t0 = System.nanoTime();
        if (mode == Mode.OFF && oneDnn.available()) {
            oneDnn.setEnabled(false);
        }
        boolean firstWithOneDnn = oneDnn.available() ? oneDnn.enabled() : mode == Mode.AUTO;
        List<ArithmeticCheck.Result> first = ArithmeticCheck.run(engine);
        if (Verdict.allOk(first)) {
            return new Verdict(cpu, libraries, first, firstWithOneDnn, null, oneDnn.available() && oneDnn.enabled(),
                    micros(t0));
        }
        if (!oneDnn.available() || !oneDnn.enabled()) {
            throw refuse(first, null);
        }
        oneDnn.setEnabled(false);
        List<ArithmeticCheck.Result> second = ArithmeticCheck.run(engine);
        if (!Verdict.allOk(second)) {
            throw refuse(first, second);
        }
        warnings.println("ganzoo: PyTorch's oneDNN kernels compute wrong convolutions on this CPU (" + cpu + "): "
                + Verdict.firstWrong(first) + ". Turned oneDNN off for this process: PyTorch's own kernels are right"
                + " here (checked again), at some cost in speed. `ganzoo-trainer check` prints the details.");
        warnings.flush();
        return new Verdict(cpu, libraries, first, true, second, false, micros(t0));
    }

    private EngineCheckException refuse(List<ArithmeticCheck.Result> first, List<ArithmeticCheck.Result> second) {
        String what;
        if (second != null) {
            what = "with oneDNN on (" + Verdict.firstWrong(first) + ") and with it off (" + Verdict.firstWrong(second) + ")";
        } else if (!oneDnn.available()) {
            what = "(" + Verdict.firstWrong(first) + "), and oneDNN could not be turned off: " + oneDnn.why();
        } else {
            what = "with oneDNN off (" + Verdict.firstWrong(first) + ")";
        }
        return new EngineCheckException("PyTorch computes wrong convolutions on this CPU (" + cpu + "; " + libraries
                + ") " + what + ". Training here would end in NaN losses or a quietly worse model, so ganzoo refuses"
                + " to train. Run `ganzoo-trainer check` for the full report and file it with the project; starting the"
                + " JVM with ONEDNN_MAX_CPU_ISA=SSE41 in the environment has fixed oneDNN on such machines.");
    }

    private static long micros(long t0) {
        return (System.nanoTime() - t0) / 1000;
    }
}
