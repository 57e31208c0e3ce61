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
     * Great circle for the direction, straight line for the length: with {@code r(t) = (1 - t)|a| + t|b|} and
     * {@code w} the angle between {@code a} and {@code b}, the point is
     * {@code r(t) (sin((1 - t) w) a/|a| + sin(t w) b/|b|) / sin w}, computed as {@code r(t) (cos(t w) a/|a| + sin(t w) p)}
     * with {@code p} the unit vector of b's direction orthogonal to a's (Shoemake 1985 on the unit directions; White 2016,
     * "Sampling Generative Networks", for latents). For vectors of one length this is the usual slerp. Its length is
     * always {@code r(t)}, between the ends' lengths, and it changes continuously with {@code a} and {@code b}: the
     * usual formula applied to vectors of different lengths grows without bound as they approach opposite directions
     * (length 2000 midway between (1, 0, 0) and (-2, 0.001, 0)). Parallel vectors (and a zero vector) take the
     * straight line, which is then the same path. Exactly opposite directions have no one great circle (every one is
     * as short); they take the one towards the axis {@code a} has least of. Arithmetic in float64; the angle comes
     * from atan2 of the parallel and orthogonal parts of {@code b}'s direction, which stays accurate near opposite.
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
            // Unit directions, and the part of b's direction orthogonal to a's: the angle from atan2 of the two parts
            // and the plane from that orthogonal part stay consistent even when a and b are nearly opposite, where
            // acos of the cosine loses most of its digits.
            double cos = 0;
            for (int j = 0; j < n; j++) {
                cos += (a[j] / na) * (b[j] / nb);
            }
            double[] perp = new double[n];
            double ss = 0;
            for (int j = 0; j < n; j++) {
                perp[j] = b[j] / nb - cos * a[j] / na;
                ss += perp[j] * perp[j];
            }
            double sin = Math.sqrt(ss);
            if (sin < 1e-7 && cos > 0) {
                return lerp(a, b, t);
            }
            double r = (1 - t) * na + t * nb;
            double[] direction = new double[n];
            if (sin < 1e-7) {
                // Opposite: turn from a towards u, the unit vector orthogonal to a from the axis a has least of.
                int m = 0;
                for (int j = 1; j < n; j++) {
                    if (Math.abs(a[j]) < Math.abs(a[m])) {
                        m = j;
                    }
                }
                double am = a[m] / na;
                double un = Math.sqrt(Math.max(1 - am * am, 0)); // |e_m - (a.e_m) a / |a|^2|
                for (int j = 0; j < n; j++) {
                    perp[j] = ((j == m ? 1 : 0) - am * a[j] / na) / un;
                }
                sin = 0; // the angle is pi
                cos = -1;
            } else {
                for (int j = 0; j < n; j++) {
                    perp[j] /= sin;
                }
            }
            double omega = Math.atan2(sin, cos);
            double c = Math.cos(t * omega);
            double s = Math.sin(t * omega);
            for (int j = 0; j < n; j++) {
                direction[j] = c * a[j] / na + s * perp[j];
            }
            // The direction is a unit vector in exact arithmetic; dividing by its computed length keeps |out| = r.
            double dd = 0;
            for (double d : direction) {
                dd += d * d;
            }
            double scale = r / Math.sqrt(dd);
            float[] out = new float[n];
            for (int j = 0; j < n; j++) {
                out[j] = (float) (scale * direction[j]);
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
            throw new IllegalArgumentException(
                    "interpolate: expected two vectors of one length, found " + a.length + " and " + b.length);
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
