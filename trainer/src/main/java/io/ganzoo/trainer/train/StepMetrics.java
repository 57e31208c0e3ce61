package io.ganzoo.trainer.train;

/**
 * Figures of one training step: one or more D updates and one G update.
 *
 * @param step  the step, 1-based (the number of G updates done)
 * @param epoch the 0-based epoch of the step's last D update (an epoch is one pass of D over the data)
 * @param lossD D's loss in its last update of the step, penalties included (the objective's units)
 * @param lossG G's loss
 * @param dReal D's mean output on the real batch as the objective shows it: mean sigmoid(D(x)) when D's outputs are
 *              logits of a probability ({@link io.ganzoo.trainer.loss.Objective#outputsProbabilities}), else mean D(x)
 * @param dFake the same on the fake batch of the D step
 * @param gradD L2 norm of D's gradient in its last update of the step
 * @param gradG L2 norm of G's gradient
 * @param rt    ADA's overfitting heuristic r_t of the step's last D update, in [-1, 1] (mean sign of D's raw output
 *              on the real batch, {@link io.ganzoo.trainer.loss.Objective#overfitting}); NaN when the objective has
 *              none (Wasserstein)
 * @param augmentP the probability each augmentation transform was applied with in this step ({@link
 *              TrainConfig#augmentP}, moved by {@link AdaptiveAugment} when adaptive); NaN without augmentation
 * @param seconds the run's training time at the end of the step, in seconds, earlier sittings included
 */
public record StepMetrics(
        long step,
        int epoch,
        float lossD,
        float lossG,
        float dReal,
        float dFake,
        float gradD,
        float gradG,
        float rt,
        float augmentP,
        double seconds) {

    /** The same figures at another elapsed time. */
    public StepMetrics withSeconds(double s) {
        return new StepMetrics(step, epoch, lossD, lossG, dReal, dFake, gradD, gradG, rt, augmentP, s);
    }

    public boolean finite() {
        return Float.isFinite(lossD) && Float.isFinite(lossG);
    }
}
