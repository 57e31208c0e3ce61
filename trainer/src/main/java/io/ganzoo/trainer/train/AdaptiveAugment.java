package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.Map;

/**
 * ADA's controller of the augmentation probability p (Karras et al. 2020, "Training Generative Adversarial Networks
 * with Limited Data", section 3; the reference code's {@code training_loop.py}): every {@link #INTERVAL} D updates,
 * the mean of D's overfitting heuristic r_t over them ({@link io.ganzoo.trainer.loss.Objective#overfitting}, the mean
 * sign of D's raw output on the real batch) is compared with a target (the paper's 0.6), and p moves by
 * {@code sign(r_t - target) x batch x INTERVAL / speed}, clamped to [0, 1]: p can cross the whole range in
 * {@code speed} images (the paper's {@code ada_kimg} x 1,000, 500,000). So D is augmented more while it memorises the
 * real images and less while it does not.
 *
 * <p>The state (p, the running sum of r_t and how many updates it holds) is a 3-element float array kept with the
 * model, saved in checkpoints under {@link #STATE} and restored on resume, so a resumed run moves p exactly as an
 * uninterrupted one (sums of at most {@link #INTERVAL} values in [-1, 1] are exact in float32).
 */
public final class AdaptiveAugment implements AutoCloseable {
    /** D updates between two adjustments of p (the reference code's {@code ada_interval}). */
    public static final int INTERVAL = 4;

    /** The name of the state in a checkpoint. */
    public static final String STATE = "augment.ada";

    private final float target;
    private final float step;
    private final NDArray state;

    /**
     * @param target  the r_t to hold, in (0, 1) (ADA's 0.6)
     * @param speed   images over which p can move from 0 to 1, > 0 (ADA's 500,000)
     * @param batch   images per D update, > 0
     * @param startP  p before the first adjustment, in [0, 1]
     * @param manager owns the state array
     * @throws IllegalArgumentException for a value out of range
     */
    public AdaptiveAugment(float target, long speed, int batch, float startP, NDManager manager) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("augment target: expected an r_t in (0, 1) (ADA: 0.6), found " + target);
        }
        if (speed <= 0 || batch <= 0) {
            throw new IllegalArgumentException(
                    "augment speed and batch: expected > 0 images, found " + speed + " and " + batch);
        }
        if (!(startP >= 0 && startP <= 1)) {
            throw new IllegalArgumentException("augment probability: expected a number in [0, 1], found " + startP);
        }
        this.target = target;
        this.step = (float) ((double) batch * INTERVAL / speed);
        this.state = manager.create(new float[] {startP, 0, 0});
    }

    /** The current probability p, in [0, 1]. */
    public float probability() {
        return state.getFloat(0);
    }

    /**
     * Takes one D update's r_t; on every {@link #INTERVAL}-th, moves p by the mean of the interval's.
     *
     * @param rt r_t of the update, in [-1, 1]
     * @throws IllegalArgumentException when rt is NaN (an objective without r_t cannot drive the controller)
     */
    public void observe(float rt) {
        if (Float.isNaN(rt)) {
            throw new IllegalArgumentException("adaptive augmentation needs D's r_t, and this objective has none");
        }
        float[] s = state.toFloatArray();
        s[1] += rt;
        s[2] += 1;
        if (s[2] >= INTERVAL) {
            s[0] = next(s[0], s[1] / s[2], target, step);
            s[1] = 0;
            s[2] = 0;
        }
        state.set(s);
    }

    /**
     * One adjustment: {@code clamp(p + sign(meanRt - target) x step, 0, 1)}; p is unchanged when the mean equals the
     * target.
     */
    static float next(float p, float meanRt, float target, float step) {
        float moved = p + Math.signum(meanRt - target) * step;
        return Math.min(1f, Math.max(0f, moved));
    }

    /** The state under its checkpoint name. */
    public Map<String, NDArray> tensors() {
        return Collections.singletonMap(STATE, state);
    }

    @Override
    public void close() {
        state.close();
    }
}
