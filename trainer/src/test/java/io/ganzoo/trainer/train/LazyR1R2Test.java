package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ganzoo.trainer.loss.Objective;
import io.ganzoo.trainer.nn.Layer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Lazy R1 + R2 on a linear critic D(x) = w.x + b, whose input gradient is w for every sample, so R1 = R2 = |w|^2 by
 * hand: a regularised update's loss is the objective's plus {@code K gamma/2 (R1 + R2) = K gamma |w|^2}, the others'
 * the objective's alone.
 */
class LazyR1R2Test {
    @Test
    void thePenaltyComesEveryKthUpdateTimesK() {
        int k = 3;
        float gamma = 0.5f;
        TrainConfig c = TrainConfig.rpgan()
                .latentSize(2)
                .batchSize(4)
                .steps(10)
                .r1r2Gamma(gamma)
                .r1r2Interval(k)
                .build();
        try (GanModel m = GanModel.create(
                        c, List.of(new Layer.Dense(2, true)), List.of(new Layer.Dense(1, true)), new int[] {2}, 0);
                NDManager sm = m.manager().newSubManager()) {
            Optimizer optG = Optimizer.create(c, m.generator().trainable(), c.learningRateG(), m.manager());
            Optimizer optD = Optimizer.create(c, m.discriminator().trainable(), c.learningRateD(), m.manager());
            Objective objective = c.objective().create();
            GanStep step = new GanStep(m, objective, optG, optD);
            NDArray real = sm.create(new float[] {1, 2, -1, 0.5f, 0, 3, 2, -2}, new Shape(4, 2));
            NDArray z = sm.create(new float[] {0.1f, -0.3f, 1, 0.2f, -1, 1, 0.5f, 0.5f}, new Shape(4, 2));
            for (long s = 0; s < 7; s++) {
                step.beginStep(s);
                float[] w =
                        m.discriminator().parameters(0).get("weight").getArray().toFloatArray();
                double w2 = (double) w[0] * w[0] + (double) w[1] * w[1];
                double plain = objective
                        .discriminatorLoss(
                                m.discriminate(real, null, true), m.discriminate(m.generate(z, null, true), null, true))
                        .getFloat();
                double expected = plain + (s % k == 0 ? k * gamma / 2 * (w2 + w2) : 0);
                GanStep.DResult d = step.updateDiscriminator(real, null, z, null);
                assertEquals(expected, d.loss(), 1e-5, "D update " + s);
            }
        }
    }

    @Test
    void theIntervalMustBePositive() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.rpgan().r1r2Interval(0).build());
        assertEquals("r1r2Interval: expected > 0 D updates, found 0", e.getMessage());
    }
}
