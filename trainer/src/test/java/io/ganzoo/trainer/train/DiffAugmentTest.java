package io.ganzoo.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ganzoo.trainer.engine.Torch;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DiffAugment against a plain per-pixel reference in float64 (the formulas of Zhao et al. 2020's reference code, one
 * loop per transform), its gradient against finite differences of that reference, and its parameter stream.
 */
class DiffAugmentTest {
    static final int N = 3;
    static final int C = 3;
    static final int H = 8;
    static final int W = 6; // not square: rows and columns must not be mixed up

    /** The reference: colour, translation, cutout, each where its parameters are given, in double. */
    static double[] reference(double[] x, DiffAugment.Params p) {
        double[] y = x.clone();
        if (p.brightness() != null) {
            for (int n = 0; n < N; n++) {
                double b = p.brightness()[n] - 0.5;
                for (int i = 0; i < C * H * W; i++) {
                    y[n * C * H * W + i] += b;
                }
                double s = p.saturation()[n] * 2.0;
                for (int i = 0; i < H * W; i++) {
                    double mean = 0;
                    for (int c = 0; c < C; c++) {
                        mean += y[(n * C + c) * H * W + i];
                    }
                    mean /= C;
                    for (int c = 0; c < C; c++) {
                        int k = (n * C + c) * H * W + i;
                        y[k] = (y[k] - mean) * s + mean;
                    }
                }
                double mean = 0;
                for (int i = 0; i < C * H * W; i++) {
                    mean += y[n * C * H * W + i];
                }
                mean /= C * H * W;
                double con = p.contrast()[n] + 0.5;
                for (int i = 0; i < C * H * W; i++) {
                    int k = n * C * H * W + i;
                    y[k] = (y[k] - mean) * con + mean;
                }
            }
        }
        if (p.shiftY() != null) {
            double[] t = new double[y.length];
            for (int n = 0; n < N; n++) {
                for (int c = 0; c < C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            int si = i + p.shiftY()[n];
                            int sj = j + p.shiftX()[n];
                            boolean inside = si >= 0 && si < H && sj >= 0 && sj < W;
                            t[((n * C + c) * H + i) * W + j] = inside ? y[((n * C + c) * H + si) * W + sj] : 0;
                        }
                    }
                }
            }
            y = t;
        }
        if (p.cutoutY() != null) {
            int sy = DiffAugment.cutoutSize(H);
            int sx = DiffAugment.cutoutSize(W);
            for (int n = 0; n < N; n++) {
                for (int c = 0; c < C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            boolean cut = i >= p.cutoutY()[n] - sy / 2
                                    && i < p.cutoutY()[n] - sy / 2 + sy
                                    && j >= p.cutoutX()[n] - sx / 2
                                    && j < p.cutoutX()[n] - sx / 2 + sx;
                            if (cut) {
                                y[((n * C + c) * H + i) * W + j] = 0;
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    static float[] randomImages(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[N * C * H * W];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    @Test
    void eachTransformAndAllTogetherEqualThePlainReference() {
        for (String policy : new String[] {"color", "translation", "cutout", "color,translation,cutout"}) {
            DiffAugment a = new DiffAugment(policy, 5);
            for (long step = 0; step < 4; step++) {
                a.startStep(step);
                DiffAugment.Params p = a.draw(N, H, W);
                float[] x = randomImages(step);
                double[] expected = reference(toDouble(x), p);
                try (NDManager m = Torch.newManager()) {
                    float[] actual = DiffAugment.apply(m.create(x, new Shape(N, C, H, W)), p)
                            .toFloatArray();
                    for (int i = 0; i < actual.length; i++) {
                        assertEquals(expected[i], actual[i], 1e-5, policy + " step " + step + " at " + i);
                    }
                }
            }
        }
    }

    /**
     * ADA's probability (fixed): p = 0 leaves every image as it is, exactly; p = 1 draws the same parameters as
     * DiffAugment without a probability (runs from before augment as they did); in between, each transform is applied
     * to each image independently with probability p (counted over many draws), and the result is still the plain
     * reference's for the drawn parameters.
     */
    @Test
    void theProbabilityAppliesEachTransformToEachImageIndependently() {
        String all = "color,translation,cutout";
        DiffAugment none = new DiffAugment(all, 0f, 5);
        float[] x = randomImages(3);
        try (NDManager m = Torch.newManager()) {
            for (long step = 0; step < 3; step++) {
                none.startStep(step);
                float[] y = none.apply(m.create(x, new Shape(N, C, H, W))).toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], y[i], 1e-6, "p = 0 at " + i);
                }
            }
        }
        DiffAugment always = new DiffAugment(all, 1f, 5);
        DiffAugment before = new DiffAugment(all, 5);
        for (long step = 0; step < 3; step++) {
            always.startStep(step);
            before.startStep(step);
            DiffAugment.Params a = always.draw(N, H, W);
            DiffAugment.Params b = before.draw(N, H, W);
            assertArrayEquals(b.brightness(), a.brightness());
            assertArrayEquals(b.shiftX(), a.shiftX());
            assertArrayEquals(b.cutoutY(), a.cutoutY());
        }
        float p = 0.3f;
        DiffAugment some = new DiffAugment(all, p, 11);
        int n = 4000;
        some.startStep(0);
        DiffAugment.Params d = some.draw(n, 64, 64);
        int colour = 0;
        int moved = 0;
        int cut = 0;
        int colourAndCut = 0;
        for (int i = 0; i < n; i++) {
            boolean c = !(d.brightness()[i] == 0.5f && d.saturation()[i] == 0.5f && d.contrast()[i] == 0.5f);
            boolean k = d.cutoutY()[i] != DiffAugment.NO_CUTOUT;
            colour += c ? 1 : 0;
            moved += d.shiftX()[i] != 0 || d.shiftY()[i] != 0 ? 1 : 0;
            cut += k ? 1 : 0;
            colourAndCut += c && k ? 1 : 0;
        }
        double sd = Math.sqrt(n * p * (1 - p));
        assertEquals(n * p, colour, 4 * sd, "colour applied");
        assertEquals(n * p, cut, 4 * sd, "cutout applied");
        // a shift drawn as (0, 0) is possible when applied: (2 * 8 + 1)^2 = 289 shifts for 64 pixels
        assertEquals(n * p * (1 - 1.0 / 289), moved, 4 * sd, "translation applied");
        assertEquals(n * p * p, colourAndCut, 4 * Math.sqrt(n * p * p), "independent per transform");
        // and the batch still equals the plain reference for what was drawn
        some.startStep(1);
        DiffAugment.Params small = some.draw(N, H, W);
        double[] expected = reference(toDouble(x), small);
        try (NDManager m = Torch.newManager()) {
            float[] actual =
                    DiffAugment.apply(m.create(x, new Shape(N, C, H, W)), small).toFloatArray();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5, "p = 0.3 at " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new DiffAugment(all, 1.5f, 1));
        assertThrows(IllegalArgumentException.class, () -> new DiffAugment(all, Float.NaN, 1));
    }

    @Test
    void gradientEqualsFiniteDifferencesOfTheReference() {
        DiffAugment a = new DiffAugment("color,translation,cutout", 9);
        a.startStep(3);
        DiffAugment.Params p = a.draw(N, H, W);
        float[] x = randomImages(42);
        float[] weights = randomImages(43); // loss = sum(aug(x) * weights)
        float[] grad;
        try (NDManager m = Torch.newManager()) {
            NDArray xs = m.create(x, new Shape(N, C, H, W));
            xs.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = DiffAugment.apply(xs, p)
                        .mul(m.create(weights, new Shape(N, C, H, W)))
                        .sum();
                gc.backward(loss);
            }
            grad = xs.getGradient().toFloatArray();
        }
        double[] xd = toDouble(x);
        double eps = 1e-4;
        for (int i = 0; i < x.length; i++) {
            double[] plus = xd.clone();
            double[] minus = xd.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double fd = (dot(reference(plus, p), weights) - dot(reference(minus, p), weights)) / (2 * eps);
            assertEquals(fd, grad[i], 1e-4, "d loss / d x[" + i + "]");
        }
    }

    static double dot(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void parametersAreAFunctionOfSeedAndStepWithinTheReferenceRanges() {
        DiffAugment a = new DiffAugment("color,translation,cutout", 1);
        DiffAugment b = new DiffAugment("cutout,color,translation", 1); // order of words does not matter
        a.startStep(17);
        b.startStep(17);
        DiffAugment.Params pa = a.draw(64, 64, 64);
        DiffAugment.Params pb = b.draw(64, 64, 64);
        assertArrayEquals(pa.brightness(), pb.brightness());
        assertArrayEquals(pa.shiftX(), pb.shiftX());
        assertArrayEquals(pa.cutoutY(), pb.cutoutY());
        a.startStep(18);
        assertFalse(java.util.Arrays.equals(pa.brightness(), a.draw(64, 64, 64).brightness()));
        assertEquals(8, DiffAugment.shiftRange(64));
        assertEquals(4, DiffAugment.shiftRange(28));
        assertEquals(32, DiffAugment.cutoutSize(64));
        assertEquals(14, DiffAugment.cutoutSize(28));
        boolean sawEdge = false;
        for (int i = 0; i < 64; i++) {
            assertTrue(Math.abs(pa.shiftX()[i]) <= 8 && Math.abs(pa.shiftY()[i]) <= 8);
            assertTrue(pa.cutoutY()[i] >= 0 && pa.cutoutY()[i] <= 64);
            assertTrue(pa.brightness()[i] >= 0 && pa.brightness()[i] < 1);
            sawEdge |= Math.abs(pa.shiftX()[i]) == 8;
        }
        assertTrue(sawEdge, "shifts reach the range's ends");
    }

    @Test
    void policiesAreCheckedWithTheValidWords() {
        assertTrue(DiffAugment.parsePolicy("").isEmpty());
        assertEquals(3, DiffAugment.parsePolicy("Color, translation,CUTOUT").size());
        for (String bad : new String[] {"colour", "color,color", "color,", ",", "flip"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DiffAugment.parsePolicy(bad), bad);
            assertTrue(e.getMessage().contains("color, translation and cutout"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.dcgan().augment("blur").build());
        assertTrue(e.getMessage().contains("found 'blur'"), e.getMessage());
        try (NDManager m = Torch.newManager()) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new DiffAugment("color", 1).apply(m.create(new float[4], new Shape(2, 2))));
        }
    }
}
