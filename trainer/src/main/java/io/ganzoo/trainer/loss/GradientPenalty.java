package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * Penalties on the discriminator's input gradient, computed exactly and without double backward
 * ({@link io.ganzoo.trainer.nn.Network#forwardWithInputGradient}):
 * <ul>
 *   <li>R1 (Mescheder et al. 2018): {@code mean ||dD/dx||^2} on real data;</li>
 *   <li>R2: the same on generated data;</li>
 *   <li>WGAN-GP (Gulrajani et al. 2017): {@code mean (||dD/dx||_2 - 1)^2} on random interpolates of real and fake.</li>
 * </ul>
 */
public final class GradientPenalty {
    private GradientPenalty() {}

    /** Per-sample squared norm of the input gradient, shape (N). */
    public static NDArray squaredNorm(NDArray inputGradient) {
        Shape s = inputGradient.getShape();
        return inputGradient.square().reshape(s.get(0), -1).sum(new int[] {1});
    }

    /** {@code mean ||g||^2}: R1 when g is taken at real data, R2 at generated data. */
    public static NDArray zeroCentred(NDArray inputGradient) {
        return squaredNorm(inputGradient).mean();
    }

    /** {@code mean (||g|| - 1)^2}, the WGAN-GP penalty; g is taken at interpolates. */
    public static NDArray oneCentred(NDArray inputGradient) {
        // sqrt's derivative is infinite at 0; the epsilon keeps a zero gradient from producing NaN.
        NDArray norm = squaredNorm(inputGradient).add(1e-12f).sqrt();
        return norm.sub(1f).square().mean();
    }

    /** Random interpolates {@code e x + (1 - e) y}, one {@code e ~ U(0, 1)} per sample. */
    public static NDArray interpolate(NDArray real, NDArray fake, float[] eps) {
        long[] dims = new long[real.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = real.getShape().get(0);
        NDArray e = real.getManager().create(eps, new Shape(dims)); // (N, 1, ...): one weight per sample
        return real.mul(e).add(fake.mul(e.neg().add(1f)));
    }
}
