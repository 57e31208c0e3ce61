package io.ganzoo.sdk;

/**
 * How to move between two latent vectors.
 *
 * <p>In a 100-dimensional standard normal almost all the mass lies near the sphere of radius 10 ("the shell"); the
 * straight line between two samples cuts inside it, where the generator saw no training latents, and the images
 * midway tend to be faded or blurred. Spherical interpolation follows the great circle instead and keeps the
 * midpoints as typical as the ends (White 2016, "Sampling Generative Networks").
 */
public enum Interpolation {
    /** Straight line: {@code (1 - t) a + t b}. */
    LERP {
        @Override
        float[] interpolate(float[] a, float[] b, double t) {
            return lerp(a, b, t);
        }
    },
    /**
     * Great circle: {@code sin((1 - t) w) / sin w * a + sin(t w) / sin w * b} with {@code w} the angle between
     * {@code a} and {@code b}. Parallel vectors (and a zero vector) fall back to the straight line, which is then the
     * same path; antiparallel vectors, for which every great circle is as short, take the one towards the axis
     * {@code a} has least of, with the length moving linearly from {@code |a|} to {@code |b|}.
     */
    SLERP {
        @Override
        float[] interpolate(float[] a, float[] b, double t) {
            int n = a.length;
            double na = Math.sqrt(Latents.dot(a, 0, a, 0, n));
            double nb = Math.sqrt(Latents.dot(b, 0, b, 0, n));
            if (na == 0 || nb == 0) {
                return lerp(a, b, t);
            }
            double cos = Math.max(-1, Math.min(1, Latents.dot(a, 0, b, 0, n) / (na * nb)));
            double omega = Math.acos(cos);
            double sin = Math.sin(omega);
            if (sin < 1e-6 && cos > 0) {
                return lerp(a, b, t);
            }
            float[] out = new float[n];
            if (sin < 1e-6) {
                // Antiparallel: a unit vector u orthogonal to a, from the coordinate axis a has least of.
                int m = 0;
                for (int j = 1; j < n; j++) {
                    if (Math.abs(a[j]) < Math.abs(a[m])) {
                        m = j;
                    }
                }
                double[] u = new double[n];
                double am = a[m] / na;
                double uu = 0;
                for (int j = 0; j < n; j++) {
                    u[j] = (j == m ? 1 : 0) - am * a[j] / na;
                    uu += u[j] * u[j];
                }
                double un = Math.sqrt(uu);
                double r = (1 - t) * na + t * nb;
                double c = Math.cos(Math.PI * t);
                double s = Math.sin(Math.PI * t);
                for (int j = 0; j < n; j++) {
                    out[j] = (float) (r * (c * a[j] / na + s * u[j] / un));
                }
                return out;
            }
            double wa = Math.sin((1 - t) * omega) / sin;
            double wb = Math.sin(t * omega) / sin;
            for (int j = 0; j < n; j++) {
                out[j] = (float) (wa * a[j] + wb * b[j]);
            }
            return out;
        }
    };

    /**
     * The point at {@code t} between {@code a} ({@code t = 0}) and {@code b} ({@code t = 1}); the ends are returned
     * exactly.
     *
     * @throws IllegalArgumentException when {@code t} is outside [0, 1] or the lengths differ
     */
    public float[] apply(float[] a, float[] b, double t) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("interpolate: expected two vectors of one length, found " + a.length
                    + " and " + b.length);
        }
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException("interpolate: t must be in [0, 1], found " + t
                    + " (to go beyond the ends, use vector arithmetic: Latents.along)");
        }
        if (t == 0) {
            return a.clone();
        }
        if (t == 1) {
            return b.clone();
        }
        return interpolate(a, b, t);
    }

    abstract float[] interpolate(float[] a, float[] b, double t);

    static float[] lerp(float[] a, float[] b, double t) {
        float[] out = new float[a.length];
        for (int j = 0; j < a.length; j++) {
            out[j] = (float) ((1 - t) * a[j] + t * b[j]);
        }
        return out;
    }
}
