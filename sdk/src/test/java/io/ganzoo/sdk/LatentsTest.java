package io.ganzoo.sdk;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentsTest {
    static final float[] A = {3, 0, 0, 0};
    static final float[] B = {0, 4, 0, 0};

    static double norm(float[] v) {
        return Math.sqrt(Latents.dot(v, 0, v, 0, v.length));
    }

    @Test
    void sampleIsTheNoiseStreamAndCanBeDrawnInPieces() {
        Latents all = Latents.sample(10, 100, 7L);
        assertArrayEquals(Noise.standardNormal(7L, 0, 10, 100), all.toArray());
        Latents tail = Latents.sample(4, 100, 7L, Prior.NORMAL, 6);
        assertEquals(all.slice(6, 10), tail);
        assertNotEquals(all, Latents.sample(10, 100, 8L));
    }

    @Test
    void truncationRedrawsComponentsInsteadOfScalingThem() {
        Latents t = Latents.sampleTruncated(200, 100, 7L, Prior.NORMAL, 0, 0.5f);
        float[] d = t.toArray();
        double sq = 0;
        int nearEdge = 0;
        for (float v : d) {
            assertTrue(Math.abs(v) <= 0.5f, "component " + v);
            sq += v * v;
            nearEdge += Math.abs(v) > 0.45f ? 1 : 0;
        }
        // A normal truncated to [-0.5, 0.5] by resampling is nearly uniform there: variance 0.0801 (a scaled normal
        // would pile up in the middle), and about 9.6% of values beyond 0.45.
        assertEquals(0.0801, sq / d.length, 0.003);
        assertEquals(0.096, nearEdge / (double) d.length, 0.01);
        // Components already inside the threshold are those of the untruncated stream, in order.
        float[] plain = Latents.sample(1, 100, 7L).toArray();
        float[] wide = Latents.sampleTruncated(1, 100, 7L, Prior.NORMAL, 0, 10f).toArray();
        assertArrayEquals(plain, wide);
        assertEquals(
                Latents.sampleTruncated(3, 100, 7L, Prior.NORMAL, 2, 0.5f),
                t.slice(2, 5),
                "vector k depends on (seed, k)");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Latents.sampleTruncated(1, 10, 1L, Prior.NORMAL, 0, 0f));
        assertTrue(e.getMessage().contains("expected at least 0.05"), e.getMessage());
    }

    @Test
    void uniformPriorStaysInItsRange() {
        float[] u = Latents.sample(100, 100, 3L, Prior.UNIFORM).toArray();
        double mean = 0;
        for (float v : u) {
            assertTrue(v >= -1 && v < 1);
            mean += v;
        }
        assertEquals(0, mean / u.length, 0.02);
        for (float v :
                Latents.sampleTruncated(10, 100, 3L, Prior.UNIFORM, 0, 0.5f).toArray()) {
            assertTrue(Math.abs(v) <= 0.5f);
        }
        assertEquals(Prior.UNIFORM, Prior.of("uniform(-1, 1)"));
        assertThrows(IllegalArgumentException.class, () -> Prior.of("laplace(0,1)"));
    }

    @Test
    void lerpAndSlerpHitTheEndsExactlyAndSlerpKeepsTheRadius() {
        Latents a = Latents.of(A);
        Latents b = Latents.of(B);
        Latents lerp = Latents.interpolate(a, b, 5, Interpolation.LERP);
        assertArrayEquals(A, lerp.vector(0));
        assertArrayEquals(B, lerp.vector(4));
        assertArrayEquals(new float[] {1.5f, 2f, 0, 0}, lerp.vector(2));

        // Two orthogonal vectors of length 10: slerp stays on the sphere, lerp cuts inside (7.07 at the middle).
        float[] p = {10, 0, 0};
        float[] q = {0, 10, 0};
        for (int s = 0; s <= 8; s++) {
            assertEquals(10, norm(Interpolation.SLERP.apply(p, q, s / 8.0)), 1e-5);
        }
        assertEquals(Math.sqrt(50), norm(Interpolation.LERP.apply(p, q, 0.5)), 1e-5);
        float[] mid = Interpolation.SLERP.apply(p, q, 0.5);
        assertEquals(mid[0], mid[1], 1e-5);
        // Different lengths: the end points are exact.
        assertArrayEquals(A, Interpolation.SLERP.apply(A, B, 0));
        assertArrayEquals(B, Interpolation.SLERP.apply(A, B, 1));
    }

    @Test
    void slerpHandlesParallelAntiparallelAndZeroVectors() {
        // Parallel: the straight line, which is the arc.
        assertArrayEquals(new float[] {2, 0, 0, 0}, Interpolation.SLERP.apply(new float[] {1, 0, 0, 0}, A, 0.5), 1e-6f);
        // Antiparallel: a half circle, the length moving linearly from 3 to 5, never through the origin.
        float[] from = {3, 0, 0, 0};
        float[] to = {-5, 0, 0, 0};
        for (int s = 1; s < 10; s++) {
            double t = s / 10.0;
            float[] v = Interpolation.SLERP.apply(from, to, t);
            assertEquals(3 + 2 * t, norm(v), 1e-5);
            assertEquals(Math.cos(Math.PI * t), v[0] / norm(v), 1e-5);
        }
        // A zero vector has no direction: the straight line.
        assertArrayEquals(new float[] {1.5f, 0, 0, 0}, Interpolation.SLERP.apply(new float[4], A, 0.5), 1e-6f);
        for (float f : Interpolation.SLERP.apply(A, B, 0.3)) {
            assertTrue(Float.isFinite(f));
        }
    }

    /** The cases of the report: nearly opposite vectors of different lengths. */
    @Test
    void slerpNearlyOppositeVectorsOfDifferentLengthsStaysBetweenTheirLengths() {
        float[] mid = Interpolation.SLERP.apply(new float[] {1, 0, 0}, new float[] {-2, 0.001f, 0}, 0.5);
        assertEquals(1.5, norm(mid), 1e-5, "was 2000");
        float[] exact = Interpolation.SLERP.apply(new float[] {1, 0, 0}, new float[] {-2, 0, 0}, 0.5);
        assertEquals(1.5, norm(exact), 1e-5);
        SplittableRandom r = new SplittableRandom(100);
        float[] x = new float[100];
        float[] y = new float[100];
        for (int j = 0; j < 100; j++) {
            x[j] = (float) r.nextDouble(-1, 1);
            y[j] = -2 * x[j] + (j == 3 ? 1e-4f : 0);
        }
        double nx = norm(x);
        double ny = norm(y);
        assertEquals((nx + ny) / 2, norm(Interpolation.SLERP.apply(x, y, 0.5)), 1e-4 * ny, "was 2.4 million");
    }

    /**
     * Properties over random, nearly parallel and nearly opposite pairs in 2 to 100 dimensions: the length is
     * (1 - t)|a| + t|b| (so between the ends' lengths); the ends are exact; the path is continuous in t; and a tiny
     * change of a or b moves the point by little (no jump next to the parallel or opposite special cases).
     */
    @Test
    void slerpPropertiesOverRandomNearParallelAndNearOppositePairs() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 600; trial++) {
            int n = 2 + r.nextInt(99);
            float[] a = new float[n];
            float[] b = new float[n];
            double kind = trial % 3; // 0 random, 1 nearly parallel, 2 nearly opposite
            double scale = Math.exp(r.nextDouble(-2, 2));
            double eps = Math.pow(10, -r.nextInt(2, 8));
            for (int j = 0; j < n; j++) {
                a[j] = (float) r.nextGaussian();
                double jitter = eps * r.nextGaussian();
                b[j] = (float) (kind == 0 ? r.nextGaussian() : (kind == 1 ? scale : -scale) * a[j] + jitter);
            }
            double na = norm(a);
            double nb = norm(b);
            String what = "trial " + trial + " (n " + n + ", kind " + kind + ", eps " + eps + ")";
            float[] previous = a;
            for (int s = 1; s <= 32; s++) {
                double t = s / 32.0;
                float[] v = Interpolation.SLERP.apply(a, b, t);
                double len = norm(v);
                assertEquals((1 - t) * na + t * nb, len, 1e-5 * Math.max(na, nb), what + " length at t " + t);
                assertTrue(len <= Math.max(na, nb) * (1 + 1e-6) && len >= Math.min(na, nb) * (1 - 1e-6), what);
                // consecutive points are at most one step of the arc (pi/32 of the larger radius) plus the length
                // change apart
                double step = distance(previous, v);
                assertTrue(
                        step <= Math.max(na, nb) * Math.PI / 32 * 1.01 + Math.abs(nb - na) / 32 + 1e-5,
                        what + " jump of " + step + " at t " + t);
                previous = v;
            }
            assertArrayEquals(b, Interpolation.SLERP.apply(a, b, 1));
            if (kind == 0) {
                // away from the special cases, a tiny change of b moves the midpoint by about as little
                float[] b2 = b.clone();
                b2[0] += 1e-4f;
                double moved = distance(Interpolation.SLERP.apply(a, b, 0.5), Interpolation.SLERP.apply(a, b2, 0.5));
                assertTrue(moved < 1e-2, what + " moved " + moved);
            }
        }
    }

    private static double distance(float[] p, float[] q) {
        double s = 0;
        for (int j = 0; j < p.length; j++) {
            s += (p[j] - (double) q[j]) * (p[j] - (double) q[j]);
        }
        return Math.sqrt(s);
    }

    @Test
    void tOutsideTheSegmentIsRefused() {
        for (double t : new double[] {-0.01, 1.01, Double.NaN}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Interpolation.SLERP.apply(A, B, t));
            assertTrue(e.getMessage().contains("t must be in [0, 1]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Interpolation.LERP.apply(A, new float[3], 0.5));
    }

    @Test
    void pathVisitsEveryKeyOnce() {
        Latents keys = Latents.of(A, B, new float[] {0, 0, 5, 0});
        Latents walk = keys.path(4, Interpolation.SLERP);
        assertEquals(9, walk.count());
        assertArrayEquals(A, walk.vector(0));
        assertArrayEquals(B, walk.vector(4));
        assertArrayEquals(new float[] {0, 0, 5, 0}, walk.vector(8));
        assertThrows(IllegalArgumentException.class, () -> Latents.of(A).path(4, Interpolation.LERP));
    }

    @Test
    void arithmeticBroadcastsASingleVectorAndAveragesExemplars() {
        Latents x = Latents.of(new float[] {1, 2}, new float[] {3, 4}, new float[] {5, 9});
        assertArrayEquals(new float[] {3, 5}, x.mean().toArray());
        Latents shifted = x.minus(Latents.of(new float[] {1, 1}));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 8}, shifted.toArray());
        // a - b + c
        Latents r = Latents.of(new float[] {1, 1})
                .minus(Latents.of(new float[] {2, 0}))
                .plus(Latents.of(new float[] {0, 3}));
        assertArrayEquals(new float[] {-1, 4}, r.toArray());
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 18}, x.times(2).toArray());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> x.plus(Latents.of(new float[] {1, 1}, new float[] {2, 2})));
        assertTrue(e.getMessage().contains("found 3 and 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.plus(Latents.of(new float[] {1, 1, 1})));
    }

    @Test
    void directionAlongAndNeighbourhood() {
        Latents pos = Latents.of(new float[] {2, 1}, new float[] {4, 1});
        Latents neg = Latents.of(new float[] {0, 1}, new float[] {0, 3});
        Latents dir = Latents.direction(pos, neg);
        assertArrayEquals(new float[] {3, -1}, dir.toArray());
        assertEquals(1, dir.unit().norm(0), 1e-6);
        Latents moved = Latents.of(new float[] {0, 0}).along(dir, -1, 0, 2);
        assertArrayEquals(new float[] {-3, 1, 0, 0, 6, -2}, moved.toArray());

        Latents centre = Latents.of(new float[] {1, 2, 3});
        Latents around = centre.neighbourhood(50, 0.25f, 9L);
        assertEquals(50, around.count());
        assertArrayEquals(centre.toArray(), around.vector(0), "the first is the vector itself");
        boolean moves = false;
        for (int i = 1; i < 50; i++) {
            float[] v = around.vector(i);
            for (int j = 0; j < 3; j++) {
                assertTrue(Math.abs(v[j] - centre.toArray()[j]) <= 0.25f + 1e-6);
                moves |= v[j] != centre.toArray()[j];
            }
        }
        assertTrue(moves);
        assertEquals(around, centre.neighbourhood(50, 0.25f, 9L));
    }

    @Test
    void valuesAreImmutableAndChecked() {
        float[] raw = {1, 2, 3, 4};
        Latents l = Latents.of(raw, 2);
        raw[0] = 99;
        assertEquals(1f, l.vector(0)[0]);
        l.toArray()[1] = 99;
        assertEquals(2f, l.vector(0)[1]);
        assertThrows(IllegalArgumentException.class, () -> Latents.of(new float[] {1, 2, 3}, 2));
        assertThrows(IllegalArgumentException.class, () -> Latents.of(new float[] {Float.NaN}, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> l.vector(2));
        assertEquals(2, l.select(1, 1, 0).vector(0)[0] == 3f ? 2 : 0);
    }
}
