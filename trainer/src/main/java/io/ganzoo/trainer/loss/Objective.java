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

    // ---- how the scores are shown and judged: every objective must say (no defaults) ----

    /**
     * Whether D's outputs are logits of the probability that the input is real, so that the metrics show the mean
     * {@code sigmoid(D)} as D(x) and D(G(z)); otherwise they show the mean raw output.
     */
    boolean outputsProbabilities();

    /**
     * The score in [0, 1] that balance is judged on for real data: how sure D is that real data is real, from the
     * means the metrics show ({@code dReal}, {@code dFake}; see {@link #outputsProbabilities}). The health monitor
     * warns when, over a window, it stays above 0.95 while {@link #fakeScore} stays below 0.05 (D overpowers G), or
     * when the fake score exceeds 0.7 and the real score (G overpowers D).
     */
    double realScore(double dReal, double dFake);

    /** The score in [0, 1] balance is judged on for generated data: how real D finds the fakes. */
    double fakeScore(double dReal, double dFake);

    /**
     * Whether the scores say anything about balance at all: a Wasserstein critic's values have no scale, so no
     * score of them tells a dominant critic from a useful one.
     */
    boolean judgesBalance();

    /**
     * The size of the losses whose growth over windows means divergence, from their window means. A loss that is a
     * raw critic value (carrying the critic's arbitrary offset) should be left out.
     */
    double lossMagnitude(double lossD, double lossG);

    /**
     * ADA's overfitting heuristic r_t (Karras et al. 2020, "Training Generative Adversarial Networks with Limited
     * Data", eq. 1) on one D update: the mean sign of D's raw output on the real batch, in [-1, 1]. 1 means D calls
     * every real image real (on a small dataset: it has memorised them), 0 that it cannot tell; ADA holds it near
     * 0.6. Objectives whose D output has no fixed zero say it of the pairs: the mean sign of {@code D(x_i) -
     * D(G(z_i))} (relativistic), or {@link Float#NaN} when nothing fits (a Wasserstein critic's values have no
     * reference point).
     *
     * @param real D's raw outputs on the real batch, shape (N, 1)
     * @param fake D's raw outputs on the generated batch, shape (N, 1)
     */
    float overfitting(NDArray real, NDArray fake);

    /**
     * Whether {@link #overfitting} gives a number (r_t): what the health monitor's overfitting warning and ADA's
     * adaptive augmentation ({@link io.ganzoo.trainer.train.AdaptiveAugment}) need.
     */
    boolean measuresOverfitting();

    /** The mean sign of {@code out}: r_t of D's raw outputs whose zero is the decision boundary. */
    static float meanSign(NDArray out) {
        return out.sign().mean().getFloat();
    }

    /** {@code sigmoid(dReal - dFake)}: the probability of "real is more real than fake" for raw scores. */
    static double pairProbability(double dReal, double dFake) {
        return 1 / (1 + Math.exp(-(dReal - dFake)));
    }
}
