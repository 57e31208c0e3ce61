package io.ganzoo.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.ganzoo.trainer.loss.GradientPenalty;
import io.ganzoo.trainer.loss.Objective;
import io.ganzoo.trainer.nn.Network;

import java.util.Collections;
import java.util.Map;

/**
 * One discriminator update and one generator update of a {@link GanModel} under an {@link Objective} and the
 * penalties its {@link TrainConfig} asks for (R1 + R2, WGAN-GP, weight clipping). The data, whatever its shape
 * (images, 2-D points), and the noise are given; the loop that draws them is the caller's ({@link GanTrainer} for
 * image datasets, {@code io.ganzoo.trainer.analysis.MixtureBenchmark} for 2-D mixtures).
 */
public final class GanStep {
    private final GanModel model;
    private final Objective objective;
    private final Optimizer optG;
    private final Optimizer optD;
    private final TrainConfig config;
    private final DiffAugment augment;
    /** ADA's controller of the augmentation probability, or {@code null} when it is fixed. */
    private final AdaptiveAugment adaptive;
    /** Index of the next D update of the run (0-based): decides the lazy R1 + R2 updates. */
    private long dUpdate;

    /**
     * Outcome of a D update: its loss, D's mean output on real and fake (see {@link #display}), D's gradient norm, and
     * the overfitting heuristic r_t of its outputs ({@link Objective#overfitting}; NaN when the objective has none).
     */
    public record DResult(float loss, float dReal, float dFake, float gradNorm, float rt) {}

    /** Outcome of a G update: its loss and G's gradient norm. */
    public record GResult(float loss, float gradNorm) {}

    public GanStep(GanModel model, Objective objective, Optimizer optG, Optimizer optD) {
        this.model = model;
        this.objective = objective;
        this.optG = optG;
        this.optD = optD;
        this.config = model.config();
        this.augment =
                config.augment().isEmpty() ? null : new DiffAugment(config.augment(), config.augmentP(), config.seed());
        if (config.augmentTarget() > 0 && !objective.measuresOverfitting()) {
            throw new IllegalArgumentException(
                    "adaptive augmentation needs D's r_t, and the " + objective.name() + " objective has none");
        }
        this.adaptive = config.augmentTarget() > 0
                ? new AdaptiveAugment(
                        config.augmentTarget(),
                        config.augmentSpeed(),
                        config.batchSize(),
                        config.augmentP(),
                        model.manager())
                : null;
    }

    /**
     * The state of this update that a checkpoint must carry besides the model and optimisers: the adaptive
     * augmentation's ({@link AdaptiveAugment#STATE}), or nothing.
     */
    public Map<String, NDArray> tensors() {
        return adaptive == null ? Collections.emptyMap() : adaptive.tensors();
    }

    /**
     * The probability each augmentation transform is applied with: the step's (the adaptive one's latest, as a
     * checkpoint restored it, before the first step); NaN without augmentation.
     */
    public float augmentProbability() {
        if (augment == null) {
            return Float.NaN;
        }
        return adaptive == null ? augment.probability() : adaptive.probability();
    }

    /**
     * Starts G step {@code step} (0-based): the augmentation parameters that follow are a function of the seed and
     * the step, so a resumed run augments as an uninterrupted one.
     */
    public void beginStep(long step) {
        dUpdate = step * config.criticSteps();
        if (augment != null) {
            augment.startStep(step);
            if (adaptive != null) {
                augment.setProbability(adaptive.probability()); // the step's p: a restored checkpoint's, too
            }
        }
    }

    /** What D sees of a batch: the batch itself, or its augmentation ({@link TrainConfig#augment}). */
    private NDArray seen(NDArray x) {
        return augment == null ? x : augment.apply(x);
    }

