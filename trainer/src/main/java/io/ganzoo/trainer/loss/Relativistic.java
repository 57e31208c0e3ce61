package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The relativistic pairing objective (RpGAN; Jolicoeur-Martineau 2019, as used by R3GAN, Huang et al. 2024) on
 * paired real and fake batches: D minimises {@code mean softplus(-(D(x) - D(G(z))))}, G minimises
 * {@code mean softplus(-(D(G(z)) - D(x)))}. R3GAN adds zero-centred R1 and R2 penalties
 * ({@link GradientPenalty}).
 */
public final class Relativistic implements Objective {
    public static final String NAME = "relativistic";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray discriminatorLoss(NDArray real, NDArray fake) {
        return Activation.softPlus(real.sub(fake).neg()).mean();
    }

    @Override
    public NDArray generatorLoss(NDArray real, NDArray fake) {
        return Activation.softPlus(fake.sub(real).neg()).mean();
    }

    @Override
    public boolean generatorNeedsReal() {
        return true;
    }

    /** Raw scores: the metrics show their means. */
    @Override
    public boolean outputsProbabilities() {
        return false;
    }

    /** Balance is judged on sigmoid of the mean real-fake gap (the probability of "real is more real than fake"). */
    @Override
    public double realScore(double dReal, double dFake) {
        return Objective.pairProbability(dReal, dFake);
    }

    @Override
    public double fakeScore(double dReal, double dFake) {
        return 1 - realScore(dReal, dFake);
    }

    /** A relativistic D's outputs mean something only against each other: the sign of each real-fake pair. */
    @Override
    public float overfitting(NDArray real, NDArray fake) {
        return Objective.meanSign(real.sub(fake));
    }

    @Override
    public boolean measuresOverfitting() {
        return true;
    }

    @Override
    public boolean judgesBalance() {
        return true;
    }

    @Override
    public double lossMagnitude(double lossD, double lossG) {
        return Math.abs(lossD) + Math.abs(lossG);
    }
}
