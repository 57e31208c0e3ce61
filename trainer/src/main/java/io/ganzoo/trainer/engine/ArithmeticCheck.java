package io.ganzoo.trainer.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The convolutions the trainer is built from, run by the engine and by a float64 loop: forward, d/dx and d/dw of a
 * few small {@code conv2d} cases (batch 2; channel counts that oneDNN pads to its 8- or 16-wide blocks, and multiples
 * of 16 as a control; stride 1 and 2; padding 0 and 1). The shapes are those that libtorch 2.7.1's oneDNN got wrong on
 * VMs that hide AMD's cache-properties CPUID leaf (docs/training.md, "Is PyTorch right on this CPU?").
 */
final class ArithmeticCheck {
    /** Each case runs this many times on fresh data: the wrong results seen were not deterministic. */
    static final int REPEATS = 2;
    /** Largest allowed |engine - float64| relative to max(1, largest |float64| value) of the same output. */
    static final double TOLERANCE = 1e-3;

    /** One convolution: x (n, cin, h, w), weight (cout, cin, k, k), no bias. */
    record Case(int n, int cin, int h, int w, int cout, int k, int stride, int pad) {
        int outH() {
            return (h + 2 * pad - k) / stride + 1;
        }

        int outW() {
            return (w + 2 * pad - k) / stride + 1;
        }

        @Override
        public String toString() {
            return "conv2d x(" + n + "," + cin + "," + h + "," + w + ") w(" + cout + "," + cin + "," + k + "," + k
                    + ") stride " + stride + " pad " + pad;
        }
    }

    /** What the engine returns for a case: y, and the gradients of sum(y * g) with respect to x and the weight. */
    record Outputs(float[] y, float[] dx, float[] dw) {}

    /** Runs a case on the engine under test. */
    interface Convolutions {
        Outputs run(Case c, float[] x, float[] w, float[] g);
    }

    /** Largest error of each output of one case, relative to that output's scale; NaN when the engine gave NaN. */
    record Result(Case c, double forward, double dx, double dw) {
        boolean ok() {
            return forward <= TOLERANCE && dx <= TOLERANCE && dw <= TOLERANCE; // false for NaN
        }

        /** The worst output in words, e.g. {@code "d/dx off by 6.02"}. */
        String worst() {
            String[] names = {"forward", "d/dx", "d/dw"};
            double[] errors = {forward, dx, dw};
            int worst = 0;
            for (int i = 1; i < 3; i++) {
                if (Double.isNaN(errors[i]) || errors[i] > errors[worst]) {
                    worst = i;
                }
            }
            return names[worst] + (Double.isNaN(errors[worst]) ? " NaN" : String.format(" off by %.3g", errors[worst]));
        }
    }

    static final List<Case> CASES = List.of(
            new Case(2, 3, 4, 5, 2, 3, 1, 1),
            new Case(2, 3, 4, 5, 8, 2, 1, 1),
            new Case(2, 1, 4, 5, 2, 3, 1, 1),
            new Case(2, 32, 8, 8, 3, 3, 1, 1),
            new Case(2, 3, 8, 8, 2, 4, 2, 1),
            new Case(2, 17, 4, 5, 2, 3, 1, 0),
            new Case(2, 1, 28, 28, 16, 4, 2, 1), // a DCGAN discriminator's first layer on grey images
            new Case(2, 16, 8, 8, 32, 3, 1, 1)); // multiples of 16: the control

    /** The control case: channel counts that oneDNN does not pad, right even with absurd cache sizes. */
    static final Case CONTROL = CASES.get(CASES.size() - 1);

    private ArithmeticCheck() {}

    /** Runs every case {@link #REPEATS} times and keeps the worst result of each. */
    static List<Result> run(Convolutions engine) {
        List<Result> results = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(20261130L);
        for (Case c : CASES) {
            Result worst = null;
            for (int r = 0; r < REPEATS; r++) {
                Result result = check(engine, c, random);
                if (worst == null || !result.ok() && worst.ok()) {
                    worst = result;
                }
            }
            results.add(worst);
        }
        return results;
    }

    static Result check(Convolutions engine, Case c, SplittableRandom random) {
        float[] x = uniform(random, c.n * c.cin * c.h * c.w);
        float[] w = uniform(random, c.cout * c.cin * c.k * c.k);
        float[] g = uniform(random, c.n * c.cout * c.outH() * c.outW());
        Outputs got = engine.run(c, x, w, g);
        double[][] want = reference(c, x, w, g);
        return new Result(c, error(want[0], got.y()), error(want[1], got.dx()), error(want[2], got.dw()));
    }

    /** y, dx and dw of cross-correlation in float64, by plain loops over every tap. */
    static double[][] reference(Case c, float[] x, float[] w, float[] g) {
        int ho = c.outH();
        int wo = c.outW();
        double[] y = new double[c.n * c.cout * ho * wo];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int i = 0; i < c.n; i++) {
            for (int o = 0; o < c.cout; o++) {
                for (int oy = 0; oy < ho; oy++) {
                    for (int ox = 0; ox < wo; ox++) {
                        int yi = ((i * c.cout + o) * ho + oy) * wo + ox;
                        for (int ch = 0; ch < c.cin; ch++) {
                            for (int ky = 0; ky < c.k; ky++) {
                                for (int kx = 0; kx < c.k; kx++) {
                                    int iy = oy * c.stride - c.pad + ky;
                                    int ix = ox * c.stride - c.pad + kx;
                                    if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w) {
                                        continue;
                                    }
                                    int xi = ((i * c.cin + ch) * c.h + iy) * c.w + ix;
                                    int wi = ((o * c.cin + ch) * c.k + ky) * c.k + kx;
                                    y[yi] += (double) x[xi] * w[wi];
                                    dx[xi] += (double) g[yi] * w[wi];
                                    dw[wi] += (double) g[yi] * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {y, dx, dw};
    }

    /** max |want - got| / max(1, max |want|); NaN for a NaN or a wrong length. */
    static double error(double[] want, float[] got) {
        if (got == null || got.length != want.length) {
            return Double.NaN;
        }
        double scale = 1;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            double d = Math.abs(want[i] - got[i]);
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            max = Math.max(max, d);
        }
        return max / scale;
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