    /**
     * One D update on a real batch and fakes generated from {@code z} (G's output is made outside the gradient
     * collector, so no graph reaches G).
     *
     * @param labels int labels of the real batch (conditional models; fakes take the same labels), else {@code null}
     * @param mix    one U(0, 1) weight per sample for the WGAN-GP interpolates; ignored without that penalty
     */
    public DResult updateDiscriminator(NDArray real, NDArray labels, NDArray z, float[] mix) {
        NDArray fake = seen(model.generate(z, labels, true));
        real = seen(real);
        int every = config.r1r2Interval();
        long index = dUpdate++;
        boolean r1r2 = config.r1r2Gamma() > 0 && index % every == 0; // lazy: every `every` updates, scaled by it
        NDArray realOut;
        NDArray fakeOut;
        float loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l;
            if (r1r2) {
                // R1 and R2 need D's input gradient at the real and the fake batch
                NDList r = model.discriminateWithInputGradient(real, labels, true);
                NDList f = model.discriminateWithInputGradient(fake, labels, true);
                realOut = r.get(0);
                fakeOut = f.get(0);
                l = objective
                        .discriminatorLoss(realOut, fakeOut)
                        .add(GradientPenalty.zeroCentred(r.get(1))
                                .add(GradientPenalty.zeroCentred(f.get(1)))
                                .mul(config.r1r2Gamma() / 2 * every));
            } else {
                realOut = model.discriminate(real, labels, true);
                fakeOut = model.discriminate(fake, labels, true);
                l = objective.discriminatorLoss(realOut, fakeOut);
            }
            if (config.gpWeight() > 0) {
                // WGAN-GP needs it at the interpolates only
                NDArray mixed = GradientPenalty.interpolate(real, fake, mix);
                l = l.add(GradientPenalty.oneCentred(model.discriminateWithInputGradient(mixed, labels, true)
                                .get(1))
                        .mul(config.gpWeight()));
            }
            gc.backward(l);
            loss = l.getFloat();
        }
        float grad = gradientNorm(model.discriminator(), real.getManager());
        optD.step();
        if (config.clip() > 0) {
            clip(config.clip());
        }
        float rt = objective.overfitting(realOut, fakeOut);
        if (adaptive != null) {
            adaptive.observe(rt);
        }
        return new DResult(loss, display(realOut), display(fakeOut), grad, rt);
    }

    /**
     * One G update with D frozen.
     *
     * @param real   a real batch, read only by objectives that compare real and fake ({@link Objective#generatorNeedsReal})
     * @param labels labels for the fakes (conditional models), else {@code null}
     */
    public GResult updateGenerator(NDArray real, NDArray labels, NDArray z) {
        float loss;
        model.discriminator().freeze(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray fakeOut = model.discriminate(seen(model.generate(z, labels, true)), labels, true);
            NDArray realOut = objective.generatorNeedsReal() ? model.discriminate(seen(real), labels, true) : null;
            NDArray l = objective.generatorLoss(realOut, fakeOut);
            gc.backward(l);
            loss = l.getFloat();
        } finally {
            model.discriminator().freeze(false);
        }
        float grad = gradientNorm(model.generator(), z.getManager());
        optG.step();
        return new GResult(loss, grad);
    }

    /**
     * What the metrics show as D(x) and D(G(z)): the mean probability when D's outputs are logits of one, else the
     * mean raw output ({@link Objective#outputsProbabilities}).
     */
    private float display(NDArray out) {
        return objective.outputsProbabilities()
                ? Activation.sigmoid(out).mean().getFloat()
                : out.mean().getFloat();
    }

    /** L2 norm of the accumulated gradient of a network's trainable parameters. */
    private static float gradientNorm(Network net, NDManager sm) {
        double sq = 0;
        for (Parameter p : net.trainable()) {
            NDArray g = p.getArray().getGradient();
            g.attach(sm);
            sq += g.square().sum().getFloat();
        }
        return (float) Math.sqrt(sq);
    }

    /** Clips every trainable weight of D to [-c, c] in place (the original WGAN's Lipschitz constraint). */
    private void clip(float c) {
        try (NDManager tmp = model.manager().newSubManager()) {
            for (Parameter p : model.discriminator().trainable()) {
                NDArray w = p.getArray();
                NDArray clipped = w.clip(-c, c);
                clipped.attach(tmp);
                NDArray excess = w.sub(clipped);
                excess.attach(tmp);
                w.subi(excess);
            }
        }
    }
}
