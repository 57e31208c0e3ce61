package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.ganzoo.trainer.nn.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exponential moving average of a generator's trainable weights ({@code G_ema} in StyleGAN2-ADA, Karras et al.
 * 2020, and R3GAN, Huang et al. 2024): after every G step, {@code ema <- w + beta (ema - w)} with
 * {@code beta = 0.5^(batch / halfLife)}, so a weight's past contributes half its influence after {@code halfLife}
 * training images. During warm-up the half-life is {@code min(halfLife, images * rampup)} (StyleGAN2-ADA's
 * {@code ema_rampup}), so the random initial weights are forgotten quickly.
 *
 * <p>The average starts as a copy of the initial weights. BatchNorm running statistics are not averaged: they belong
 * to the raw weights' activations; an export of the average measures them anew for the averaged weights
 * ({@link GanModel#useEmaWeights}).
 */
public final class GeneratorEma {
    private final long halfLife;
    private final float rampup;
    private final int batch;
    private final Map<String, Parameter> weights;
    private final Map<String, NDArray> average = new LinkedHashMap<>();

    /**
     * An average of the trainable weights of {@code generator}, starting at their current values.
     *
     * @param halfLife half-life in images, {@code > 0}
     * @param rampup   warm-up fraction in [0, 1] (0: none)
     * @param batch    images per G step, {@code > 0}
     * @param manager  owns the average's arrays (the model's manager)
     */
    GeneratorEma(Network generator, long halfLife, float rampup, int batch, NDManager manager) {
        if (halfLife <= 0 || batch <= 0 || !(rampup >= 0 && rampup <= 1)) {
            throw new IllegalArgumentException("EMA: expected half-life > 0 images, batch > 0 and ramp-up in [0, 1],"
                    + " found " + halfLife + ", " + batch + ", " + rampup);
        }
        this.halfLife = halfLife;
        this.rampup = rampup;
        this.batch = batch;
        this.weights = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : generator.parameters().entrySet()) {
            if (generator.trainable().contains(e.getValue())) {
                weights.put(e.getKey(), e.getValue());
                NDArray copy = e.getValue().getArray().duplicate();
                copy.attach(manager);
                average.put(e.getKey(), copy);
            }
        }
    }

    /**
     * How far the average trails the trained weights once past its warm-up, in steps: the mean age of the weights it
     * holds, {@code beta / (1 - beta)} for the per-step decay {@code beta = 0.5^(batch / halfLife)} (about
     * {@code halfLife / batch / ln 2}).
     *
     * @param halfLife half-life in images (> 0)
     * @param batch    images per step (> 0)
     */
    public static double lagSteps(long halfLife, int batch) {
        double beta = Math.pow(0.5, batch / (double) halfLife);
        return beta / (1 - beta);
    }

    /**
     * The decay of the update that follows G step {@code step} (1-based: the step just taken).
     *
     * @return {@code beta} in [0, 1): the share of the old average kept
     */
    public static double beta(long step, int batch, long halfLife, float rampup) {
        double h = halfLife;
        if (rampup > 0) {
            h = Math.min(h, (double) step * batch * rampup);
        }
        return h <= 0 ? 0 : Math.pow(0.5, batch / h);
    }

    /** Moves the average towards the current weights after G step {@code step} (1-based). */
    public void update(long step) {
        float beta = (float) beta(step, batch, halfLife, rampup);
        for (Map.Entry<String, NDArray> e : average.entrySet()) {
            NDArray w = weights.get(e.getKey()).getArray();
            e.getValue().subi(w).muli(beta).addi(w); // in place: no new native arrays per step
        }
    }

    /** The averaged weights by the generator's parameter names ({@code <layer>.<name>}); live arrays. */
    public Map<String, NDArray> tensors() {
        return average;
    }

    /** Copies the average into the generator's trainable weights (BatchNorm statistics are left as they are). */
    void copyIntoGenerator() {
        for (Map.Entry<String, NDArray> e : average.entrySet()) {
            weights.get(e.getKey()).getArray().set(e.getValue().toByteBuffer());
        }
    }
}
