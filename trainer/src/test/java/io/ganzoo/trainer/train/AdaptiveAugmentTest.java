package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.trainer.data.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ADA's controller of the augmentation probability against a float64 loop, in a run, on resume, and its refusals. */
class AdaptiveAugmentTest {
    @TempDir
    Path dir;

    /**
     * The reference: ADA's training_loop.py in float64: every 4 D updates, p += sign(mean r_t - target) x batch x 4 /
     * speed, then p = max(p, 0) (and here also min(p, 1)).
     */
    static double[] reference(float[] rts, double startP, double target, int batch, long speed) {
        double[] ps = new double[rts.length];
        double p = startP;
        double sum = 0;
        int count = 0;
        for (int i = 0; i < rts.length; i++) {
            sum += rts[i];
            count++;
            if (count == 4) {
                double mean = sum / 4;
                double sign = mean > target ? 1 : mean < target ? -1 : 0;
                p = Math.min(1, Math.max(0, p + sign * batch * 4.0 / speed));
                sum = 0;
                count = 0;
            }
            ps[i] = p;
        }
        return ps;
    }

    /** r_t as a D update gives it: the mean sign over a batch of 64, so a multiple of 1/32 in [-1, 1]. */
    static float[] batchMeans(int n, double bias, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int positive = 0;
            for (int j = 0; j < 64; j++) {
                positive += r.nextDouble() < bias ? 1 : 0;
            }
            out[i] = (2f * positive - 64) / 64;
        }
        return out;
    }

    @Test
    void adjustmentsEqualAFloat64Loop() {
        // 600 updates: D memorises (r_t ~0.9, p climbs to 1 and stays), then it cannot tell (r_t ~0, p falls to 0)
        float[] rts = new float[600];
        System.arraycopy(batchMeans(300, 0.95, 1), 0, rts, 0, 300);
        System.arraycopy(batchMeans(300, 0.5, 2), 0, rts, 300, 300);
        int batch = 64;
        long speed = 64 * 4 * 50; // 50 adjustments cross [0, 1]
        double[] expected = reference(rts, 0.2, 0.6, batch, speed);
        try (NDManager m = NDManager.newBaseManager();
                AdaptiveAugment ada = new AdaptiveAugment(0.6f, speed, batch, 0.2f, m)) {
            for (int i = 0; i < rts.length; i++) {
                ada.observe(rts[i]);
                assertEquals(expected[i], ada.probability(), 1e-5, "p after update " + i);
            }
        }
        assertEquals(1.0, expected[299], "the reference reaches the top");
        assertEquals(0.0, expected[599], "and the bottom");
        // a mean exactly at the target leaves p where it is
        try (NDManager m = NDManager.newBaseManager();
                AdaptiveAugment ada = new AdaptiveAugment(0.5f, 1000, 64, 0.3f, m)) {
            for (int i = 0; i < 40; i++) {
                ada.observe(0.5f);
            }
            assertEquals(0.3f, ada.probability());
        }
        // nothing moves before the 4th update of an interval
        try (NDManager m = NDManager.newBaseManager();
                AdaptiveAugment ada = new AdaptiveAugment(0.6f, 64 * 4 * 10, 64, 0.5f, m)) {
            for (int i = 0; i < 3; i++) {
                ada.observe(1f);
                assertEquals(0.5f, ada.probability());
            }
            ada.observe(1f);
            assertEquals(0.6f, ada.probability(), 1e-7);
        }
    }

    @Test
    void valuesOutOfRangeAreRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> new AdaptiveAugment(1f, 500_000, 64, 0, m));
            assertThrows(IllegalArgumentException.class, () -> new AdaptiveAugment(Float.NaN, 500_000, 64, 0, m));
            assertThrows(IllegalArgumentException.class, () -> new AdaptiveAugment(0.6f, 0, 64, 0, m));
            assertThrows(IllegalArgumentException.class, () -> new AdaptiveAugment(0.6f, 500_000, 64, 1.5f, m));
            try (AdaptiveAugment ada = new AdaptiveAugment(0.6f, 500_000, 64, 0, m)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ada.observe(Float.NaN));
                assertTrue(e.getMessage().contains("r_t"), e.getMessage());
            }
        }
        TrainConfig tiny = TinyConfigs.tiny(4);
        IllegalArgumentException noAugment = assertThrows(
                IllegalArgumentException.class,
                () -> tiny.toBuilder().augmentTarget(0.6f).build());
        assertTrue(noAugment.getMessage().contains("augmentTarget: expected an augmentation"), noAugment.getMessage());
        IllegalArgumentException critic = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.wgan(Lipschitz.GP)
                        .augment("translation")
                        .augmentTarget(0.6f)
                        .build());
        assertTrue(
                critic.getMessage().contains("r_t") && critic.getMessage().contains("wasserstein"),
                critic.getMessage());
        IllegalArgumentException range = assertThrows(
                IllegalArgumentException.class,
                () -> tiny.toBuilder()
                        .augment("translation")
                        .augmentTarget(1.2f)
                        .build());
        assertTrue(range.getMessage().contains("(0, 1)") && range.getMessage().contains("1.2"), range.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> tiny.toBuilder()
                        .augment("translation")
                        .augmentTarget(0.6f)
                        .augmentSpeed(0)
                        .build());
    }

    @Test
    void aRunMovesPByItsOwnRtAndResumesExactly() throws Exception {
        // a low target, so the young D's r_t is above it and p climbs; 0.05 per adjustment
        TrainConfig c = TinyConfigs.tiny(26).toBuilder()
                .augment("translation,cutout")
                .augmentP(0.1f)
                .augmentTarget(0.05f)
                .augmentSpeed(16 * 4 * 20)
                .checkpointEvery(10) // 10 is mid-interval (updates 8..11): the partial sum must survive the stop
                .build();
        Path straight = dir.resolve("straight");
        GeneratorEmaTest.resumesExactly(c, straight, dir.resolve("stopped"));
        Checkpoint b = Checkpoint.load(straight);
        assertTrue(b.names().contains(AdaptiveAugment.STATE), b.names().toString());

        // metrics.jsonl: each step's p is the one the float64 loop makes of the r_t of the steps before it
        List<String> lines = Files.readAllLines(straight.resolve(MetricsLog.FILE));
        assertEquals(26, lines.size());
        float[] rts = new float[lines.size()];
        float[] ps = new float[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            JsonObject o = JsonParser.parseString(lines.get(i)).getAsJsonObject();
            rts[i] = o.get("rt").getAsFloat();
            ps[i] = o.get("augmentP").getAsFloat();
        }
        double[] after = reference(rts, 0.1, 0.05, 16, 16 * 4 * 20);
        assertEquals(0.1f, ps[0], "the first step runs at --augment-p");
        for (int i = 1; i < ps.length; i++) {
            assertEquals(after[i - 1], ps[i], 1e-5, "p of step " + (i + 1));
        }
        assertTrue(ps[ps.length - 1] != ps[0], "p moved: " + java.util.Arrays.toString(ps));
        float[] state = b.values(AdaptiveAugment.STATE);
        assertEquals(after[after.length - 1], state[0], 1e-5, "the checkpoint's p");
        assertEquals(26 % 4, state[2], "updates in the open interval");

        // a fixed probability keeps no controller state, and its metrics show the fixed p
        TrainConfig fixed =
                TinyConfigs.tiny(3).toBuilder().augment("cutout").augmentP(0.3f).build();
        Path plain = dir.resolve("fixed");
        new GanTrainer(fixed, SyntheticData.rectangles(128, 28, 2), plain, null).train(false);
        assertTrue(!Checkpoint.load(plain).names().contains(AdaptiveAugment.STATE));
        for (String line : Files.readAllLines(plain.resolve(MetricsLog.FILE))) {
            assertEquals(
                    0.3f,
                    JsonParser.parseString(line)
                            .getAsJsonObject()
                            .get("augmentP")
                            .getAsFloat());
        }
    }
}
