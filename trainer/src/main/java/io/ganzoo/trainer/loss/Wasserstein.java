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

    /** Raw scores: the metrics show their means. */
    @Override
    public boolean outputsProbabilities() {
        return false;
    }

    /** Shown as sigmoid of the mean real-fake gap, but never judged ({@link #judgesBalance}). */
    @Override
    public double realScore(double dReal, double dFake) {
        return Objective.pairProbability(dReal, dFake);
    }

    @Override
    public double fakeScore(double dReal, double dFake) {
        return 1 - realScore(dReal, dFake);
    }

    /** A critic's values have no reference point, and a pair's sign says nothing about memorising: none. */
    @Override
    public float overfitting(NDArray real, NDArray fake) {
        return Float.NaN;
    }

    @Override
    public boolean measuresOverfitting() {
        return false;
    }

    /** A critic's values have no scale: no score tells a dominant critic from a useful one. */
    @Override
    public boolean judgesBalance() {
        return false;
    }

    /**
     * G's loss carries the critic's arbitrary offset, so only the critic's loss (the estimated distance, plus any
     * penalty) tells whether training runs away.
     */
    @Override
    public double lossMagnitude(double lossD, double lossG) {
        return Math.abs(lossD);
    }
}
