package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.train.ObjectiveType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every objective on fixed D outputs, real = (1, -2), fake = (0.5, 3), against values worked out by hand with
 * softplus(x) = ln(1 + e^x): sp(-1) = 0.31326169, sp(2) = 2.12692801, sp(0.5) = 0.97407698, sp(3) = 3.04858735,
 * sp(-0.5) = 0.47407698, sp(5) = 5.00671535, sp(-5) = 0.00671535, sp(-3) = 0.04858735.
 */
class ObjectiveTest {
    static NDManager m;
    static NDArray real;
    static NDArray fake;

    @BeforeAll
    static void setUp() {
        m = Torch.newManager();
        real = m.create(new float[] {1f, -2f}).reshape(2, 1);
        fake = m.create(new float[] {0.5f, 3f}).reshape(2, 1);
    }

    @AfterAll
    static void tearDown() {
        m.close();
    }

    static void check(double expected, NDArray loss) {
        assertEquals(0, loss.getShape().dimension(), "scalar loss");
        assertEquals(expected, loss.getFloat(), 1e-6);
    }

    @Test
    void minimax() {
        Objective o = ObjectiveType.parse("minimax").create();
        // D: mean sp(-r) + mean sp(f) = (sp(-1) + sp(2)) / 2 + (sp(0.5) + sp(3)) / 2
        check((0.31326169 + 2.12692801) / 2 + (0.97407698 + 3.04858735) / 2, o.discriminatorLoss(real, fake));
        // G: mean log(1 - sigmoid(f)) = -mean sp(f)
        check(-(0.97407698 + 3.04858735) / 2, o.generatorLoss(null, fake));
    }

    @Test
    void nonSaturating() {
        Objective o = ObjectiveType.parse("non-saturating").create();
        check((0.31326169 + 2.12692801) / 2 + (0.97407698 + 3.04858735) / 2, o.discriminatorLoss(real, fake));
        // G: -mean log sigmoid(f) = mean sp(-f) = (sp(-0.5) + sp(-3)) / 2
        check((0.47407698 + 0.04858735) / 2, o.generatorLoss(null, fake));
        assertFalse(o.generatorNeedsReal());
    }

    @Test
    void wasserstein() {
        Objective o = ObjectiveType.parse("wasserstein").create();
        // critic: mean f - mean r = 1.75 - (-0.5)
        check(2.25, o.discriminatorLoss(real, fake));
        check(-1.75, o.generatorLoss(null, fake));
    }

    @Test
    void relativisticPairing() {
        Objective o = ObjectiveType.parse("relativistic").create();
        // D: mean sp(-(r - f)); r - f = (0.5, -5) -> (sp(-0.5) + sp(5)) / 2
        check((0.47407698 + 5.00671535) / 2, o.discriminatorLoss(real, fake));
        // G: mean sp(-(f - r)); f - r = (-0.5, 5) -> (sp(0.5) + sp(-5)) / 2
        check((0.97407698 + 0.00671535) / 2, o.generatorLoss(real, fake));
        assertTrue(o.generatorNeedsReal());
    }

    @Test
    void hinge() {
        Objective o = ObjectiveType.parse("hinge").create();
        // D: mean relu(1 - r) + mean relu(1 + f); 1 - r = (0, 3), 1 + f = (1.5, 4) -> 3/2 + 5.5/2
        check(1.5 + 2.75, o.discriminatorLoss(real, fake));
        // G: -mean f = -1.75
        check(-1.75, o.generatorLoss(null, fake));
        assertFalse(o.generatorNeedsReal());
        // outputs beyond the margin cost D nothing: r = (1, 2), f = (-1, -3)
        check(0, o.discriminatorLoss(m.create(new float[] {1f, 2f}), m.create(new float[] {-1f, -3f})));
        // inside it, each side costs its distance to the margin: r = 0.25, f = -0.5 -> 0.75 + 0.5
        check(1.25, o.discriminatorLoss(m.create(new float[] {0.25f}), m.create(new float[] {-0.5f})));
    }

    @Test
    void eachObjectiveSaysHowItsScoresAreShownAndJudged() {
        Objective ns = ObjectiveType.NON_SATURATING.create();
        assertTrue(ns.outputsProbabilities() && ns.judgesBalance());
        assertEquals(0.9, ns.realScore(0.9, 0.2), 0);
        assertEquals(0.2, ns.fakeScore(0.9, 0.2), 0);
        assertEquals(3, ns.lossMagnitude(-1, 2), 0);
        Objective w = ObjectiveType.WASSERSTEIN.create();
        assertFalse(w.outputsProbabilities() || w.judgesBalance());
        assertEquals(1, w.lossMagnitude(-1, 500), 0, "a critic's G loss carries an arbitrary offset");
        Objective rp = ObjectiveType.RELATIVISTIC.create();
        assertEquals(1 / (1 + Math.exp(-2)), rp.realScore(1, -1), 1e-12);
        assertEquals(1 - 1 / (1 + Math.exp(-2)), rp.fakeScore(1, -1), 1e-12);
        Objective h = ObjectiveType.HINGE.create();
        assertFalse(h.outputsProbabilities());
        assertTrue(h.judgesBalance());
        // the margin [-1, 1] mapped to [0, 1], clipped outside it
        assertEquals(0.95, h.realScore(0.9, -0.9), 1e-12);
        assertEquals(0.05, h.fakeScore(0.9, -0.9), 1e-12);
        assertEquals(1, h.realScore(3, 0), 0);
        assertEquals(0, h.fakeScore(0, -3), 0);
        assertEquals(2, h.lossMagnitude(2, -40), 0);
    }

    @Test
    void overfittingHeuristicIsTheMeanSignOfWhatEachObjectiveCallsReal() {
        // real = (1, -2), fake = (0.5, 3): D calls one real image real and one fake -> r_t = (1 - 1) / 2 = 0
        NDArray r3 = m.create(new float[] {2f, -1f, 3f, 0.5f}).reshape(4, 1);
        NDArray f3 = m.create(new float[] {1f, -2f, 4f, 0.5f}).reshape(4, 1);
        for (ObjectiveType t :
                new ObjectiveType[] {ObjectiveType.MINIMAX, ObjectiveType.NON_SATURATING, ObjectiveType.HINGE}) {
            assertEquals(0, t.create().overfitting(real, fake), 0, t.wireName());
            // signs (+, -, +, +): (1 - 1 + 1 + 1) / 4
            assertEquals(0.5, t.create().overfitting(r3, f3), 1e-7, t.wireName());
        }
        // relativistic pairs: r - f = (0.5, -5) -> 0; (1, 1, -1, 0) -> 0.25 (a tie counts 0)
        Objective rp = ObjectiveType.RELATIVISTIC.create();
        assertEquals(0, rp.overfitting(real, fake), 0);
        assertEquals(0.25, rp.overfitting(r3, f3), 1e-7);
        assertTrue(Float.isNaN(ObjectiveType.WASSERSTEIN.create().overfitting(r3, f3)), "a critic has no zero");
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ObjectiveType.parse("least-squares"));
        assertTrue(
                e.getMessage().contains("[minimax, non-saturating, wasserstein, relativistic, hinge]"), e.getMessage());
    }
}
