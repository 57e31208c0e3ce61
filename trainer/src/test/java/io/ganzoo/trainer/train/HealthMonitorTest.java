package io.ganzoo.trainer.train;

import io.ganzoo.trainer.data.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthMonitorTest {
    @TempDir
    Path dir;

    static List<HealthMonitor.Warning> feed(HealthMonitor m, int steps, double lossD, double lossG, double real, double fake) {
        List<HealthMonitor.Warning> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            out.addAll(m.observe(s, lossD, lossG, real, fake));
        }
        return out;
    }

    @Test
    void balancedFiguresRaiseNothing() {
        HealthMonitor m = new HealthMonitor(NonSaturating.NAME);
        assertEquals(List.of(), feed(m, 3000, 0.8, 1.6, 0.72, 0.28));
        assertEquals(List.of(), m.observeDiversity(3000, 0.93));
    }

    @Test
    void dominantDiscriminatorIsReportedOncePerCooldown() {
        List<HealthMonitor.Warning> w = feed(new HealthMonitor(NonSaturating.NAME), 2500, 0.01, 7, 0.99, 0.005);
        assertEquals(3, w.size(), "at steps 100, 1100, 2100: " + w);
        assertEquals(HealthMonitor.Kind.D_OVERPOWERS_G, w.get(0).kind());
        assertEquals(100, w.get(0).step());
        assertTrue(w.get(0).message().contains("D(x) averaged 0.990 and D(G(z)) 0.005"), w.get(0).message());
    }

    @Test
    void fooledDiscriminatorAndGrowingLossesAndCollapseAreReported() {
        List<HealthMonitor.Warning> g = feed(new HealthMonitor(NonSaturating.NAME), 200, 1.5, 0.3, 0.5, 0.85);
        assertEquals(HealthMonitor.Kind.G_OVERPOWERS_D, g.get(0).kind());

        HealthMonitor m = new HealthMonitor(Wasserstein.NAME);
        List<HealthMonitor.Warning> d = new ArrayList<>(feed(m, 100, -1, 1, 0, 0));
        for (int s = 101; s <= 200; s++) {
            d.addAll(m.observe(s, -50, 40, 0, 0));
        }
        assertEquals(1, d.size(), d.toString());
        assertEquals(HealthMonitor.Kind.DIVERGING, d.get(0).kind());

        HealthMonitor h = new HealthMonitor(NonSaturating.NAME);
        assertEquals(List.of(), h.observeDiversity(100, 0.03), "a fresh generator is not a collapse");
        assertEquals(List.of(), h.observeDiversity(900, 0.85));
        List<HealthMonitor.Warning> c = h.observeDiversity(1800, 0.12);
        assertEquals(HealthMonitor.Kind.MODE_COLLAPSE, c.get(0).kind());
        assertTrue(c.get(0).message().contains("only 12% as varied"), c.get(0).message());
        List<HealthMonitor.Warning> stuck = new HealthMonitor(NonSaturating.NAME).observeDiversity(2500, 0.1);
        assertEquals(HealthMonitor.Kind.MODE_COLLAPSE, stuck.get(0).kind(), "still without variety after warm-up");
    }

    @Test
    void meanPairwiseDistanceIsZeroForCopiesAndPositiveOtherwise() {
        float[] same = {1, 2, 3, 1, 2, 3, 1, 2, 3};
        assertEquals(0, HealthMonitor.meanPairwiseDistance(same, 3, 3), 0);
        float[] two = {0, 0, 3, 4};
        assertEquals(5, HealthMonitor.meanPairwiseDistance(two, 2, 2), 1e-9);
    }

    @Test
    void aStarvedGeneratorTriggersTheWarningInARealRun() throws Exception {
        // D learns 100x faster than G: D soon separates real from fake and stays there.
        TrainConfig base = TinyConfigs.tiny(400);
        TrainConfig c = new TrainConfig(base.name(), base.version(), base.family(), base.objective(), base.dataset(),
                base.latentSize(), base.ngf(), base.ndf(), base.batchSize(), 1, 400, 1e-6f, 1e-2f, 0.5f, 0.999f,
                base.seed(), 0, 1000, "adam", 1, 0f, 0f, 0f);
        GanTrainer.Result r = new GanTrainer(c, SyntheticData.rectangles(256, 28, 1), dir.resolve("starved"), null)
                .train(false);
        assertTrue(r.warnings().stream().anyMatch(w -> w.kind() == HealthMonitor.Kind.D_OVERPOWERS_G), r.warnings().toString());

        // A generator with more capacity than its discriminator, D at half G's learning rate: no warning.
        TrainConfig h = new TrainConfig(base.name(), base.version(), base.family(), base.objective(), base.dataset(),
                base.latentSize(), 16, 4, base.batchSize(), 1, 400, 2e-4f, 1e-4f, 0.5f, 0.999f, base.seed(), 0, 1000,
                "adam", 1, 0f, 0f, 0f);
        GanTrainer.Result healthy = new GanTrainer(h, SyntheticData.rectangles(256, 28, 1), dir.resolve("healthy"), null)
                .train(false);
        assertEquals(List.of(), healthy.warnings());
    }
}
