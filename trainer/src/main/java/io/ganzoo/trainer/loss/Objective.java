package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * A GAN objective: the losses that D and G minimise, given the discriminator's raw outputs (logits, or critic
 * values) on a real batch and a generated batch. Kept apart from the training loop so each objective is a small,
 * separately tested class. Penalties (R1, R2, gradient penalty) are separate: see {@link GradientPenalty}.
 */
public interface Objective {

    /** Name recorded in metadata and accepted by {@code --objective} (see {@code io.ganzoo.trainer.train.ObjectiveType}). */
    String name();

    /** Scalar loss the discriminator minimises. */
    NDArray discriminatorLoss(NDArray real, NDArray fake);

    /**
     * Scalar loss the generator minimises. {@code real} is D's output on a real batch, used by relativistic
     * objectives only (others ignore it, and may be given {@code null}).
     */
    NDArray generatorLoss(NDArray real, NDArray fake);

    /** Whether {@link #generatorLoss} reads D's output on real data. */
    default boolean generatorNeedsReal() {
        return false;
    }
}
