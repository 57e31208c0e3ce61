package io.ganzoo.trainer.engine;

import io.ganzoo.console.ExitCode;
import io.ganzoo.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up check's decisions, with a float64 engine that can be told to be wrong (as libtorch's oneDNN is on VMs
 * that hide AMD's cache leaf) and a fake oneDNN switch.
 */
class EngineCheckTest {
    /** A oneDNN switch that only records its state. */
    static final class FakeSwitch implements OneDnn {
        boolean on = true;
        final boolean available;
        int turnedOff;

        FakeSwitch(boolean available) {
            this.available = available;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public String why() {
            return available ? null : "no libtorch_cpu library in /nowhere";
        }

        @Override
        public boolean enabled() {
            return on;
        }

        @Override
        public void setEnabled(boolean enabled) {
            if (!enabled && on) {
                turnedOff++;
            }
            on = enabled;
        }

        @Override
        public String version() {
            return "3.7.1";
        }

        @Override
        public String cpuCapability() {
            return "AVX512";
        }
    }

    /** The float64 loop rounded to float, with d/dx corrupted for channel counts oneDNN pads, when told to. */
    static ArithmeticCheck.Convolutions engine(BooleanSupplier wrong) {
        return (c, x, w, g) -> {
            double[][] r = ArithmeticCheck.reference(c, x, w, g);
            float[][] f = new float[3][];
            for (int i = 0; i < 3; i++) {
                f[i] = new float[r[i].length];
                for (int j = 0; j < r[i].length; j++) {
                    f[i][j] = (float) r[i][j];
                }
            }
            if (wrong.getAsBoolean() && c.cin() % 16 != 0) {
                f[1][0] += 6.0f; // a lost kernel tap, as seen on Zen 5 VMs
                f[1][f[1].length - 1] = Float.NaN;
            }
            return new ArithmeticCheck.Outputs(f[0], f[1], f[2]);
        };
    }

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    /** Cache sizes that are broken until repaired, or sane. */
    static final class FakeCaches implements CacheSizes {
        boolean broken;
        int repairs;

        FakeCaches(boolean broken) {
            this.broken = broken;
        }

        @Override
        public Status repairIfBroken() {
            if (!broken) {
                return new Status(false, "L1 49152, L2 1048576, L3 33554432 bytes: sane");
            }
            broken = false;
            repairs++;
            return new Status(true, "L1 1 -> 49152, L2 1 -> 1048576, L3 1 -> 33554432 bytes");
        }
    }

    private EngineCheck check(ArithmeticCheck.Convolutions engine, OneDnn sw) {
        return check(engine, sw, CacheSizes.NONE);
    }

