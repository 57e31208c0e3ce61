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
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectiveType.parse("hinge"));
        assertTrue(e.getMessage().contains("[minimax, non-saturating, wasserstein, relativistic]"), e.getMessage());
    }
}
