package io.ganzoo.trainer.analysis;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 2-D mixtures, their scores, and a short real training run. */
class MixtureBenchmarkTest {

    @Test
    void realSamplesScoreAsPerfectAndOneModeScoresAsCollapsed() {
        for (Mixture m : new Mixture[] {Mixture.ring(), Mixture.grid()}) {
            int k = m.modes().length;
            Mixture.Score real = m.score(m.sample(2500, new SplittableRandom(1)));
            assertEquals(k, real.modes(), m.name());
            assertEquals(k, real.modesStrict(), m.name());
            // a disc of 3 sd holds 1 - exp(-9/2) = 98.9% of an isotropic 2-D Gaussian
            assertEquals(0.989, real.highQuality(), 0.005, m.name() + " " + real);
            assertTrue(real.reverseKl() < 0.02, m.name() + " " + real);
            float[] one = new float[2 * 2500];
            for (int i = 0; i < 2500; i++) {
                one[2 * i] = (float) m.modes()[0][0];
                one[2 * i + 1] = (float) m.modes()[0][1];
            }
            Mixture.Score collapsed = m.score(one);
            assertEquals(1, collapsed.modes());
            assertEquals(1.0, collapsed.highQuality());
            assertEquals(Math.log(k), collapsed.reverseKl(), 1e-12);
            Mixture.Score nowhere = m.score(new float[] {100, 100, Float.NaN, 0});
            assertEquals(0, nowhere.modes());
            assertEquals(0, nowhere.highQuality());
        }
        assertThrows(IllegalArgumentException.class, () -> Mixture.named("spiral"));
    }

    @Test
    void aShortRunOfTheRelativisticLossSpreadsOverTheRing() {
        // 1,500 G steps: the samples must already reach most ring modes, fairly evenly (an untrained G puts all of
        // them within 0.1 of the origin, capturing none).
        MixtureBenchmark.Run r =
                MixtureBenchmark.run(Mixture.ring(), new MixtureBenchmark.Settings("rpgan", 1500, 256, 64, 1e-3f), 1);
        assertTrue(r.score().modes() >= 6, r.score().toString());
        assertTrue(r.score().reverseKl() < 0.5, r.score().toString());
        assertEquals(2 * MixtureBenchmark.EVAL_SAMPLES, r.samples().length);
        Mixture.Score untrained = MixtureBenchmark.run(
                        Mixture.ring(), new MixtureBenchmark.Settings("rpgan", 1, 256, 64, 1e-9f), 1)
                .score();
        assertEquals(0, untrained.modes(), untrained.toString());
    }

    @Test
    void aSeedDecidesTheRun() {
        MixtureBenchmark.Settings s = new MixtureBenchmark.Settings("wgan-gp", 20, 64, 16, 1e-3f);
        assertEquals(
                Arrays.toString(MixtureBenchmark.run(Mixture.grid(), s, 3).samples()),
                Arrays.toString(MixtureBenchmark.run(Mixture.grid(), s, 3).samples()));
    }

    @Test
    void scatterPlotMarksModesAndSamples() {
        Mixture m = Mixture.ring();
        byte[] png = MixtureBenchmark.scatter(m, m.sample(100, new SplittableRandom(2)), 200)
                .toPng();
        assertTrue(png.length > 100);
        assertEquals((byte) 0x89, png[0]);
    }

    @Test
    void schedulesDecayOverTheSecondHalf() {
        MixtureBenchmark.Settings s = new MixtureBenchmark.Settings("minimax", 100, 8, 8, 1e-3f);
        assertEquals(1e-3f, MixtureBenchmark.learningRate(s, 0));
        assertEquals(1e-3f, MixtureBenchmark.learningRate(s, 49));
        assertEquals(0.5e-3f, MixtureBenchmark.learningRate(s, 75), 1e-9);
        assertEquals(0.02e-3f, MixtureBenchmark.learningRate(s, 99), 1e-9);
    }
}
