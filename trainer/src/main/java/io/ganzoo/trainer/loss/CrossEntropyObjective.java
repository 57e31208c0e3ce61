package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * What the objectives whose D is a real-vs-fake classifier on logits ({@link Minimax}, {@link NonSaturating}) share
 * in how they are shown and judged: D's outputs are probabilities after a sigmoid, the metrics show mean D(x) and mean
 * D(G(z)) as they are, balance is judged on them, and both losses tell whether training runs away.
 */
abstract class CrossEntropyObjective implements Objective {
    @Override
    public final boolean outputsProbabilities() {
        return true;
    }

    @Override
    public final double realScore(double dReal, double dFake) {
        return dReal;
    }

    @Override
    public final double fakeScore(double dReal, double dFake) {
        return dFake;
    }

    /** D's logit is positive exactly when it finds the image more likely real than fake. */
    @Override
    public final float overfitting(NDArray real, NDArray fake) {
        return Objective.meanSign(real);
    }

    @Override
    public boolean measuresOverfitting() {
        return true;
    }

    @Override
    public final boolean judgesBalance() {
        return true;
    }

    @Override
    public final double lossMagnitude(double lossD, double lossG) {
        return Math.abs(lossD) + Math.abs(lossG);
    }
}
