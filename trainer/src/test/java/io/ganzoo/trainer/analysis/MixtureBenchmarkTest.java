package io.ganzoo.trainer.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 2-D mixtures, their scores, and a short real training run. */
class MixtureBenchmarkTest {
    @TempDir
    Path dir;

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

    @Test
    void aSuiteRunsEveryMixtureWithEveryLossAndPlotsTheFirstSeed() throws Exception {
        var suite = new MixtureBenchmark.Suite(List.of("ring"), List.of("minimax", "wgan-gp"), 2, 4, 2, 32, 8, 1e-3f);
        assertEquals(4, suite.runs());
        StringWriter progress = new StringWriter();
        Path plots = dir.resolve("plots");
        MixtureBenchmark.Report r = MixtureBenchmark.run(suite, plots, new PrintWriter(progress));
        List<String> rows = r.table().lines().toList();
        assertEquals(4, rows.size(), r.table());
        assertTrue(rows.get(2).startsWith("| ring | minimax |") && rows.get(3).startsWith("| ring | wgan-gp |"));
        assertTrue(r.table().endsWith(" | 2 |\n"), r.table());
        assertEquals(4, progress.toString().lines().count(), progress.toString());
        assertTrue(progress.toString().startsWith("[1/4] ring minimax seed 1: "), progress.toString());
        assertEquals(4, ((List<?>) r.json().get("runs")).size());
        assertEquals(2, r.json().get("wganSteps"));
        Map<?, ?> first = (Map<?, ?>) ((List<?>) r.json().get("runs")).get(0);
        assertEquals(
                List.of("mixture", "loss", "seed", "modes"),
                List.copyOf(first.keySet()).subList(0, 4));
        assertTrue(Files.isRegularFile(plots.resolve("mixture-ring-minimax.png")));
        assertTrue(Files.isRegularFile(plots.resolve("mixture-ring-wgan-gp.png")));
    }

    /** Every name and number is checked before the folder is made or anything trains. */
    @Test
    void aSuiteIsCheckedBeforeAnythingIsMade() {
        Path plots = dir.resolve("never");
        PrintWriter progress = new PrintWriter(new StringWriter());
        for (var bad : List.of(
                new MixtureBenchmark.Suite(List.of("spiral"), List.of("hinge"), 0, 10, 10, 8, 8, 1e-3f),
                new MixtureBenchmark.Suite(List.of("spiral"), List.of("hinge"), 1, 10, 10, 8, 8, 1e-3f),
                new MixtureBenchmark.Suite(List.of("ring"), List.of("hinge"), 1, 10, 10, 8, 8, 1e-3f),
                new MixtureBenchmark.Suite(List.of("ring"), List.of("wgan-gp"), 1, 10, 0, 8, 8, 1e-3f))) {
            assertThrows(IllegalArgumentException.class, () -> MixtureBenchmark.run(bad, plots, progress));
        }
        assertEquals(
                "--seeds: expected at least 1, found 0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> MixtureBenchmark.run(
                                        new MixtureBenchmark.Suite(
                                                List.of("spiral"), List.of("hinge"), 0, 10, 10, 8, 8, 1e-3f),
                                        plots,
                                        progress))
                        .getMessage(),
                "the seeds first");
        assertTrue(Files.notExists(plots));
    }
}
