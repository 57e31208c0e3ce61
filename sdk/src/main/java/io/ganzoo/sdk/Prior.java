package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelFormat;

import java.util.Locale;

/**
 * The distribution a generator's latent vectors are drawn from, as named in its metadata
 * ({@code ganzoo.latent.prior}). Every draw is a function of {@code (seed, index)} only, through {@link Noise}.
 */
public enum Prior {
    /** Standard normal, {@code normal(0,1)}: the default, and what every ganzoo trainer uses. */
    NORMAL(ModelFormat.PRIOR_NORMAL),
    /** Uniform on [-1, 1), {@code uniform(-1,1)}, as in the DCGAN paper. */
    UNIFORM("uniform(-1,1)");

    private final String id;

    Prior(String id) {
        this.id = id;
    }

    /** The name used in model metadata. */
    public String id() {
        return id;
    }

    /**
     * The prior of a metadata name.
     *
     * @throws IllegalArgumentException naming the known priors when there is no such prior
     */
    public static Prior of(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT).replace(" ", "");
        for (Prior p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "latent prior '" + id + "' is not supported; expected " + NORMAL.id + " or " + UNIFORM.id);
    }

    /** Writes vector {@code index} of the stream for {@code seed} into {@code dst[offset .. offset + dim)}. */
    void draw(long seed, long index, float[] dst, int offset, int dim) {
        if (this == NORMAL) {
            Noise.standardNormal(seed, index, dst, offset, dim);
        } else {
            Noise.uniform(seed, index, dst, offset, dim);
        }
    }

    /**
     * Like {@link #draw}, with every component beyond {@code threshold} redrawn (normal: in standard deviations;
     * uniform: a threshold of 1 or more changes nothing).
     */
    void drawTruncated(long seed, long index, float threshold, float[] dst, int offset, int dim) {
        if (this == NORMAL) {
            Noise.truncatedNormal(seed, index, threshold, dst, offset, dim);
            return;
        }
        Noise.checkTruncation(threshold);
        // Uniform: map the stream's uniforms on [-1, 1) into [-t, t) when t < 1; the same distribution as
        // redrawing, without a loop.
        Noise.uniform(seed, index, dst, offset, dim);
        if (threshold < 1) {
            for (int i = 0; i < dim; i++) {
                dst[offset + i] *= threshold;
            }
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
