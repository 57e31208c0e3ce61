package io.ganzoo.trainer.train;

/**
 * Figures of one training step (1-based {@code step}).
 *
 * @param dReal mean sigmoid(D(x)) on the real batch
 * @param dFake mean sigmoid(D(G(z))) on the fake batch of the D step
 * @param gradD L2 norm of D's gradient in its last update of the step
 * @param gradG L2 norm of G's gradient
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
        double seconds) {

    /** The same figures at another elapsed time. */
    public StepMetrics withSeconds(double s) {
        return new StepMetrics(step, epoch, lossD, lossG, dReal, dFake, gradD, gradG, s);
    }

    public boolean finite() {
        return Float.isFinite(lossD) && Float.isFinite(lossG);
    }
}
