package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * The Wasserstein objective (Arjovsky et al. 2017): the critic maximises {@code D(x) - D(G(z))}, i.e. minimises
 * {@code mean D(G(z)) - mean D(x)}; G maximises {@code D(G(z))}, i.e. minimises {@code -mean D(G(z))}. It needs a
 * Lipschitz critic: weight clipping (WGAN) or a gradient penalty (WGAN-GP, {@link GradientPenalty}).
 */
public final class Wasserstein implements Objective {
    public static final String NAME = "wasserstein";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray discriminatorLoss(NDArray real, NDArray fake) {
        return fake.mean().sub(real.mean());
    }

    @Override
    public NDArray generatorLoss(NDArray real, NDArray fake) {
        return fake.mean().neg();
    }
}
