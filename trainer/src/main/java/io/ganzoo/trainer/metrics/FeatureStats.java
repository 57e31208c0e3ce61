package io.ganzoo.trainer.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Sample-quality scores between two sets of feature vectors (rows of {@code n x d} float arrays): the Frechet
 * distance (Heusel et al. 2017), the kernel inception distance (Binkowski et al. 2018) and improved precision and
 * recall (Kynkaanniemi et al. 2019). They are computed in whatever feature space the caller gives: here, the
 * penultimate layer of a classifier the project trains, so values are comparable only between models scored with the
 * same classifier, never with published Inception-based numbers.
 */
public final class FeatureStats {
    private FeatureStats() {}

    /** Mean vector of the rows. */
    static double[] mean(float[] f, int n, int d) {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[j] += f[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= n;
        }
        return m;
    }

    /** Sample covariance (divisor n - 1), d x d row major. */
    static double[] covariance(float[] f, int n, int d, double[] mean) {
        double[] c = new double[d * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                row[j] = f[i * d + j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ra = row[a];
                for (int b = a; b < d; b++) {
                    c[a * d + b] += ra * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                c[a * d + b] /= n - 1;
                c[b * d + a] = c[a * d + b];
            }
        }
        return c;
    }

    /**
     * Frechet distance between Gaussians fitted to the two sets:
     * {@code |m1 - m2|^2 + tr(C1) + tr(C2) - 2 tr((C1 C2)^1/2)}, with the trace of the matrix square root taken as
     * the sum of square roots of the eigenvalues of the symmetric {@code C1^1/2 C2 C1^1/2}.
     */
    public static double frechetDistance(float[] a, int na, float[] b, int nb, int d) {
        double[] m1 = mean(a, na, d);
        double[] m2 = mean(b, nb, d);
        double[] c1 = covariance(a, na, d, m1);
        double[] c2 = covariance(b, nb, d, m2);
        double dm = 0;
        for (int j = 0; j < d; j++) {
            dm += (m1[j] - m2[j]) * (m1[j] - m2[j]);
        }
        double tr = 0;
        for (int j = 0; j < d; j++) {
            tr += c1[j * d + j] + c2[j * d + j];
        }
        double[] root = sqrtPsd(c1, d);
        double[] inner = multiply(multiply(root, c2, d), root, d);
        double[] eig = SymmetricEigen.eigenvalues(inner, d);
        double trSqrt = 0;
        for (double e : eig) {
            trSqrt += Math.sqrt(Math.max(e, 0));
        }
        return dm + tr - 2 * trSqrt;
    }

    /** Square root of a symmetric positive semi-definite matrix (negative eigenvalues from rounding taken as 0). */
    static double[] sqrtPsd(double[] c, int d) {
        SymmetricEigen e = SymmetricEigen.of(c, d);
        double[] out = new double[d * d];
        for (int k = 0; k < d; k++) {
            double s = Math.sqrt(Math.max(e.values()[k], 0));
            for (int a = 0; a < d; a++) {
                double va = e.vectors()[a * d + k] * s;
                for (int b = 0; b < d; b++) {
                    out[a * d + b] += va * e.vectors()[b * d + k];
                }
            }
        }
        return out;
    }

    static double[] multiply(double[] x, double[] y, int d) {
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double v = x[i * d + k];
                for (int j = 0; j < d; j++) {
                    out[i * d + j] += v * y[k * d + j];
                }
            }
        }
        return out;
    }

    /**
     * KID: the unbiased estimate of the squared MMD with the cubic polynomial kernel {@code (x.y / d + 1)^3}, averaged
     * over {@code subsets} random subsets of {@code size} rows from each set.
     *
     * @return {mean, sd} over the subsets
     */
    public static double[] kid(float[] a, int na, float[] b, int nb, int d, int subsets, int size, long seed) {
        int m = Math.min(size, Math.min(na, nb));
        SplittableRandom r = new SplittableRandom(seed);
        double[] values = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] ia = choose(na, m, r);
            int[] ib = choose(nb, m, r);
            double kxx = kernelSum(a, ia, a, ia, d, true);
            double kyy = kernelSum(b, ib, b, ib, d, true);
            double kxy = kernelSum(a, ia, b, ib, d, false);
            values[s] = kxx / (m * (m - 1.0)) + kyy / (m * (m - 1.0)) - 2 * kxy / ((double) m * m);
        }
        return meanSd(values);
    }

    /** Mean and sample standard deviation (divisor n - 1; 0 for a single value). */
    public static double[] meanSd(double[] v) {
        double m = 0;
        for (double x : v) {
            m += x;
        }
        m /= v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return new double[] {m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0};
    }

    private static double kernelSum(float[] x, int[] ix, float[] y, int[] iy, int d, boolean skipDiagonal) {
        return IntStream.range(0, ix.length)
                .parallel()
                .mapToDouble(i -> {
                    double sum = 0;
                    int xo = ix[i] * d;
                    for (int j = 0; j < iy.length; j++) {
                        if (skipDiagonal && i == j) {
                            continue;
                        }
                        int yo = iy[j] * d;
                        float dot = 0;
                        for (int k = 0; k < d; k++) {
                            dot += x[xo + k] * y[yo + k];
                        }
                        double v = dot / (double) d + 1;
                        sum += v * v * v;
                    }
                    return sum;
                })
                .sum();
    }

    private static int[] choose(int n, int m, SplittableRandom r) {
        int[] p = IntStream.range(0, n).toArray();
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(n - i);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return Arrays.copyOf(p, m);
    }

    /**
     * Improved precision and recall with {@code k}-nearest-neighbour balls: precision is the fraction of generated
     * rows inside the ball of at least one real row (radius: distance to its k-th nearest real neighbour), recall the
     * fraction of real rows inside the ball of at least one generated row.
     *
     * @return {precision, recall}
     */
    public static double[] precisionRecall(float[] real, int nr, float[] fake, int nf, int d, int k) {
        if (nr <= k || nf <= k) {
            // with n <= k a row has fewer than k neighbours: every ball is infinite and both scores read 1.000
            throw new IllegalArgumentException("precision/recall with k = " + k + " nearest neighbours needs more than "
                    + k + " rows in each set, found " + nr + " real and " + nf + " generated; use at least "
                    + Evaluation.MIN_SAMPLES + " samples");
        }
        double[] rr = kthNeighbour(real, nr, d, k);
        double[] rf = kthNeighbour(fake, nf, d, k);
        return new double[] {coverage(fake, nf, real, nr, rr, d), coverage(real, nr, fake, nf, rf, d)};
    }

    /** Squared distance from each row to its k-th nearest other row of the same set. */
    static double[] kthNeighbour(float[] f, int n, int d, int k) {
        double[] out = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] best = new double[k];
            Arrays.fill(best, Double.MAX_VALUE);
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double dist = squaredDistance(f, i, f, j, d);
                if (dist < best[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && best[p - 1] > dist) {
                        best[p] = best[p - 1];
                        p--;
                    }
                    best[p] = dist;
                }
            }
            out[i] = best[k - 1];
        });
        return out;
    }

    /** Fraction of rows of {@code q} within the squared radius of some row of {@code ref}. */
    private static double coverage(float[] q, int nq, float[] ref, int nref, double[] radius, int d) {
        long inside = IntStream.range(0, nq)
                .parallel()
                .filter(i -> {
                    for (int j = 0; j < nref; j++) {
                        if (squaredDistance(q, i, ref, j, d) <= radius[j]) {
                            return true;
                        }
                    }
                    return false;
                })
                .count();
        return inside / (double) nq;
    }

    private static double squaredDistance(float[] a, int i, float[] b, int j, int d) {
        int ao = i * d;
        int bo = j * d;
        float s = 0;
        for (int k = 0; k < d; k++) {
            float t = a[ao + k] - b[bo + k];
            s += t * t;
        }
        return s;
    }
}
