package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The hinge loss (Lim and Ye 2017, "Geometric GAN"; Miyato et al. 2018 with spectral normalisation): D minimises
 * {@code mean relu(1 - D(x)) + mean relu(1 + D(G(z)))}, a margin of 1 on either side, so real outputs beyond 1 and
 * fake outputs below -1 no longer move D; G minimises {@code -mean D(G(z))}, as with Wasserstein.
 */
public final class Hinge implements Objective {
    public static final String NAME = "hinge";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray discriminatorLoss(NDArray real, NDArray fake) {
        return Activation.relu(real.neg().add(1f))
                .mean()
                .add(Activation.relu(fake.add(1f)).mean());
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

    /**
     * Where the mean real output lies in D's margin [-1, 1], as a fraction: 1 when real data sits beyond the margin
     * (D's loss on it is 0), 0 when D scores it as fake as it can wish to. With {@link #fakeScore} the same for fakes,
     * D overpowers G when real outputs average above 0.9 and fake ones below -0.9.
     */
    @Override
    public double realScore(double dReal, double dFake) {
        return inMargin(dReal);
    }

    @Override
    public double fakeScore(double dReal, double dFake) {
        return inMargin(dFake);
    }

    private static double inMargin(double d) {
        return Math.min(1, Math.max(0, (d + 1) / 2));
    }

    /** D's output is positive exactly on the real side of the margin's centre (sign(D(x)), as in ADA). */
    @Override
    public float overfitting(NDArray real, NDArray fake) {
        return Objective.meanSign(real);
    }

    @Override
    public boolean measuresOverfitting() {
        return true;
    }

    @Override
    public boolean judgesBalance() {
        return true;
    }

    /** G's loss is a raw D output (as Wasserstein's): only D's loss, bounded below by 0, tells divergence. */
    @Override
    public double lossMagnitude(double lossD, double lossG) {
        return Math.abs(lossD);
    }
}
