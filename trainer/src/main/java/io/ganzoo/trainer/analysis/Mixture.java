package io.ganzoo.trainer.analysis;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A 2-D mixture of equal-weight Gaussians and the mode-coverage scores of the VEEGAN and PacGAN experiments:
 * a sample is <em>high quality</em> when it lies within 3 standard deviations of its nearest mode; a mode is
 * <em>captured</em> when it is the nearest mode of at least one high-quality sample; the reverse KL compares the
 * mode histogram of the high-quality samples with the uniform one.
 *
 * @param name  {@code ring} or {@code grid}
 * @param modes mode centres, {@code modes.length x 2}
 * @param sd    standard deviation of every mode (isotropic)
 */
public record Mixture(String name, double[][] modes, double sd) {

    /** Eight Gaussians evenly on the unit circle, sd 0.01. */
    public static Mixture ring() {
        double[][] m = new double[8][];
        for (int i = 0; i < 8; i++) {
            double a = 2 * Math.PI * i / 8;
            m[i] = new double[] {Math.cos(a), Math.sin(a)};
        }
        return new Mixture("ring", m, 0.01);
    }

    /** 25 Gaussians at {-4, -2, 0, 2, 4}^2, sd 0.05. */
    public static Mixture grid() {
        double[][] m = new double[25][];
        for (int i = 0; i < 25; i++) {
            m[i] = new double[] {-4 + 2 * (i / 5), -4 + 2 * (i % 5)};
        }
        return new Mixture("grid", m, 0.05);
    }

    /** The mixture called {@code name}. */
    public static Mixture named(String name) {
        return switch (name) {
            case "ring" -> ring();
            case "grid" -> grid();
            default -> throw new IllegalArgumentException("mixture: expected ring or grid, found " + name);
        };
    }

    /** {@code n} samples, {@code x0, y0, x1, y1, ...}; deterministic for the random source. */
    public float[] sample(int n, SplittableRandom r) {
        float[] out = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double[] m = modes[r.nextInt(modes.length)];
            out[2 * i] = (float) (m[0] + sd * gaussian(r));
            out[2 * i + 1] = (float) (m[1] + sd * gaussian(r));
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Largest coordinate a sample reaches, for plots. */
    public double extent() {
        double e = 0;
        for (double[] m : modes) {
            e = Math.max(e, Math.max(Math.abs(m[0]), Math.abs(m[1])));
        }
        return e;
    }

    /**
     * Mode coverage of a sample set.
     *
     * @param modes         modes with at least one high-quality sample (VEEGAN's rule)
     * @param modesStrict   modes with at least a quarter of their fair share of high-quality samples
     *                      ({@code n / (4 K)}), a stricter count in the spirit of PacGAN's
     * @param highQuality   fraction of samples within 3 sd of their nearest mode
     * @param reverseKl     KL(q || uniform) of the mode histogram q of the high-quality samples (0: perfectly even;
     *                      log K: all in one mode; infinite when there is no high-quality sample)
     * @param counts        high-quality samples per mode
     */
    public record Score(int modes, int modesStrict, double highQuality, double reverseKl, int[] counts) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "modes %d (strict %d), high quality %.1f%%, reverse KL %.3f",
                    modes,
                    modesStrict,
                    100 * highQuality,
                    reverseKl);
        }
    }

    /** Scores {@code points} ({@code x0, y0, x1, y1, ...}). */
    public Score score(float[] points) {
        int n = points.length / 2;
        int k = modes.length;
        int[] counts = new int[k];
        int hq = 0;
        double limit = 3 * sd;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int m = 0; m < k; m++) {
                double dx = points[2 * i] - modes[m][0];
                double dy = points[2 * i + 1] - modes[m][1];
                double d = dx * dx + dy * dy;
                if (d < bestD) {
                    bestD = d;
                    best = m;
                }
            }
            if (Math.sqrt(bestD) <= limit) {
                counts[best]++;
                hq++;
            }
        }
        int captured = 0;
        int strict = 0;
        double kl = 0;
        for (int c : counts) {
            if (c > 0) {
                captured++;
                double q = c / (double) hq;
                kl += q * Math.log(q * k);
            }
            if (c >= n / (4.0 * k)) {
                strict++;
            }
        }
        return new Score(captured, strict, hq / (double) n, hq == 0 ? Double.POSITIVE_INFINITY : kl, counts);
    }
}
