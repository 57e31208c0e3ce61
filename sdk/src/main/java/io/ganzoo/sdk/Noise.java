package io.ganzoo.sdk;

/**
 * Reproducible standard-normal latent vectors: the same {@code (seed, index)} gives the same floats on every JVM and
 * on Android.
 *
 * <p>Algorithm (fixed; changing it changes every published sample): vector {@code index} of a run with {@code seed}
 * comes from a SplitMix64 stream (Steele, Lea and Flood 2014) whose state starts at
 * {@code mix64(seed + 0x9E3779B97F4A7C15 * (index + 1))}. Each step adds {@code 0x9E3779B97F4A7C15} to the state
 * and outputs {@code mix64(state)}; a uniform double is the top 53 bits times 2<sup>-53</sup>. Pairs of uniforms
 * {@code (u1, u2)} become two normals by the Box-Muller transform {@code sqrt(-2 ln(1 - u1)) * cos/sin(2 pi u2)}
 * computed with {@link StrictMath} (bit-exact across platforms) and rounded to float.
 *
 * <p>Because each vector depends only on {@code (seed, index)}, image {@code k} of a run is the same whatever the
 * batch size, thread count or split of the run.
 *
 * <p>Truncated normal vectors ({@link #truncatedNormal}) read the same stream's normals in the same order and keep
 * only those with {@code |v| <= threshold}, reading further normals until the vector is full; with no normal
 * beyond the threshold they equal {@link #standardNormal}'s. Uniform vectors ({@link #uniform}) map each uniform
 * double {@code u} of the stream to {@code (float) (2u - 1)}.
 */
public final class Noise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Noise() {}

    /**
     * Fills {@code dst[offset .. offset + dim)} with vector {@code index} of the stream for {@code seed}.
     */
    public static void standardNormal(long seed, long index, float[] dst, int offset, int dim) {
        long state = mix64(seed + GOLDEN * (index + 1));
        for (int i = 0; i < dim; i += 2) {
            state += GOLDEN;
            double u1 = (mix64(state) >>> 11) * 0x1.0p-53;
            state += GOLDEN;
            double u2 = (mix64(state) >>> 11) * 0x1.0p-53;
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1));
            double theta = 2.0 * StrictMath.PI * u2;
            dst[offset + i] = (float) (r * StrictMath.cos(theta));
            if (i + 1 < dim) {
                dst[offset + i + 1] = (float) (r * StrictMath.sin(theta));
            }
        }
    }

    /**
     * Fills {@code dst[offset .. offset + dim)} with vector {@code index} of the stream for {@code seed}, every
     * component drawn from the standard normal truncated to {@code [-threshold, threshold]} by resampling (the
     * truncation trick of BigGAN, Brock et al. 2019: components are redrawn, not scaled).
     *
     * @param threshold at least {@link #MIN_TRUNCATION}
     */
    public static void truncatedNormal(long seed, long index, float threshold, float[] dst, int offset, int dim) {
        checkTruncation(threshold);
        long state = mix64(seed + GOLDEN * (index + 1));
        int i = 0;
        while (i < dim) {
            state += GOLDEN;
            double u1 = (mix64(state) >>> 11) * 0x1.0p-53;
            state += GOLDEN;
            double u2 = (mix64(state) >>> 11) * 0x1.0p-53;
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u1));
            double theta = 2.0 * StrictMath.PI * u2;
            float a = (float) (r * StrictMath.cos(theta));
            if (Math.abs(a) <= threshold) {
                dst[offset + i++] = a;
            }
            float b = (float) (r * StrictMath.sin(theta));
            if (i < dim && Math.abs(b) <= threshold) {
                dst[offset + i++] = b;
            }
        }
    }

    /** Smallest truncation threshold: below it most draws are rejected (about 96% at 0.05). */
    public static final float MIN_TRUNCATION = 0.05f;

    static void checkTruncation(float threshold) {
        if (!(threshold >= MIN_TRUNCATION)) {
            throw new IllegalArgumentException("truncation threshold: expected at least " + MIN_TRUNCATION
                    + " (standard deviations), found " + threshold);
        }
    }

    /** Fills {@code dst[offset .. offset + dim)} with vector {@code index} of the stream, uniform in [-1, 1). */
    public static void uniform(long seed, long index, float[] dst, int offset, int dim) {
        long state = mix64(seed + GOLDEN * (index + 1));
        for (int i = 0; i < dim; i++) {
            state += GOLDEN;
            dst[offset + i] = (float) (2.0 * ((mix64(state) >>> 11) * 0x1.0p-53) - 1.0);
        }
    }

    /**
     * Vectors {@code first .. first + count - 1} of the stream for {@code seed}, concatenated ({@code count * dim}
     * floats, row-major).
     */
    public static float[] standardNormal(long seed, long first, int count, int dim) {
        float[] out = new float[Latents.values(count, dim)];
        for (int i = 0; i < count; i++) {
            standardNormal(seed, first + i, out, i * dim, dim);
        }
        return out;
    }

    /** SplitMix64's output function (Stafford's mix13). */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
