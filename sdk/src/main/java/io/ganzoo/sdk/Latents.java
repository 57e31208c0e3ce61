package io.ganzoo.sdk;

import java.util.Arrays;

/**
 * An immutable batch of latent vectors of one size: what a generator turns into images. Draw them from a prior
 * with a seed ({@link #sample}), build them from your own numbers ({@link #of}), walk between them
 * ({@link #interpolate}, {@link #path}) and do arithmetic on them ({@link #plus}, {@link #minus}, {@link #mean},
 * {@link #direction}).
 *
 * <pre>{@code
 * Latents keys = g.latents(3, 7L);                              // three random vectors of g's size and prior
 * Latents walk = keys.path(16, Interpolation.SLERP);            // 2 x 16 steps through them
 * Images frames = g.generate(walk);
 *
 * Latents smiling = g.latents(30, 1L).select(2, 11, 17);         // exemplars you picked
 * Latents concept = smiling.mean();                              // averaged, as in the DCGAN paper
 * }</pre>
 *
 * <p>Every operation returns a new value; none changes its operands. Operations between two batches take either
 * the same number of vectors (elementwise) or a single vector on one side (applied to every vector of the other).
 */
public final class Latents {
    private final float[] data;
    private final int count;
    private final int size;

    private Latents(float[] data, int count, int size) {
        this.data = data;
        this.count = count;
        this.size = size;
    }