    private EngineCheck check(ArithmeticCheck.Convolutions engine, OneDnn sw, CacheSizes caches) {
        return new EngineCheck(
                engine,
                sw,
                caches,
                "AMD EPYC (AuthenticAMD family 26 model 2), 2 cores",
                "libtorch 2.7.1 in /t",
                new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private String warnings() {
        return warnings.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rightEngineKeepsOneDnnAndSaysNothing() {
        FakeSwitch sw = new FakeSwitch(true);
        Verdict v = check(engine(() -> false), sw).run(EngineCheck.Mode.AUTO);
        assertTrue(v.ok());
        assertFalse(v.fellBack());
        assertTrue(v.oneDnnEnabled());
        assertTrue(sw.on, "oneDNN is faster: kept where it is right");
        assertEquals("", warnings());
        assertTrue(v.summary().startsWith("right: every checked convolution"), v.summary());
        assertTrue(
                v.report().contains("caches:    oneDNN's cache sizes not checked (-Dganzoo.onednn.repair=false)"),
                v.report());
    }

    @Test
    void wrongOneDnnIsTurnedOffOnceWithAPlainWarningAndCheckedAgain() {
        FakeSwitch sw = new FakeSwitch(true);
        Verdict v = check(engine(() -> sw.on), sw).run(EngineCheck.Mode.AUTO);
        assertTrue(v.ok(), "right after the fallback");
        assertTrue(v.fellBack());
        assertFalse(v.oneDnnEnabled());
        assertFalse(sw.on);
        assertEquals(1, sw.turnedOff);
        String w = warnings();
        assertEquals(1, w.lines().count(), w);
        assertTrue(
                w.contains("oneDNN kernels compute wrong convolutions on this CPU (AMD EPYC (AuthenticAMD family 26"
                        + " model 2)"),
                w);
        assertTrue(w.contains("conv2d x(2,3,4,5) w(2,3,3,3) stride 1 pad 1: d/dx NaN"), w);
        assertTrue(w.contains("Turned oneDNN off for this process"), w);
        String report = v.report();
        assertTrue(report.contains("with oneDNN:") && report.contains("with oneDNN off:"), report);
        assertTrue(report.contains("WRONG") && report.contains("right after a fallback"), report);
    }

    @Test
    void absurdCacheSizesAreRepairedFirstAndOneDnnStaysOn() {
        FakeSwitch sw = new FakeSwitch(true);
        FakeCaches caches = new FakeCaches(true);
        Verdict v = check(engine(() -> sw.on && caches.broken), sw, caches).run(EngineCheck.Mode.AUTO);
        assertTrue(v.ok());
        assertFalse(v.fellBack());
        assertTrue(v.oneDnnEnabled(), "full speed: oneDNN kept");
        assertEquals(1, caches.repairs);
        assertEquals(0, sw.turnedOff);
        assertEquals("L1 1 -> 49152, L2 1 -> 1048576, L3 1 -> 33554432 bytes", v.repairedCacheSizes());
        String w = warnings();
        assertEquals(1, w.lines().count(), w);
        assertTrue(w.startsWith("ganzoo: oneDNN (inside libtorch) had read this CPU's cache sizes as absurd"), w);
        assertTrue(v.summary().startsWith("right after a repair"), v.summary());
        assertTrue(v.report().contains("caches:    oneDNN's cache sizes repaired: L1 1 -> 49152"), v.report());
    }

    @Test
    void repairThatDoesNotHelpFallsBackToOneDnnOff() {
        FakeSwitch sw = new FakeSwitch(true);
        FakeCaches caches = new FakeCaches(true);
        Verdict v = check(engine(() -> sw.on), sw, caches).run(EngineCheck.Mode.AUTO);
        assertTrue(v.ok());
        assertTrue(v.fellBack());
        assertFalse(sw.on);
        assertTrue(warnings().contains("(even after setting its cache sizes: L1 1 -> 49152"), warnings());
    }

    @Test
    void offModeNeitherRepairsNorUsesOneDnn() {
        FakeSwitch sw = new FakeSwitch(true);
        FakeCaches caches = new FakeCaches(true);
        Verdict v = check(engine(() -> sw.on), sw, caches).run(EngineCheck.Mode.OFF);
        assertTrue(v.ok());
        assertEquals(0, caches.repairs);
        assertFalse(v.oneDnnEnabled());
    }

    /** Xbyak's Cpu object as dumped from libtorch 2.7.1 on an AMD EPYC (Zen 5) VM: the sizes are found by shape. */
    @Test
    void xbyakCacheFieldsAreFoundByTheirShapeOnly() {
        int[] healthy = {
            2130245631,
            -939684034,
            50339848,
            0,
            1,
            1,
            2,
            49152,
            1048576,
            33554432,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            1,
            1,
            2,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            3,
            0,
            2,
            15,
            1,
            0,
            11,
            26,
            2,
            1,
            0,
            4096,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0
        };
        assertEquals(7, CacheSizes.Xbyak.find(healthy));
        int[] broken = healthy.clone();
        broken[7] = 1;
        broken[8] = 1;
        broken[9] = 1;
        assertEquals(7, CacheSizes.Xbyak.find(broken));
        int[] unknown = healthy.clone();
        unknown[27] = 0; // no level count where one belongs: leave memory alone
        assertEquals(-1, CacheSizes.Xbyak.find(unknown));
        int[] ambiguous = new int[64]; // two places of that shape: leave memory alone
        for (int at : new int[] {0, 30}) {
            ambiguous[at] = 5;
            ambiguous[at + 10] = 1;
            ambiguous[at + 20] = 1;
        }
        assertEquals(-1, CacheSizes.Xbyak.find(ambiguous));
        int[] sizes = CacheSizes.Xbyak.sizes(3);
        for (int size : sizes) {
            assertTrue(size >= 4096, Arrays.toString(sizes));
        }
    }

    @Test
    void stillWrongWithOneDnnOffIsRefused() {
        FakeSwitch sw = new FakeSwitch(true);
        EngineCheckException e = assertThrows(
                EngineCheckException.class, () -> check(engine(() -> true), sw).run(EngineCheck.Mode.AUTO));
        assertFalse(sw.on, "the fallback was tried first");
        assertTrue(
                e.getMessage().startsWith("PyTorch computes wrong convolutions on this CPU (AMD EPYC"), e.getMessage());
        assertTrue(
                e.getMessage().contains("with oneDNN on (") && e.getMessage().contains("and with it off ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("ganzoo refuses to train"), e.getMessage());
        assertTrue(e.getMessage().contains("ganzoo-trainer check"), e.getMessage());
    }

    @Test
    void wrongWithoutASwitchIsRefusedWithTheReason() {
        FakeSwitch sw = new FakeSwitch(false);
        EngineCheckException e = assertThrows(
                EngineCheckException.class, () -> check(engine(() -> true), sw).run(EngineCheck.Mode.AUTO));
        assertTrue(
                e.getMessage().contains("oneDNN could not be turned off: no libtorch_cpu library in /nowhere"),
                e.getMessage());
    }

    @Test
    void offModeTurnsOneDnnOffBeforeChecking() {
        FakeSwitch sw = new FakeSwitch(true);
        Verdict v = check(engine(() -> sw.on), sw).run(EngineCheck.Mode.OFF);
        assertTrue(v.ok());
        assertFalse(v.fellBack(), "nothing wrong was seen: oneDNN was off from the start");
        assertFalse(v.oneDnnEnabled());
        assertEquals("", warnings());
    }

    @Test
    void modeComesFromThePropertyThenTheEnvironment() {
        assertEquals(EngineCheck.Mode.AUTO, EngineCheck.mode(null, null));
        assertEquals(EngineCheck.Mode.OFF, EngineCheck.mode(null, "off"));
        assertEquals(EngineCheck.Mode.AUTO, EngineCheck.mode("auto", "off"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> EngineCheck.mode("maybe", null));
        assertEquals("-Dganzoo.onednn should be auto or off, found 'maybe'", e.getMessage());
        assertEquals(EngineCheck.Mode.OFF, EngineCheck.mode("", "off"), "a blank property counts as unset");
        assertEquals(EngineCheck.Mode.OFF, EngineCheck.mode(" ", " OFF "));
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class, () -> EngineCheck.mode("off", "0"));
        assertEquals("GANZOO_ONEDNN should be auto or off, found '0'", env.getMessage(), "a bad value is never hidden");
        IllegalArgumentException control =
                assertThrows(IllegalArgumentException.class, () -> EngineCheck.mode(null, "\u001b[2Jx"));
        assertEquals("GANZOO_ONEDNN should be auto or off, found '\\u001b[2Jx'", control.getMessage());
    }

    @Test
    void anUnusableSwitchIsReportedNotMistakenForOneDnnOff() {
        Verdict v = check(engine(() -> false), new FakeSwitch(false)).run(EngineCheck.Mode.AUTO);
        assertTrue(v.ok());
        assertTrue(
                v.summary()
                        .endsWith("(oneDNN as PyTorch chose, its switch being unavailable: no libtorch_cpu library"
                                + " in /nowhere)"),
                v.summary());
    }

    /** Both CLIs' mapping: a refusal is exit 6 with one line naming the problem. */
    @Test
    void aRefusalIsExitCodeSixWithOneLine() throws Exception {
        CommandLine cl = TrainerCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cl.parseArgs("check");
        int code = cl.getExecutionExceptionHandler()
                .handleExecutionException(
                        new EngineCheckException("PyTorch computes wrong convolutions on this CPU (test)"), cl, parsed);
        assertEquals(ExitCode.ENGINE.code(), code);
        assertEquals(6, code);
        assertEquals(
                "error: PyTorch computes wrong convolutions on this CPU (test)",
                err.toString().strip());
    }

    /** Every ganzoo switch takes the same words (issue 25): this one took only true/false. */
    @Test
    void repairSettingTakesTheWordsOfEverySwitch() {
        assertTrue(EngineCheck.repair(null));
        assertTrue(EngineCheck.repair(""));
        assertTrue(EngineCheck.repair(" TRUE "));
        assertTrue(EngineCheck.repair("yes"));
        assertTrue(EngineCheck.repair("On"));
        assertFalse(EngineCheck.repair("false"));
        assertFalse(EngineCheck.repair("0"));
        assertFalse(EngineCheck.repair("no"));
        for (String bad : new String[] {"garbage", "2", "disabled"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EngineCheck.repair(bad));
            assertEquals(
                    "-Dganzoo.onednn.repair should be one of true/1/yes/on or false/0/no/off (any case), found '" + bad
                            + "'",
                    e.getMessage());
        }
    }

    @Test
    void offModeWithoutASwitchIsRefusedNotIgnored() {
        FakeSwitch sw = new FakeSwitch(false);
        EngineCheckException e = assertThrows(
                EngineCheckException.class, () -> check(engine(() -> false), sw).run(EngineCheck.Mode.OFF));
        assertTrue(
                e.getMessage()
                        .startsWith("GANZOO_ONEDNN / -Dganzoo.onednn asks for oneDNN off, but PyTorch's switch"
                                + " for it cannot be used here: no libtorch_cpu library in /nowhere"),
                e.getMessage());
    }

    @Test
    void errorsAreRelativeAndNaNIsWrong() {
        assertEquals(0.5, ArithmeticCheck.error(new double[] {1, -4}, new float[] {1, -2}), 1e-12); // 2 / 4
        assertEquals(0.25, ArithmeticCheck.error(new double[] {0.5, 0}, new float[] {0.25f, 0.25f}), 1e-12); // scale 1
        assertTrue(Double.isNaN(ArithmeticCheck.error(new double[] {1}, new float[] {Float.NaN})));
        assertTrue(Double.isNaN(ArithmeticCheck.error(new double[] {1, 2}, new float[] {1})));
        ArithmeticCheck.Case c = ArithmeticCheck.CASES.get(0);
        assertFalse(new ArithmeticCheck.Result(c, 0, Double.NaN, 0).ok());
        assertTrue(new ArithmeticCheck.Result(c, 1e-7, 1e-7, 1e-7).ok());
    }

    /** The float64 loop itself, against finite differences of sum(conv(x, w) * g) in x and w. */
    @Test
    void referenceGradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(1);
        for (ArithmeticCheck.Case c : List.of(ArithmeticCheck.CASES.get(4), ArithmeticCheck.CASES.get(5))) {
            float[] x = new float[c.n() * c.cin() * c.h() * c.w()];
            float[] w = new float[c.cout() * c.cin() * c.k() * c.k()];
            float[] g = new float[c.n() * c.cout() * c.outH() * c.outW()];
            for (float[] a : new float[][] {x, w, g}) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) (r.nextDouble() * 2 - 1);
                }
            }
            double[][] ref = ArithmeticCheck.reference(c, x, w, g);
            for (int trial = 0; trial < 5; trial++) {
                int xi = r.nextInt(x.length);
                int wi = r.nextInt(w.length);
                assertEquals(ref[1][xi], finiteDifference(c, x, w, g, x, xi), 1e-3, c + " d/dx[" + xi + "]");
                assertEquals(ref[2][wi], finiteDifference(c, x, w, g, w, wi), 1e-3, c + " d/dw[" + wi + "]");
            }
        }
    }

    private static double finiteDifference(ArithmeticCheck.Case c, float[] x, float[] w, float[] g, float[] v, int i) {
        float keep = v[i];
        float h = 1f / 64; // exact in float: the loss is linear in v[i]
        v[i] = keep + h;
        double up = dot(ArithmeticCheck.reference(c, x, w, g)[0], g);
        v[i] = keep - h;
        double down = dot(ArithmeticCheck.reference(c, x, w, g)[0], g);
        v[i] = keep;
        return (up - down) / (2 * h);
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
