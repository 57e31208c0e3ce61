package io.ganzoo.trainer.train;

import io.ganzoo.trainer.data.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthMonitorTest {
    @TempDir
    Path dir;

    static List<HealthMonitor.Warning> feed(
            HealthMonitor m, int steps, double lossD, double lossG, double real, double fake) {
        List<HealthMonitor.Warning> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            out.addAll(m.observe(s, lossD, lossG, real, fake));
        }
        return out;
    }

    @Test
    void balancedFiguresRaiseNothing() {
        HealthMonitor m = new HealthMonitor(ObjectiveType.NON_SATURATING);
        assertEquals(List.of(), feed(m, 3000, 0.8, 1.6, 0.72, 0.28));
        assertEquals(List.of(), m.observeDiversity(3000, 0.93));
    }

    @Test
    void dominantDiscriminatorIsReportedOncePerCooldown() {
        List<HealthMonitor.Warning> w =
                feed(new HealthMonitor(ObjectiveType.NON_SATURATING), 2500, 0.01, 7, 0.99, 0.005);
        assertEquals(3, w.size(), "at steps 100, 1100, 2100: " + w);
        assertEquals(HealthMonitor.Kind.D_OVERPOWERS_G, w.get(0).kind());
        assertEquals(100, w.get(0).step());
        assertTrue(
                w.get(0).message().contains("D(x) averaged 0.990 and D(G(z)) 0.005"),
                w.get(0).message());
    }

    @Test
    void fooledDiscriminatorAndGrowingLossesAndCollapseAreReported() {
        List<HealthMonitor.Warning> g = feed(new HealthMonitor(ObjectiveType.NON_SATURATING), 200, 1.5, 0.3, 0.5, 0.85);
        assertEquals(HealthMonitor.Kind.G_OVERPOWERS_D, g.get(0).kind());

        // A critic's loss that sits at -1, then climbs -3, -12: three rising windows, the last 12x the smallest.
        HealthMonitor m = new HealthMonitor(ObjectiveType.WASSERSTEIN);
        List<HealthMonitor.Warning> d = new ArrayList<>(feed(m, 100, -1, 500, 0, 0));
        double[] climb = {-3, -12};
        for (int w = 0; w < climb.length; w++) {
            for (int s = 1; s <= 100; s++) {
                d.addAll(m.observe(100 * (w + 1) + s, climb[w], 500, 0, 0));
            }
        }
        assertEquals(1, d.size(), d.toString());
        assertEquals(HealthMonitor.Kind.DIVERGING, d.get(0).kind());
        assertEquals(300, d.get(0).step());
        assertTrue(
                d.get(0).message().contains("grown from 1.00 to 12.0"), d.get(0).message());
        // The same growth that has stopped rising (a spike that falls back) is not a divergence.
        HealthMonitor spike = new HealthMonitor(ObjectiveType.NON_SATURATING);
        List<HealthMonitor.Warning> none = new ArrayList<>(feed(spike, 100, 1, 1, 0.6, 0.4));
        double[] up = {30, 2, 2};
        for (int w = 0; w < up.length; w++) {
            for (int s = 1; s <= 100; s++) {
                none.addAll(spike.observe(100 * (w + 1) + s, up[w], 1, 0.6, 0.4));
            }
        }
        assertEquals(List.of(), none);

        HealthMonitor h = new HealthMonitor(ObjectiveType.NON_SATURATING);
        assertEquals(List.of(), h.observeDiversity(100, 0.03), "a fresh generator is not a collapse");
        assertEquals(List.of(), h.observeDiversity(900, 0.85));
        List<HealthMonitor.Warning> c = h.observeDiversity(1800, 0.12);
        assertEquals(HealthMonitor.Kind.MODE_COLLAPSE, c.get(0).kind());
        assertTrue(c.get(0).message().contains("only 12% as varied"), c.get(0).message());
        List<HealthMonitor.Warning> stuck = new HealthMonitor(ObjectiveType.NON_SATURATING).observeDiversity(2500, 0.1);
        assertEquals(HealthMonitor.Kind.MODE_COLLAPSE, stuck.get(0).kind(), "still without variety after warm-up");
    }

    static List<HealthMonitor.Warning> feedRt(HealthMonitor m, int steps, float rt) {
        List<HealthMonitor.Warning> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            out.addAll(m.observeOverfitting(s, rt));
        }
        return out;
    }

    /** The message of the first warning of a run held at r_t {@code rt} and augmentation probability {@code p}. */
    static String feedRtAt(HealthMonitor m, int steps, float rt, float p) {
        for (int s = 1; s <= steps; s++) {
            List<HealthMonitor.Warning> w = m.observeOverfitting(s, rt, p);
            if (!w.isEmpty()) {
                return w.get(0).message();
            }
        }
        return "";
    }

    @Test
    void aDiscriminatorThatCallsNearlyEveryRealImageRealIsSaidToMemoriseAfterWarmUp() {
        HealthMonitor plain = new HealthMonitor(ObjectiveType.NON_SATURATING.create(), "");
        List<HealthMonitor.Warning> w = feedRt(plain, 3100, 0.97f);
        // never before the warm-up (a young D is sure of everything), then once per cooldown
        assertEquals(
                List.of(2000L, 3000L),
                w.stream().map(HealthMonitor.Warning::step).toList(),
                w.toString());
        assertEquals(HealthMonitor.Kind.D_OVERFITS, w.get(0).kind());
        String m = w.get(0).message();
        assertTrue(
                m.contains("called 99% of the real images real (r_t 0.97")
                        && m.contains("--augment translation,cutout"),
                m);
        // with augmentation already on, the advice is what it lacks
        String aug = feedRt(new HealthMonitor(ObjectiveType.HINGE.create(), "color"), 2000, 0.95f)
                .get(0)
                .message();
        assertTrue(aug.contains("(--augment color) is not enough"), aug);
        // the advice follows the augmentation probability: fixed below 1, adaptive rising, adaptive at its maximum
        String fixed = feedRtAt(new HealthMonitor(ObjectiveType.HINGE.create(), "cutout"), 2000, 0.95f, 0.3f);
        assertTrue(fixed.contains("--augment cutout at p 0.30") && fixed.contains("--augment-target 0.6"), fixed);
        String rising = feedRtAt(new HealthMonitor(ObjectiveType.HINGE.create(), "cutout", true), 2000, 0.95f, 0.45f);
        assertTrue(
                rising.contains("raising its probability (p 0.450 now)") && rising.contains("--augment-speed"), rising);
        String top = feedRtAt(new HealthMonitor(ObjectiveType.HINGE.create(), "cutout", true), 2000, 0.95f, 1f);
        assertTrue(top.contains("at its maximum"), top);
        // ADA's target, and objectives without r_t, raise nothing
        assertEquals(List.of(), feedRt(new HealthMonitor(ObjectiveType.NON_SATURATING.create(), ""), 5000, 0.6f));
        assertEquals(List.of(), feedRt(new HealthMonitor(ObjectiveType.WASSERSTEIN.create(), ""), 5000, Float.NaN));
        // the judgement is on the window's mean: 0.99 then a window of 0.5 clears it
        HealthMonitor recovering = new HealthMonitor(ObjectiveType.NON_SATURATING.create(), "");
        feedRt(recovering, 1900, 0.99f);
        List<HealthMonitor.Warning> late = new ArrayList<>();
        for (int s = 1901; s <= 2500; s++) {
            late.addAll(recovering.observeOverfitting(s, 0.5f));
        }
        assertEquals(List.of(), late);
    }

    @Test
    void meanPairwiseDistanceIsZeroForCopiesAndPositiveOtherwise() {
        float[] same = {1, 2, 3, 1, 2, 3, 1, 2, 3};
        assertEquals(0, HealthMonitor.meanPairwiseDistance(same, 3, 3), 0);
        float[] two = {0, 0, 3, 4};
        assertEquals(5, HealthMonitor.meanPairwiseDistance(two, 2, 2), 1e-9);
    }

    /** The tiny test configuration with other objective, widths, learning rates and steps. */
    static TrainConfig tiny(
            Family family, ObjectiveType objective, int ngf, int ndf, float lrG, float lrD, long steps) {
        return TinyConfigs.tiny(steps).toBuilder()
                .family(family)
                .objective(objective)
                .ngf(ngf)
                .ndf(ndf)
                .learningRates(lrG, lrD)
                .beta1(objective == ObjectiveType.WASSERSTEIN ? 0f : 0.5f)
                .checkpointEvery(1000)
                .build();
    }

    List<HealthMonitor.Warning> train(String run, TrainConfig c) throws Exception {
        return new GanTrainer(c, SyntheticData.rectangles(256, 28, 1), dir.resolve(run), null)
                .train(false)
                .warnings();
    }

    static List<HealthMonitor.Kind> kinds(List<HealthMonitor.Warning> w) {
        return w.stream().map(HealthMonitor.Warning::kind).distinct().toList();
    }

    @Test
    void eachBalanceWarningFiresOnARunBuiltToTriggerIt() throws Exception {
        // D learns 10,000x faster than G: D soon separates real from fake and stays there.
        List<HealthMonitor.Warning> starved =
                train("starved", tiny(Family.DCGAN, ObjectiveType.NON_SATURATING, 8, 8, 1e-6f, 1e-2f, 400));
        assertTrue(kinds(starved).contains(HealthMonitor.Kind.D_OVERPOWERS_G), starved.toString());

        // The reverse: a wide G at 1e-2 against a narrow D at 1e-6; D(G(z)) climbs above D(x).
        List<HealthMonitor.Warning> fooled =
                train("fooled", tiny(Family.DCGAN, ObjectiveType.NON_SATURATING, 16, 4, 1e-2f, 1e-6f, 400));
        assertTrue(kinds(fooled).contains(HealthMonitor.Kind.G_OVERPOWERS_D), fooled.toString());
        assertFalse(kinds(fooled).contains(HealthMonitor.Kind.D_OVERPOWERS_G), fooled.toString());

        // A Wasserstein critic with no Lipschitz constraint (no clipping, no penalty) and a much too high learning
        // rate: its outputs, and so the estimated distance, run away.
        List<HealthMonitor.Warning> runaway =
                train("runaway", tiny(Family.WGAN, ObjectiveType.WASSERSTEIN, 8, 8, 1e-2f, 1e-2f, 600));
        assertTrue(kinds(runaway).contains(HealthMonitor.Kind.DIVERGING), runaway.toString());
    }

    @Test
    void aGeneratorCutOffFromItsNoiseIsReportedAsCollapsing() throws Exception {
        // From step 200 on, G's first layer (the dense layer fed by z, no bias) is held at zero: every z draws the
        // same image, as in a complete mode collapse.
        TrainConfig c = tiny(Family.DCGAN, ObjectiveType.NON_SATURATING, 8, 8, 2e-4f, 2e-4f, 400);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(
                new TrainingListener() { // first: right after each step's updates
                    @Override
                    public void onBatch(TrainingRun run, StepMetrics step) {
                        if (step.step() >= 200) {
                            run.model()
                                    .generator()
                                    .parameters(0)
                                    .get("weight")
                                    .getArray()
                                    .muli(0);
                        }
                    }
                });
        listeners.addAll(GanTrainer.defaultListeners(c));
        List<HealthMonitor.Warning> w = new GanTrainer(
                        c, SyntheticData.rectangles(256, 28, 1), dir.resolve("cut"), null, listeners)
                .train(false)
                .warnings();
        List<HealthMonitor.Warning> collapse = w.stream()
                .filter(x -> x.kind() == HealthMonitor.Kind.MODE_COLLAPSE)
                .toList();
        assertEquals(1, collapse.size(), w.toString());
        assertTrue(
                collapse.get(0).step() >= 200 && collapse.get(0).step() <= 216,
                "at the first grid after the cut: " + w);
    }

    @Test
    void aHealthyRunRaisesNoWarning() throws Exception {
        // A generator with more capacity than its discriminator, D at half G's learning rate.
        assertEquals(
                List.of(),
                train("healthy", tiny(Family.DCGAN, ObjectiveType.NON_SATURATING, 16, 4, 2e-4f, 1e-4f, 400)));
    }
}
