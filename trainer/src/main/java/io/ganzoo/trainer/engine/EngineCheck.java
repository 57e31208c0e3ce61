package io.ganzoo.trainer.engine;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The start-up check and its remedies, apart from the engine it checks so that a test can hand it wrong results:
 * repair oneDNN's cache sizes where they are absurd ({@link CacheSizes}), run {@link ArithmeticCheck}; where it fails
 * with oneDNN on, turn oneDNN off and check again; say once what was done; refuse when the engine is still wrong.
 */
final class EngineCheck {
    /** {@code auto}: keep oneDNN where it is right (the default); {@code off}: never use it. */
    enum Mode {
        AUTO,
        OFF
    }

    static final String PROPERTY = "ganzoo.onednn";
    static final String ENV = "GANZOO_ONEDNN";
    /** {@code -Dganzoo.onednn.repair=false}: skip the cache-size repair (diagnostics and tests of the fallback). */
    static final String REPAIR_PROPERTY = "ganzoo.onednn.repair";

    private final ArithmeticCheck.Convolutions engine;
    private final OneDnn oneDnn;
    private final CacheSizes caches;
    private final String cpu;
    private final String libraries;
    private final PrintStream warnings;

    EngineCheck(
            ArithmeticCheck.Convolutions engine,
            OneDnn oneDnn,
            CacheSizes caches,
            String cpu,
            String libraries,
            PrintStream warnings) {
        this.engine = engine;
        this.oneDnn = oneDnn;
        this.caches = caches;
        this.cpu = cpu;
        this.libraries = libraries;
        this.warnings = warnings;
    }

    /**
     * The mode from {@code -Dganzoo.onednn} or {@code GANZOO_ONEDNN} (the property wins; a blank one counts as unset);
     * {@code auto} when neither is set. Both are checked when both are set.
     *
     * @throws IllegalArgumentException naming the setting when a value is neither auto nor off
     */
    static Mode mode(String property, String env) {
        Mode fromEnv = parse(env, ENV);
        Mode fromProperty = parse(property, "-D" + PROPERTY);
        return fromProperty != null ? fromProperty : fromEnv != null ? fromEnv : Mode.AUTO;
    }

    private static Mode parse(String value, String setting) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " should be auto or off, found '" + printable(value) + "'");
        }
    }

    /**
     * {@code -Dganzoo.onednn.repair}: on (default, also when blank) or off, in the words every ganzoo switch takes
     * ({@link io.ganzoo.zoo.Settings#parseFlag}: true/1/yes/on, false/0/no/off, any case).
     *
     * @throws IllegalArgumentException for any other value, naming the accepted words
     */
    static boolean repair(String property) {
        if (property == null || property.isBlank()) {
            return true;
        }
        Boolean b = io.ganzoo.zoo.Settings.parseFlag(property);
        if (b == null) {
            throw new IllegalArgumentException("-D" + REPAIR_PROPERTY + " should be one of "
                    + String.join("/", io.ganzoo.zoo.Settings.TRUE_WORDS) + " or "
                    + String.join("/", io.ganzoo.zoo.Settings.FALSE_WORDS) + " (any case), found '"
                    + printable(property) + "'");
        }
        return b;
    }

    /** {@code s} with control characters shown as escapes, for error messages that quote a user's setting. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    Verdict run(Mode mode) {
        long t0 = System.nanoTime();
        CacheSizes.Status sizes = new CacheSizes.Status(false, "not checked (oneDNN off)");
        if (mode == Mode.OFF) {
            if (!oneDnn.available()) {
                throw new EngineCheckException(ENV + " / -D" + PROPERTY + " asks for oneDNN off, but PyTorch's switch"
                        + " for it cannot be used here: " + oneDnn.why() + ". Unset it to let the check decide.");
            }
            oneDnn.setEnabled(false);
        } else {
            // one right-shaped convolution builds oneDNN's CPU description; repair it before any case it would get
            // wrong
            ArithmeticCheck.check(engine, ArithmeticCheck.CONTROL, new SplittableRandom(1));
            sizes = caches.repairIfBroken();
        }
        boolean firstWithOneDnn = oneDnn.available() ? oneDnn.enabled() : mode == Mode.AUTO;
        List<ArithmeticCheck.Result> first = ArithmeticCheck.run(engine);
        if (Verdict.allOk(first)) {
            if (sizes.repaired()) {
                say("oneDNN (inside libtorch) had read this CPU's cache sizes as absurd (the VM hides CPUID leaf"
                        + " 0x8000001D), which makes it compute wrong convolutions; set them for this process: "
                        + sizes.text()
                        + ". Every checked convolution is then right, with oneDNN at full speed.");
            }
            return new Verdict(
                    cpu,
                    libraries,
                    sizes,
                    first,
                    firstWithOneDnn,
                    null,
                    !oneDnn.available() || oneDnn.enabled(),
                    micros(t0),
                    oneDnn.why());
        }
        if (!oneDnn.available() || !oneDnn.enabled()) {
            throw refuse(first, null);
        }
        oneDnn.setEnabled(false);
        List<ArithmeticCheck.Result> second = ArithmeticCheck.run(engine);
        if (!Verdict.allOk(second)) {
            throw refuse(first, second);
        }
        say("PyTorch's oneDNN kernels compute wrong convolutions on this CPU (" + cpu + "): "
                + Verdict.firstWrong(first)
                + (sizes.repaired() ? " (even after setting its cache sizes: " + sizes.text() + ")" : "")
                + ". Turned oneDNN off for this process: PyTorch's own kernels are right here (checked again), but"
                + " training is several times slower. `ganzoo-trainer check` prints the details.");
        return new Verdict(cpu, libraries, sizes, first, true, second, false, micros(t0), null);
    }

    private void say(String line) {
        warnings.println("ganzoo: " + line);
        warnings.flush();
    }

    private EngineCheckException refuse(List<ArithmeticCheck.Result> first, List<ArithmeticCheck.Result> second) {
        String what;
        if (second != null) {
            what = "with oneDNN on (" + Verdict.firstWrong(first) + ") and with it off (" + Verdict.firstWrong(second)
                    + ")";
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
