package io.ganzoo.trainer.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ganzoo.trainer.engine.Torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The transposed convolution against a naive scatter loop: values, input gradients and weight gradients. */
class ConvTranspose2dTest {

    /** out[n,o,iy*s-p+ky, ix*s-p+kx] += x[n,c,iy,ix] * w[c,o,ky,kx] (+ b[o]). */
    static double[] naive(
            float[] x, float[] w, float[] b, int n, int cin, int h, int wd, int cout, int k, int s, int p) {
        int ho = (h - 1) * s - 2 * p + k;
        int wo = (wd - 1) * s - 2 * p + k;
        double[] out = new double[n * cout * ho * wo];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cin; c++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < wd; ix++) {
                        double v = x[((i * cin + c) * h + iy) * wd + ix];
                        for (int o = 0; o < cout; o++) {
                            for (int ky = 0; ky < k; ky++) {
                                int oy = iy * s - p + ky;
                                if (oy < 0 || oy >= ho) {
                                    continue;
                                }
                                for (int kx = 0; kx < k; kx++) {
                                    int ox = ix * s - p + kx;
                                    if (ox < 0 || ox >= wo) {
                                        continue;
                                    }
                                    out[((i * cout + o) * ho + oy) * wo + ox] +=
                                            v * w[((c * cout + o) * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (b != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] += b[(i / (ho * wo)) % cout];
            }
        }
        return out;
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /**
     * k4/s2/p1 runs its phases as one convolution (few output channels, or inputs of 7x7 and up) or as four (16+
     * channels on small inputs): both are checked.
     */
    @ParameterizedTest(name = "k{0} s{1} p{2}, {3} output channels, {4}x{5} input")
    @CsvSource({
        "4,2,1,2,4,5",
        "4,2,1,16,4,5",
        "4,2,1,16,7,8",
        "3,1,1,2,4,5",
        "3,2,0,2,4,5",
        "5,3,2,2,4,5",
        "4,1,0,2,4,5",
        "2,2,0,2,4,5"
    })
    void matchesNaiveLoopInValuesAndGradients(int k, int s, int p, int cout, int h, int wd) {
        int n = 2;
        int cin = 3;
        Random r = new Random(k * 100 + s * 10 + p);
        float[] x = random(r, n * cin * h * wd);
        float[] w = random(r, cin * cout * k * k);
        float[] b = random(r, cout);
        int ho = (h - 1) * s - 2 * p + k;
        int wo = (wd - 1) * s - 2 * p + k;
        float[] g = random(r, n * cout * ho * wo); // upstream gradient: loss = sum(out * g)

        double[] expected = naive(x, w, b, n, cin, h, wd, cout, k, s, p);
        // d loss / d x[c,iy,ix] = sum_o,ky,kx g[o,oy,ox] w[c,o,ky,kx]; d loss / d w likewise with x.
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < cin; c++) {
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < wd; ix++) {
                        int xi = ((i * cin + c) * h + iy) * wd + ix;
                        for (int o = 0; o < cout; o++) {
                            for (int ky = 0; ky < k; ky++) {
                                int oy = iy * s - p + ky;
                                for (int kx = 0; kx < k; kx++) {
                                    int ox = ix * s - p + kx;
                                    if (oy < 0 || oy >= ho || ox < 0 || ox >= wo) {
                                        continue;
                                    }
                                    double gv = g[((i * cout + o) * ho + oy) * wo + ox];
                                    int wi = ((c * cout + o) * k + ky) * k + kx;
                                    dx[xi] += gv * w[wi];
                                    dw[wi] += gv * x[xi];
                                }
                            }
                        }
                    }
                }
            }
        }

        try (NDManager m = Torch.newManager()) {
            NDArray xa = m.create(x, new Shape(n, cin, h, wd));
            NDArray wa = m.create(w, new Shape(cin, cout, k, k));
            NDArray ba = m.create(b, new Shape(cout));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = ConvTranspose2d.convTranspose2d(xa, wa, ba, s, p);
                gc.backward(out.mul(m.create(g, out.getShape())).sum());
            }
            assertEquals(new Shape(n, cout, ho, wo), out.getShape());
            assertClose(expected, out.toFloatArray(), "values");
            assertClose(dx, xa.getGradient().toFloatArray(), "d/dx");
            assertClose(dw, wa.getGradient().toFloatArray(), "d/dw");
        }
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertEquals(0, max, 1e-4, what + ": max abs difference (" + Torch.environment() + ")");
    }
}
