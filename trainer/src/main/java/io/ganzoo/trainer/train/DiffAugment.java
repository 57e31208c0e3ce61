package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Differentiable augmentation of the images a discriminator sees (DiffAugment, Zhao et al. 2020, "Differentiable
 * Augmentation for Data-Efficient GAN Training"), with the reference implementation's three transforms and
 * parameters, applied to real and generated images alike and differentiable for G:
 *
 * <ul>
 *   <li>{@code color}: per image, brightness {@code x + (b - 0.5)}, saturation {@code (x - mean_c) * 2s + mean_c},
 *       contrast {@code (x - mean_chw) * (c + 0.5) + mean_chw}, with b, s, c ~ U(0, 1);</li>
 *   <li>{@code translation}: per image, a shift by whole pixels drawn from [-r, r] in each axis,
 *       {@code r = round(size / 8)}, filling with 0;</li>
 *   <li>{@code cutout}: per image, a square of half the image's size (rounded) whose centre is uniform over the image,
 *       set to 0 (clipped at the borders).</li>
 * </ul>
 *
 * <p>Every transform is a fixed linear (affine, for brightness) map of the pixels once its parameters are drawn, built
 * from ordinary ops (translation as two batched shift-matrix products), so PyTorch differentiates it and gradient
 * penalties taken at D's input see the augmented image. Parameters come from a {@link SplittableRandom} seeded by the
 * run's seed and the step ({@link #startStep}), so a resumed run augments exactly as an uninterrupted one.
 */
public final class DiffAugment {
    /** The transforms, in the order they are applied. */
    public enum Op {
        COLOR,
        TRANSLATION,
        CUTOUT;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The parameters of one batch's augmentation; arrays of length N (one value per image), null where not used. */
    public record Params(
            float[] brightness,
            float[] saturation,
            float[] contrast,
            int[] shiftY,
            int[] shiftX,
            int[] cutoutY,
            int[] cutoutX) {}

    private final Set<Op> ops;
    private final long seed;
    private float p;
    private SplittableRandom random;

    /**
     * Every transform on every image ({@code p = 1}).
     *
     * @param policy comma-separated transforms ({@code color,translation,cutout}); not empty
     * @param seed   the run's seed
     */
    public DiffAugment(String policy, long seed) {
        this(policy, 1f, seed);
    }

    /**
     * @param policy comma-separated transforms ({@code color,translation,cutout}); not empty
     * @param p      probability in [0, 1] that each transform is applied to each image, drawn independently (ADA's
     *               p, Karras et al. 2020); a transform not applied is the identity for that image
     * @param seed   the run's seed
     */
    public DiffAugment(String policy, float p, long seed) {
        this.ops = parsePolicy(policy);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("augment: expected at least one of color, translation, cutout");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("augment probability: expected a number in [0, 1], found " + p);
        }
        this.seed = seed;
        this.p = p;
        startStep(0);
    }

    /** The probability each transform is applied to each image. */
    public float probability() {
        return p;
    }

    /**
     * Sets the probability for the batches that follow ({@link AdaptiveAugment} moves it during a run).
     *
     * @param p a probability in [0, 1]
     * @throws IllegalArgumentException when it is not
     */
    public void setProbability(float p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("augment probability: expected a number in [0, 1], found " + p);
        }
        this.p = p;
    }

    /**
     * Whether this image gets the next transform: always at {@code p = 1}, drawing nothing, so the parameter stream
     * is the one DiffAugment without a probability draws (runs and checkpoints from before keep their augmentation).
     */
    private boolean applies() {
        return p >= 1 || random.nextDouble() < p;
    }

    /**
     * The transforms of a policy such as {@code color,translation,cutout} (any order, each at most once); empty for
     * an empty policy.
     *
     * @throws IllegalArgumentException naming the valid words for an unknown one
     */
    public static Set<Op> parsePolicy(String policy) {
        Set<Op> out = EnumSet.noneOf(Op.class);
        if (policy == null || policy.isEmpty()) {
            return out;
        }
        for (String w : policy.split(",", -1)) {
            String word = w.trim().toLowerCase(Locale.ROOT);
            Op op = null;
            for (Op o : Op.values()) {
                if (o.word().equals(word)) {
                    op = o;
                }
            }
            if (op == null || !out.add(op)) {
                throw new IllegalArgumentException("augment: expected a comma-separated list of color, translation"
                        + " and cutout (each once), found '" + policy + "'");
            }
        }
        return out;
    }

    /** The transforms this augmentation applies. */
    public Set<Op> ops() {
        return EnumSet.copyOf(ops);
    }

    /** Restarts the parameter stream for G step {@code step}: what follows is a function of the seed and step. */
    public void startStep(long step) {
        random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + 0x61756731L);
    }

    /** Augments a batch (N, C, H, W) with parameters drawn from the step's stream. */
    public NDArray apply(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("augment: expected images (N, C, H, W), found " + s);
        }
        return apply(x, draw((int) s.get(0), (int) s.get(2), (int) s.get(3)));
    }

    /** Draws one batch's parameters for images of {@code h x w}. */
    public Params draw(int n, int h, int w) {
        float[] b = null;
        float[] sat = null;
        float[] con = null;
        int[] ty = null;
        int[] tx = null;
        int[] cy = null;
        int[] cx = null;
        if (ops.contains(Op.COLOR)) {
            b = uniform(n);
            sat = uniform(n);
            con = uniform(n);
            for (int i = 0; i < n; i++) {
                if (!applies()) { // the identity: brightness + 0, saturation x 1, contrast x 1
                    b[i] = 0.5f;
                    sat[i] = 0.5f;
                    con[i] = 0.5f;
                }
            }
        }
        if (ops.contains(Op.TRANSLATION)) {
            int ry = shiftRange(h);
            int rx = shiftRange(w);
            ty = new int[n];
            tx = new int[n];
            for (int i = 0; i < n; i++) {
                ty[i] = random.nextInt(-ry, ry + 1);
                tx[i] = random.nextInt(-rx, rx + 1);
                if (!applies()) {
                    ty[i] = 0;
                    tx[i] = 0;
                }
            }
        }
        if (ops.contains(Op.CUTOUT)) {
            int sy = cutoutSize(h);
            int sx = cutoutSize(w);
            cy = new int[n];
            cx = new int[n];
            for (int i = 0; i < n; i++) {
                cy[i] = random.nextInt(h + (1 - sy % 2));
                cx[i] = random.nextInt(w + (1 - sx % 2));
                if (!applies()) { // a square wholly outside the image: nothing cut
                    cy[i] = NO_CUTOUT;
                    cx[i] = NO_CUTOUT;
                }
            }
        }
        return new Params(b, sat, con, ty, tx, cy, cx);
    }

    /** A cutout centre far outside any image: the square covers no pixel. */
    static final int NO_CUTOUT = -(1 << 20);

    /** Largest translation for an axis of {@code size} pixels: {@code round(size / 8)}. */
    public static int shiftRange(int size) {
        return (int) (size * 0.125 + 0.5);
    }

    /** Side of the cutout square for an axis of {@code size} pixels: {@code round(size / 2)}. */
    public static int cutoutSize(int size) {
        return (int) (size * 0.5 + 0.5);
    }

    /**
     * Augments {@code x} (N, C, H, W) with the given parameters: colour, then translation, then cutout, each where
     * its parameters are not null.
     */
    public static NDArray apply(NDArray x, Params p) {
        Shape s = x.getShape();
        int n = (int) s.get(0);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDManager m = x.getManager();
        NDArray y = x;
        if (p.brightness() != null) {
            y = y.add(perImage(m, p.brightness(), -0.5f, 1f, n, x));
            NDArray mean = y.mean(new int[] {1}, true);
            y = y.sub(mean).mul(perImage(m, p.saturation(), 0f, 2f, n, x)).add(mean);
            NDArray all = y.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
            y = y.sub(all).mul(perImage(m, p.contrast(), 0.5f, 1f, n, x)).add(all);
        }
        if (p.shiftY() != null) {
            // out[i][j] = x[i + ty][j + tx] inside the image, else 0: rows by Sy (N,1,H,H) @ x, columns by x @ Sx
            float[] sy = new float[n * h * h];
            float[] sx = new float[n * w * w];
            for (int k = 0; k < n; k++) {
                for (int i = 0; i < h; i++) {
                    int src = i + p.shiftY()[k];
                    if (src >= 0 && src < h) {
                        sy[(k * h + i) * h + src] = 1;
                    }
                }
                for (int j = 0; j < w; j++) {
                    int src = j + p.shiftX()[k];
                    if (src >= 0 && src < w) {
                        sx[(k * w + src) * w + j] = 1;
                    }
                }
            }
            NDArray rows = m.create(sy, new Shape(n, 1, h, h)).toType(x.getDataType(), false);
            NDArray cols = m.create(sx, new Shape(n, 1, w, w)).toType(x.getDataType(), false);
            y = rows.matMul(y).matMul(cols);
        }
        if (p.cutoutY() != null) {
            float[] mask = new float[n * h * w];
            Arrays.fill(mask, 1f);
            int hy = cutoutSize(h);
            int hx = cutoutSize(w);
            for (int k = 0; k < n; k++) {
                int y0 = p.cutoutY()[k] - hy / 2;
                int x0 = p.cutoutX()[k] - hx / 2;
                for (int i = Math.max(0, y0); i < Math.min(h, y0 + hy); i++) {
                    for (int j = Math.max(0, x0); j < Math.min(w, x0 + hx); j++) {
                        mask[(k * h + i) * w + j] = 0;
                    }
                }
            }
            y = y.mul(m.create(mask, new Shape(n, 1, h, w)).toType(x.getDataType(), false));
        }
        return y;
    }

    /** One value per image, {@code offset + scale * u}, shaped (N, 1, 1, 1) to broadcast over an image. */
    private static NDArray perImage(NDManager m, float[] u, float offset, float scale, int n, NDArray like) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + scale * u[i];
        }
        return m.create(v, new Shape(n, 1, 1, 1)).toType(like.getDataType(), false);
    }

    private float[] uniform(int n) {
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) random.nextDouble();
        }
        return u;
    }

    /** The policy's words, in application order. */
    @Override
    public String toString() {
        List<String> words = new ArrayList<>();
        for (Op o : ops) {
            words.add(o.word());
        }
        return String.join(",", words);
    }
}