    /**
     * Latent vectors from your own numbers (copied).
     *
     * @param data {@code count * size} floats, row-major
     * @param size length of one vector
     */
    public static Latents of(float[] data, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("latent size: expected at least 1, found " + size);
        }
        if (data.length == 0 || data.length % size != 0) {
            throw new IllegalArgumentException(
                    "latent data: expected a positive multiple of the size " + size + " floats, found " + data.length);
        }
        for (float v : data) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("latent data: expected finite numbers, found " + v);
            }
        }
        return new Latents(data.clone(), data.length / size, size);
    }

    /** Latent vectors from rows of equal length (copied). */
    public static Latents of(float[]... vectors) {
        if (vectors.length == 0) {
            throw new IllegalArgumentException("latent vectors: expected at least one");
        }
        int size = vectors[0].length;
        float[] d = new float[values(vectors.length, size)];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != size) {
                throw new IllegalArgumentException("latent vector " + i + ": expected " + size
                        + " floats like vector 0," + " found " + vectors[i].length);
            }
            System.arraycopy(vectors[i], 0, d, i * size, size);
        }
        return of(d, size);
    }

    /** Vectors {@code 0 .. n-1} of the standard-normal stream for {@code seed} ({@link Noise}). */
    public static Latents sample(int n, int size, long seed) {
        return sample(n, size, seed, Prior.NORMAL);
    }

    /** Vectors {@code 0 .. n-1} of {@code prior}'s stream for {@code seed}. */
    public static Latents sample(int n, int size, long seed, Prior prior) {
        return sample(n, size, seed, prior, 0L);
    }

    /**
     * Vectors {@code first .. first + n - 1} of {@code prior}'s stream for {@code seed}: vector {@code k} depends only
     * on {@code (seed, k)}, so a run can be drawn in pieces.
     */
    public static Latents sample(int n, int size, long seed, Prior prior, long first) {
        float[] d = allocate(n, size);
        for (int i = 0; i < n; i++) {
            prior.draw(seed, first + i, d, i * size, size);
        }
        return new Latents(d, n, size);
    }

    /**
     * Like {@link #sample(int, int, long, Prior, long)} with the truncation trick: every component beyond
     * {@code threshold} is redrawn (not scaled), trading variety for typicality. For the normal prior the
     * threshold is in standard deviations (1.0 to 0.5 are common); vector {@code k} still depends only on
     * {@code (seed, k)}.
     *
     * @throws IllegalArgumentException when the threshold is below {@link Noise#MIN_TRUNCATION}
     */
    public static Latents sampleTruncated(int n, int size, long seed, Prior prior, long first, float threshold) {
        Noise.checkTruncation(threshold);
        float[] d = allocate(n, size);
        for (int i = 0; i < n; i++) {
            prior.drawTruncated(seed, first + i, threshold, d, i * size, size);
        }
        return new Latents(d, n, size);
    }

    private static float[] allocate(int n, int size) {
        if (n <= 0 || size <= 0) {
            throw new IllegalArgumentException(
                    "latents: expected at least 1 vector of at least 1 float, found " + n + " of " + size);
        }
        return new float[values(n, size)];
    }

    /**
     * {@code n * size} as an array length, in long arithmetic.
     *
     * @throws IllegalArgumentException when it does not fit in one Java array
     */
    static int values(long n, long size) {
        long v = n * size;
        if (n < 0 || size < 0 || (size != 0 && v / size != n) || v > Generator.MAX_ARRAY) {
            throw new IllegalArgumentException("latents: " + n + " vectors of " + size
                    + " floats do not fit in one array"
                    + " (at most " + Generator.MAX_ARRAY + " values); draw them in smaller runs (first, n) or stream"
                    + " images with Generator.batches");
        }
        return (int) v;
    }

    /** Number of vectors. */
    public int count() {
        return count;
    }

    /** Length of each vector. */
    public int size() {
        return size;
    }

    /** A copy of vector {@code i}. */
    public float[] vector(int i) {
        checkIndex(i);
        return Arrays.copyOfRange(data, i * size, (i + 1) * size);
    }

    /** A copy of all vectors, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /** Vectors {@code from .. to - 1}. */
    public Latents slice(int from, int to) {
        if (from < 0 || to > count || from >= to) {
            throw new IllegalArgumentException(
                    "slice: expected 0 <= from < to <= " + count + ", found " + from + ".." + to);
        }
        return new Latents(Arrays.copyOfRange(data, from * size, to * size), to - from, size);
    }

    /** The vectors at the given indices, in that order (repeats allowed). */
    public Latents select(int... indices) {
        float[] d = allocate(indices.length, size);
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            System.arraycopy(data, indices[i] * size, d, i * size, size);
        }
        return new Latents(d, indices.length, size);
    }

    /** All vectors of the given batches, one after another. */
    public static Latents concat(Latents... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: expected at least one batch");
        }
        int n = 0;
        for (Latents p : parts) {
            requireSameSize(parts[0], p, "concat");
            n = values(1, (long) n + p.count);
        }
        float[] d = new float[values(n, parts[0].size)];
        int at = 0;
        for (Latents p : parts) {
            System.arraycopy(p.data, 0, d, at, p.data.length);
            at += p.data.length;
        }
        return new Latents(d, n, parts[0].size);
    }

    // ---- arithmetic

    /** {@code this + other}, elementwise (a single vector on either side applies to every vector). */
    public Latents plus(Latents other) {
        return combine(other, 1f, "plus");
    }

    /** {@code this - other}, elementwise (a single vector on either side applies to every vector). */
    public Latents minus(Latents other) {
        return combine(other, -1f, "minus");
    }

    /** Every component times {@code factor}. */
    public Latents times(float factor) {
        float[] d = data.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        return new Latents(d, count, size);
    }

    /** The mean of all vectors: one vector. Averaging several exemplars gives a stabler concept vector. */
    public Latents mean() {
        float[] d = new float[size];
        for (int j = 0; j < size; j++) {
            double s = 0;
            for (int i = 0; i < count; i++) {
                s += data[i * size + j];
            }
            d[j] = (float) (s / count);
        }
        return new Latents(d, 1, size);
    }

    /** Euclidean norm of vector {@code i}. */
    public double norm(int i) {
        checkIndex(i);
        return Math.sqrt(dot(data, i * size, data, i * size, size));
    }

    /**
     * The direction from the mean of {@code negatives} to the mean of {@code positives} (mean difference): e.g.
     * latents whose images have a property minus latents whose images lack it.
     */
    public static Latents direction(Latents positives, Latents negatives) {
        requireSameSize(positives, negatives, "direction");
        return positives.mean().minus(negatives.mean());
    }

    /**
     * The direction of a property scored on each vector (e.g. a function of its generated image, such as its
     * brightness or a classifier's output): the mean of the highest-scoring {@code fraction} of the vectors minus the
     * mean of the lowest-scoring {@code fraction}.
     *
     * @param scores   one finite score per vector of {@code latents}
     * @param fraction of the vectors at each end, in (0, 0.5]
     */
    public static Latents direction(Latents latents, double[] scores, double fraction) {
        if (scores.length != latents.count) {
            throw new IllegalArgumentException(
                    "direction: expected one score per vector (" + latents.count + "), found " + scores.length);
        }
        if (!(fraction > 0 && fraction <= 0.5)) {
            throw new IllegalArgumentException("direction: fraction must be in (0, 0.5], found " + fraction);
        }
        int k = (int) Math.floor(latents.count * fraction);
        if (k < 1) {
            throw new IllegalArgumentException("direction: " + latents.count + " vectors x fraction " + fraction
                    + " leaves no vector at either end; score more vectors");
        }
        Integer[] order = new Integer[latents.count];
        for (int i = 0; i < order.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException(
                        "direction: score " + i + " is " + scores[i] + "; expected a finite number");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        int[] low = new int[k];
        int[] high = new int[k];
        for (int i = 0; i < k; i++) {
            low[i] = order[i];
            high[i] = order[order.length - 1 - i];
        }
        return direction(latents.select(high), latents.select(low));
    }

    /** The same vector scaled to length 1 ({@code this} must hold one vector, not all zero). */
    public Latents unit() {
        requireSingle(this, "unit");
        double n = norm(0);
        if (n == 0) {
            throw new IllegalArgumentException("unit: the zero vector has no direction");
        }
        return times((float) (1 / n));
    }

    /**
     * For each vector and each amount, the vector moved {@code amount} times {@code direction} (one vector):
     * {@code count * amounts.length} vectors, the amounts of vector 0 first.
     */
    public Latents along(Latents direction, float... amounts) {
        requireSingle(direction, "along: direction");
        requireSameSize(this, direction, "along");
        if (amounts.length == 0) {
            throw new IllegalArgumentException("along: expected at least one amount");
        }
        float[] d = allocate(values(count, amounts.length), size);
        for (int i = 0; i < count; i++) {
            for (int a = 0; a < amounts.length; a++) {
                int o = (i * amounts.length + a) * size;
                for (int j = 0; j < size; j++) {
                    d[o + j] = data[i * size + j] + amounts[a] * direction.data[j];
                }
            }
        }
        return new Latents(d, count * amounts.length, size);
    }

    /**
     * The DCGAN paper's neighbourhood view: {@code n} copies of each vector plus independent uniform noise in
     * {@code [-radius, radius]} (the paper used 0.25), drawn reproducibly from {@code seed}. The first copy of each
     * vector is the vector itself.
     */
    public Latents neighbourhood(int n, float radius, long seed) {
        if (!(radius >= 0) || Float.isInfinite(radius)) {
            throw new IllegalArgumentException("neighbourhood radius: expected a finite number >= 0, found " + radius);
        }
        float[] d = allocate(values(count, n), size);
        float[] u = new float[size];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < n; c++) {
                int o = (i * n + c) * size;
                System.arraycopy(data, i * size, d, o, size);
                if (c > 0) {
                    Noise.uniform(seed, (long) i * n + c, u, 0, size);
                    for (int j = 0; j < size; j++) {
                        d[o + j] += radius * u[j];
                    }
                }
            }
        }
        return new Latents(d, count * n, size);
    }

    // ---- interpolation

    /**
     * {@code steps} vectors from {@code a} to {@code b} (both single vectors), both ends included:
     * {@code t = 0, 1/(steps-1), ..., 1}.
     */
    public static Latents interpolate(Latents a, Latents b, int steps, Interpolation mode) {
        requireSingle(a, "interpolate: from");
        requireSingle(b, "interpolate: to");
        requireSameSize(a, b, "interpolate");
        if (steps < 2) {
            throw new IllegalArgumentException("interpolation steps: expected at least 2 (both ends), found " + steps);
        }
        float[] d = allocate(steps, a.size);
        for (int s = 0; s < steps; s++) {
            float[] v = mode.apply(a.data, b.data, s == steps - 1 ? 1.0 : (double) s / (steps - 1));
            System.arraycopy(v, 0, d, s * a.size, a.size);
        }
        return new Latents(d, steps, a.size);
    }

    /**
     * A walk through this batch's vectors in order (at least two key vectors): {@code steps} vectors per segment,
     * each key vector appearing once, {@code (count - 1) * steps + 1} vectors in all.
     *
     * @param steps vectors per segment, counting its first key but not its last (at least 1)
     */
    public Latents path(int steps, Interpolation mode) {
        if (count < 2) {
            throw new IllegalArgumentException("path: expected at least 2 key vectors, found " + count);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("path steps per segment: expected at least 1, found " + steps);
        }
        int n = values(count - 1, steps) + 1;
        float[] d = allocate(n, size);
        float[] a = new float[size];
        float[] b = new float[size];
        for (int k = 0; k + 1 < count; k++) {
            System.arraycopy(data, k * size, a, 0, size);
            System.arraycopy(data, (k + 1) * size, b, 0, size);
            for (int s = 0; s < steps; s++) {
                System.arraycopy(mode.apply(a, b, (double) s / steps), 0, d, (k * steps + s) * size, size);
            }
        }
        System.arraycopy(data, (count - 1) * size, d, (n - 1) * size, size);
        return new Latents(d, n, size);
    }

    private Latents combine(Latents other, float sign, String op) {
        requireSameSize(this, other, op);
        if (count != other.count && count != 1 && other.count != 1) {
            throw new IllegalArgumentException(
                    op + ": expected the same number of vectors or a single vector on one side," + " found " + count
                            + " and " + other.count);
        }
        int n = Math.max(count, other.count);
        float[] d = new float[values(n, size)];
        for (int i = 0; i < n; i++) {
            int a = (count == 1 ? 0 : i) * size;
            int b = (other.count == 1 ? 0 : i) * size;
            for (int j = 0; j < size; j++) {
                d[i * size + j] = data[a + j] + sign * other.data[b + j];
            }
        }
        return new Latents(d, n, size);
    }

    static double dot(float[] x, int xo, float[] y, int yo, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += (double) x[xo + j] * y[yo + j];
        }
        return s;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("latent vector " + i + ": expected an index in 0.." + (count - 1));
        }
    }

    private static void requireSameSize(Latents a, Latents b, String op) {
        if (a.size != b.size) {
            throw new IllegalArgumentException(op + ": latent sizes differ: " + a.size + " and " + b.size);
        }
    }

    private static void requireSingle(Latents a, String op) {
        if (a.count != 1) {
            throw new IllegalArgumentException(
                    op + ": expected a single vector, found " + a.count + " (use select(i) or mean())");
        }
    }

    /** Raw access for the generator (no copy). */
    float[] data() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Latents l && l.size == size && Arrays.equals(l.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Latents[" + count + " x " + size + "]";
    }
}
