package io.ganzoo.trainer.metrics;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FD, KID and precision/recall against values known in closed form. */
class FeatureStatsTest {

    /** n rows of d independent N(mean_j, sd_j^2) values. */
    static float[] gaussian(int n, int d, double[] mean, double[] sd, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double u = 1 - r.nextDouble();
                double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
                f[i * d + j] = (float) (mean[j] + sd[j] * g);
            }
        }
        return f;
    }

    static double[] filled(int d, double v) {
        double[] a = new double[d];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void eigenvaluesOfAKnownSymmetricMatrix() {
        // Q diag(5, 2, 0.5) Q^T for a rotation Q: the eigenvalues come back, whatever the rotation.
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        double[] q = {c, -s, 0, s, c, 0, 0, 0, 1};
        double[] lam = {5, 0, 0, 0, 2, 0, 0, 0, 0.5};
        double[] qt = {c, s, 0, -s, c, 0, 0, 0, 1};
        double[] m = FeatureStats.multiply(FeatureStats.multiply(q, lam, 3), qt, 3);
        double[] e = SymmetricEigen.eigenvalues(m, 3).clone();
        Arrays.sort(e);
        assertEquals(0.5, e[0], 1e-12);
        assertEquals(2, e[1], 1e-12);
        assertEquals(5, e[2], 1e-12);
        double[] root = FeatureStats.sqrtPsd(m, 3);
        double[] back = FeatureStats.multiply(root, root, 3);
        for (int i = 0; i < 9; i++) {
            assertEquals(m[i], back[i], 1e-10);
        }
    }

    @Test
    void frechetDistanceMatchesTheGaussianFormula() {
        int d = 8;
        int n = 40_000;
        float[] a = gaussian(n, d, filled(d, 0), filled(d, 1), 1);
        float[] same = gaussian(n, d, filled(d, 0), filled(d, 1), 2);
        // |m1 - m2|^2 + sum (s1 - s2)^2 for diagonal covariances: 8 * 0.5^2 + 8 * (2 - 1)^2 = 10
        float[] b = gaussian(n, d, filled(d, 0.5), filled(d, 2), 3);
        assertEquals(0, FeatureStats.frechetDistance(a, n, a, n, d), 1e-9);
        assertEquals(0, FeatureStats.frechetDistance(a, n, same, n, d), 0.01);
        assertEquals(10, FeatureStats.frechetDistance(a, n, b, n, d), 0.15);
    }

    @Test
    void kidIsNearZeroForOneDistributionAndPositiveForTwo() {
        int d = 16;
        float[] a = gaussian(2000, d, filled(d, 0), filled(d, 1), 4);
        float[] b = gaussian(2000, d, filled(d, 0), filled(d, 1), 5);
        float[] c = gaussian(2000, d, filled(d, 0.5), filled(d, 1), 6);
        double[] same = FeatureStats.kid(a, 2000, b, 2000, d, 5, 1000, 1);
        double[] shifted = FeatureStats.kid(a, 2000, c, 2000, d, 5, 1000, 1);
        assertEquals(0, same[0], 3 * same[1] + 0.01);
        assertTrue(
                shifted[0] > 10 * Math.abs(same[0]) && shifted[0] > 0.1,
                "KID of a shift " + shifted[0] + " vs " + same[0]);
    }

    @Test
    void precisionAndRecallRefuseSetsWithoutKNeighbours() {
        float[] three = new float[3 * 2];
        float[] many = new float[20 * 2];
        for (int[] sizes : new int[][] {{3, 20}, {20, 3}, {2, 2}}) {
            IllegalArgumentException e = Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> FeatureStats.precisionRecall(
                            sizes[0] == 3 || sizes[0] == 2 ? three : many,
                            sizes[0],
                            sizes[1] == 3 || sizes[1] == 2 ? three : many,
                            sizes[1],
                            2,
                            3));
            assertTrue(
                    e.getMessage().startsWith("precision/recall with k = 3 nearest neighbours needs more than 3 rows"),
                    e.getMessage());
        }
    }

    @Test
    void precisionAndRecallSeparateQualityFromCoverage() {
        int d = 4;
        float[] real = gaussian(1500, d, filled(d, 0), filled(d, 1), 7);
        float[] twin = gaussian(1500, d, filled(d, 0), filled(d, 1), 8);
        float[] narrow = gaussian(1500, d, filled(d, 0), filled(d, 0.2), 9);
        float[] far = gaussian(1500, d, filled(d, 20), filled(d, 1), 10);
        double[] pr = FeatureStats.precisionRecall(real, 1500, twin, 1500, d, 3);
        assertTrue(pr[0] > 0.9 && pr[1] > 0.9, "same distribution " + pr[0] + ", " + pr[1]);
        double[] collapsed = FeatureStats.precisionRecall(real, 1500, narrow, 1500, d, 3);
        assertTrue(
                collapsed[0] > 0.99 && collapsed[1] < 0.3,
                "a narrow generator: precise, low recall " + collapsed[0] + ", " + collapsed[1]);
        double[] wrong = FeatureStats.precisionRecall(real, 1500, far, 1500, d, 3);
        assertEquals(0, wrong[0]);
        assertEquals(0, wrong[1]);
    }
}
