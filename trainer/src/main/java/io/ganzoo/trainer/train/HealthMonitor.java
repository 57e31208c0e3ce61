package io.ganzoo.trainer.train;

import io.ganzoo.trainer.loss.Objective;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Watches a training run for the known failure modes of GANs and says so in plain words: the discriminator
 * overpowering the generator (or the reverse), losses that keep growing (divergence), and collapsing diversity
 * (mode collapse), and a discriminator that has memorised a small training set (overfitting, by ADA's r_t). Non-finite
 * losses stop the run in {@link DivergenceCheck}.
 *
 * <p>Balance is judged on moving averages over {@link #WINDOW} steps of the objective's scores
 * ({@link Objective#realScore}: the probabilities D assigns for the minimax and non-saturating objectives,
 * {@code sigmoid(D(x) - D(G(z)))} for the relativistic one; none for Wasserstein); diversity is the
 * mean pairwise distance between the fixed-noise samples divided by the same figure for real images. Each kind
 * of warning is repeated at most once every {@link #COOLDOWN} steps.
 *
 * <p>As a {@link TrainingListener} it judges every step's figures; the diversity of the sample grids comes from
 * {@link DiversityMonitor}.
 */
public final class HealthMonitor implements TrainingListener {
    /** Steps in each moving average. */
    public static final int WINDOW = 100;
    /** Steps after which low diversity counts as collapse even if it never was higher. */
    public static final int WARM_UP = 2000;
    /** Steps between two warnings of the same kind. */
    public static final int COOLDOWN = 1000;
    /** D wins when D(x) > this and D(G(z)) < 1 - this on average. */
    static final double DOMINANT = 0.95;
    /** Samples are collapsing when less varied than this fraction of real data. */
    static final double COLLAPSED = 0.5;
    /**
     * Training diverges when the losses' average magnitude over a window exceeds this multiple of the smallest
     * earlier window's and has risen over the last two windows. (In the healthy Fashion-MNIST runs of every family
     * no window exceeds 1.2 times the smallest before it.)
     */
    static final double GROWTH = 10;

    /**
     * D overfits when, past {@link #WARM_UP} steps, r_t averages above this over a window: it calls about 95% of the
     * real images real (Karras et al. 2020 hold r_t at 0.6 with adaptive augmentation). Measured here in mean D(x):
     * the emoji-faces DCGAN without augmentation (2,254 images) averages 0.96 at step 2,000 and 0.985 at step 4,000;
     * with DiffAugment 0.75 and 0.82; Fashion-MNIST's DCGAN (60,000 images) 0.72 throughout.
     */
    static final double OVERFITTING = 0.9;

    /** Kinds of warning. */
    public enum Kind {
        D_OVERPOWERS_G,
        G_OVERPOWERS_D,
        DIVERGING,
        MODE_COLLAPSE,
        D_OVERFITS
    }

    /** A warning at a step. */
    public record Warning(long step, Kind kind, String message) {}

    private final Objective objective;
    private final Deque<double[]> window = new ArrayDeque<>();
    private double[] sums = new double[4];
    private final List<Double> magnitudes = new ArrayList<>();
    private double smallestMagnitude = Double.POSITIVE_INFINITY;
    private double bestDiversity;
    private final long[] lastWarned = new long[Kind.values().length];
    private final String augment;
    private final boolean adaptive;
    private final Deque<Float> rts = new ArrayDeque<>();
    private double rtSum;

    public HealthMonitor(ObjectiveType objective) {
        this(objective.create(), "");
    }

    /**
     * Judges by the objective's own scores ({@link Objective#realScore}, {@link Objective#judgesBalance}, ...).
     *
     * @param augment the run's DiffAugment policy ({@link TrainConfig#augment}, "" for none), which the overfitting
     *                advice depends on
     */
    public HealthMonitor(Objective objective, String augment) {
        this(objective, augment, false);
    }

    /**
     * @param adaptive whether the augmentation's probability is ADA's adaptive one ({@link TrainConfig#augmentTarget}),
     *                 which the overfitting advice depends on
     */
    public HealthMonitor(Objective objective, String augment, boolean adaptive) {
        this.objective = objective;
        this.augment = augment;
        this.adaptive = adaptive;
        Arrays.fill(lastWarned, Long.MIN_VALUE / 2);
    }

    @Override
    public void onBatch(TrainingRun run, StepMetrics m) {
        run.report(observe(
                m.step(),
                m.lossD(),
                m.lossG(),
                objective.realScore(m.dReal(), m.dFake()),
                objective.fakeScore(m.dReal(), m.dFake())));
        run.report(observeOverfitting(m.step(), m.rt(), m.augmentP()));
    }

    /** {@link #observeOverfitting(long, float, float)} of a run whose augmentation probability is not known. */
    public List<Warning> observeOverfitting(long step, float rt) {
        return observeOverfitting(step, rt, Float.NaN);
    }

    /**
     * Feeds one step's r_t ({@link Objective#overfitting}; NaN for objectives without one, which are never judged);
     * warns when past {@link #WARM_UP} steps its mean over {@link #WINDOW} steps exceeds {@link #OVERFITTING}, with
     * advice that depends on the augmentation: none, fixed, adaptive still rising, or adaptive at its maximum.
     *
     * @param augmentP the step's augmentation probability ({@link StepMetrics#augmentP}); NaN when unknown or none
     */
    public List<Warning> observeOverfitting(long step, float rt, float augmentP) {
        List<Warning> out = new ArrayList<>();
        if (Float.isNaN(rt)) {
            return out;
        }
        rts.addLast(rt);
        rtSum += rt;
        if (rts.size() > WINDOW) {
            rtSum -= rts.removeFirst();
        }
        double mean = rtSum / rts.size();
        if (rts.size() == WINDOW && step >= WARM_UP && mean > OVERFITTING) {
            String advice;
            if (augment.isEmpty()) {
                advice = "Augment what D sees (--augment translation,cutout; docs/training.md, \"Stabilisers\")";
            } else if (adaptive && augmentP < 1) {
                advice = String.format(
                        Locale.ROOT,
                        "The adaptive augmentation (--augment %s) is raising its probability (p %.3f now) but has not"
                                + " caught up: let it move faster (a smaller --augment-speed), or stop at the best step"
                                + " (--quality-every)",
                        augment,
                        augmentP);
            } else if (adaptive || augmentP >= 1) {
                advice = "The augmentation (--augment " + augment + ") is at its maximum (every transform on every"
                        + " image) and not enough: add the transforms it lacks (translation, cutout), or stop at the"
                        + " best step (--quality-every)";
            } else if (augmentP < 1) {
                advice = String.format(
                        Locale.ROOT,
                        "The augmentation (--augment %s at p %.2f) is not enough: let ADA raise its probability while"
                                + " D memorises (--augment-target 0.6), or stop at the best step (--quality-every)",
                        augment,
                        augmentP);
            } else {
                advice = "The augmentation (--augment " + augment + ") is not enough: add the transforms it lacks"
                        + " (translation, cutout), or stop at the best step (--quality-every)";
            }
            warn(
                    out,
                    step,
                    Kind.D_OVERFITS,
                    String.format(
                            Locale.ROOT,
                            "the discriminator is memorising the training images: over the last %d steps it called"
                                    + " %.0f%% of the real images real (r_t %.2f; Karras et al. 2020 keep it near 0.6),"
                                    + " so what it tells G is about those images rather than their kind. %s.",
                            WINDOW,
                            50 * (1 + mean),
                            mean,
                            advice));
        }
        return out;
    }

    /**
     * Feeds one step; returns the warnings it raises (usually none).
     *
     * @param realScore the objective's score of real data ({@link Objective#realScore}), e.g. D's mean probability
     * @param fakeScore the objective's score of generated data ({@link Objective#fakeScore})
     */
    public List<Warning> observe(long step, double lossD, double lossG, double realScore, double fakeScore) {
        List<Warning> out = new ArrayList<>();
        double[] v = {lossD, lossG, realScore, fakeScore};
        window.addLast(v);
        for (int i = 0; i < 4; i++) {
            sums[i] += v[i];
        }
        if (window.size() > WINDOW) {
            double[] old = window.removeFirst();
            for (int i = 0; i < 4; i++) {
                sums[i] -= old[i];
            }
        }
        if (window.size() < WINDOW) {
            return out;
        }
        double dReal = sums[2] / WINDOW;
        double dFake = sums[3] / WINDOW;
        boolean judged = objective.judgesBalance();
        if (judged && dReal > DOMINANT && dFake < 1 - DOMINANT) {
            warn(
                    out,
                    step,
                    Kind.D_OVERPOWERS_G,
                    String.format(
                            Locale.ROOT,
                            "the discriminator overpowers the generator: over the last %d steps D(x) averaged %.3f and D(G(z)) %.3f,"
                                    + " so G learns little. Lower D's learning rate (--lr-d) or raise G's (--lr-g).",
                            WINDOW,
                            dReal,
                            dFake));
        }
        if (judged && dFake > 0.7 && dFake > dReal) {
            warn(
                    out,
                    step,
                    Kind.G_OVERPOWERS_D,
                    String.format(
                            Locale.ROOT,
                            "the generator overpowers the discriminator: over the last %d steps D(G(z)) averaged %.3f, above"
                                    + " D(x) %.3f; D no longer tells real from fake. Raise D's learning rate or lower G's.",
                            WINDOW,
                            dFake,
                            dReal));
        }
        if (step % WINDOW == 0) {
            double magnitude = objective.lossMagnitude(sums[0] / WINDOW, sums[1] / WINDOW);
            int n = magnitudes.size();
            if (n >= 2
                    && magnitude > magnitudes.get(n - 1)
                    && magnitudes.get(n - 1) > magnitudes.get(n - 2)
                    && smallestMagnitude > 1e-3
                    && magnitude > GROWTH * smallestMagnitude) {
                warn(
                        out,
                        step,
                        Kind.DIVERGING,
                        String.format(
                                Locale.ROOT,
                                "training is diverging: the losses' average magnitude has grown from %.3g to %.3g and is still"
                                        + " rising. Lower the learning rates, or for WGAN check the Lipschitz constraint"
                                        + " (--gp-weight or --clip).",
                                smallestMagnitude,
                                magnitude));
            }
            smallestMagnitude = Math.min(smallestMagnitude, magnitude);
            magnitudes.add(magnitude);
        }
        return out;
    }

    /**
     * Feeds the diversity of the fixed-noise samples relative to real data; warns when it collapses: when it is
     * below half of real data's and has either fallen to half of its best so far, or stayed low past
     * {@link #WARM_UP} steps. (A freshly initialised generator draws nearly the same image for every z; that is
     * not a collapse.)
     *
     * @param ratio mean pairwise distance of generated samples / that of real images
     */
    public List<Warning> observeDiversity(long step, double ratio) {
        List<Warning> out = new ArrayList<>();
        boolean fell = ratio < 0.5 * bestDiversity;
        bestDiversity = Math.max(bestDiversity, ratio);
        if (ratio < COLLAPSED && (fell || step >= WARM_UP)) {
            warn(
                    out,
                    step,
                    Kind.MODE_COLLAPSE,
                    String.format(
                            Locale.ROOT,
                            "diversity is collapsing: the fixed-noise samples are only %.0f%% as varied as real images"
                                    + " (mean pairwise distance); the generator is producing few distinct images (mode collapse).",
                            100 * ratio));
        }
        return out;
    }

    private void warn(List<Warning> out, long step, Kind kind, String message) {
        if (step - lastWarned[kind.ordinal()] >= COOLDOWN) {
            lastWarned[kind.ordinal()] = step;
            out.add(new Warning(step, kind, message));
        }
    }

    /**
     * Mean Euclidean distance over all pairs of {@code n} images of {@code size} floats each.
     */
    public static double meanPairwiseDistance(float[] images, int n, int size) {
        double total = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                for (int k = 0; k < size; k++) {
                    double x = images[i * size + k] - images[j * size + k];
                    d += x * x;
                }
                total += Math.sqrt(d);
                pairs++;
            }
        }
        return pairs == 0 ? 0 : total / pairs;
    }
}
