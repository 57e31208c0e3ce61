package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;

/**
 * A GAN objective: the losses that D and G minimise, given the discriminator's raw outputs (logits) on real and
 * generated batches. Kept apart from the training loop so each objective is a small, separately tested class.
 */
public interface Objective {

    /** Name recorded in metadata, e.g. {@code non-saturating}. */
    String name();

    /** Scalar loss the discriminator minimises. */
    NDArray discriminatorLoss(NDArray realLogits, NDArray fakeLogits);

    /** Scalar loss the generator minimises. */
    NDArray generatorLoss(NDArray fakeLogits);

    /** The objective called {@code name}. */
    static Objective named(String name) {
        if (name.equals(NonSaturating.NAME)) {
            return new NonSaturating();
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; expected one of: " + NonSaturating.NAME);
    }
}
