package io.ganzoo.trainer.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ganzoo.trainer.engine.Torch;
import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spectral normalisation against plain float64 references: after many training passes (one power iteration each),
 * sigma is the largest singular value of W reshaped to (out, in k k); u and v are state, not trained; nothing is left
 * in the model's manager per step.
 */
class SpectralNormTest {

    /** The largest singular value of the row-major {@code rows x cols} matrix a: power iteration on a^T a in double. */
    static double largestSingularValue(double[] a, int rows, int cols) {
        double[] x = new double[cols];
        Arrays.fill(x, 1);
        double lambda = 0;
        for (int it = 0; it < 100_000; it++) {
            double[] ax = new double[rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    ax[r] += a[r * cols + c] * x[c];
                }
            }
            double[] y = new double[cols];
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    y[c] += a[r * cols + c] * ax[r];
                }
            }
            double norm = 0;
            for (double v : y) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < cols; c++) {
                x[c] = y[c] / norm;
            }
            if (Math.abs(norm - lambda) <= 1e-15 * norm) {
                break;
            }
            lambda = norm; // ||a^T a x|| -> largest eigenvalue of a^T a
        }
        return Math.sqrt(lambda);
    }

    /** A network of the one layer, float64, with the given weight. */
    static Network single(NDManager m, Layer layer, Shape input, double[] weight) {
        Network net = new Network(List.of(new Layer.SpectralNorm(layer)));
        net.block().initialize(m, DataType.FLOAT64, input);
        net.parameters(0).get("weight").getArray().set(DoubleBuffer.wrap(weight));
        return net;
    }

    /** sigma of the last pass: raw weight / normalised weight, at the weight's largest entry. */
    static double sigma(Network net) {
        double[] raw = net.parameters(0).get("weight").getArray().toDoubleArray();
        double[] used = ((SpectralNormBlock) net.block().getChildren().get(0).getValue())
                .lastWeight()
                .toDoubleArray();
        int big = 0;
        for (int i = 1; i < raw.length; i++) {
            big = Math.abs(raw[i]) > Math.abs(raw[big]) ? i : big;
        }
        return raw[big] / used[big];
    }

    static double[] random(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void sigmaConvergesToTheLargestSingularValue() {
        Engine.getInstance().setRandomSeed(11);
        try (NDManager m = Torch.newManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            // singular values constructed: rows of a signed permutation times diag(3, 1.5, 0.5) times another
            double[] constructed = {
                0, 0, -1.5, 0, //
                3, 0, 0, 0, //
                0, 0, 0, 0.5
            };
            Network dense = single(m, new Layer.Dense(3, false), new Shape(2, 4), constructed);
            assertEquals(3, largestSingularValue(constructed, 3, 4), 1e-12, "the reference itself");
            // a random 5 x 7 matrix and a convolution's (4, 2, 3, 3) weight, seen as 4 x 18
            Random r = new Random(12);
            double[] w57 = random(r, 35);
            Network dense57 = single(m, new Layer.Dense(5, true), new Shape(2, 7), w57);
            double[] wConv = random(r, 4 * 2 * 3 * 3);
            Network conv = single(m, new Layer.Conv(4, 3, 1, 1, true), new Shape(2, 2, 5, 5), wConv);
            Object[][] cases = {
                {dense, new Shape(2, 4), 3.0},
                {dense57, new Shape(2, 7), largestSingularValue(w57, 5, 7)},
                {conv, new Shape(2, 2, 5, 5), largestSingularValue(wConv, 4, 18)}
            };
            for (Object[] c : cases) {
                Network net = (Network) c[0];
                double expected = (Double) c[2];
                for (int step = 0; step < 200; step++) {
                    try (NDManager sm = m.newSubManager()) {
                        NDArray x = sm.randomNormal((Shape) c[1], DataType.FLOAT64);
                        net.block().forward(ps, new NDList(x), true);
                        if (step == 199) {
                            assertEquals(expected, sigma(net), 1e-9 * expected, "sigma of " + net.layers());
                        }
                    }
                }
                // an inference pass uses the stored u and v: the same sigma, and u stays a unit vector
                try (NDManager sm = m.newSubManager()) {
                    net.block().forward(ps, new NDList(sm.randomNormal((Shape) c[1], DataType.FLOAT64)), false);
                    assertEquals(expected, sigma(net), 1e-9 * expected);
                }
                double[] u = net.parameters(0).get("u").getArray().toDoubleArray();
                double norm = 0;
                for (double v : u) {
                    norm += v * v;
                }
                assertEquals(1, norm, 1e-12);
            }
        }
    }

    @Test
    void theLayerComputesWithTheNormalisedWeightAndKeepsUAndVOutOfTraining() {
        Engine.getInstance().setRandomSeed(13);
        try (NDManager m = Torch.newManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            double[] w = random(new Random(14), 3 * 4);
            Network net = single(m, new Layer.Dense(3, false), new Shape(1, 4), w);
            assertEquals(
                    List.of("0.weight", "0.u", "0.v"),
                    List.copyOf(net.parameters().keySet()));
            assertEquals(1, net.trainable().size(), "only the weight is trained");
            Parameter u = net.parameters(0).get("u");
            assertFalse(u.requiresGradient());
            double[] u0 = u.getArray().toDoubleArray();
            double n0 = 0;
            for (double v : u0) {
                n0 += v * v;
            }
            assertEquals(1, n0, 1e-12, "u starts as a unit vector");
            double[] x = {0.5, -1, 2, 0.25};
            try (NDManager sm = m.newSubManager()) {
                double[] y = net.block()
                        .forward(ps, new NDList(sm.create(x, new Shape(1, 4))), true)
                        .singletonOrThrow()
                        .toDoubleArray();
                double s = sigma(net);
                for (int o = 0; o < 3; o++) {
                    double expected = 0;
                    for (int i = 0; i < 4; i++) {
                        expected += w[o * 4 + i] / s * x[i];
                    }
                    assertEquals(expected, y[o], 1e-12);
                }
                assertTrue(s > 0 && s <= largestSingularValue(w, 3, 4) * (1 + 1e-12), "sigma " + s);
            }
            assertFalse(Arrays.equals(u0, u.getArray().toDoubleArray()), "a training pass updates u");
        }
    }

    @Test
    void stepsLeaveNothingInTheModelsManager() {
        Engine.getInstance().setRandomSeed(15);
        try (NDManager m = Torch.newManager()) {
            Network d = new Network(Layer.SpectralNorm.onEveryWeight(Dcgan.discriminator28(4, false)));
            d.block().initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            ParameterStore ps = new ParameterStore(m, false);
            int after1 = 0;
            for (int step = 1; step <= 50; step++) {
                try (NDManager sm = m.newSubManager()) {
                    NDArray x = sm.randomNormal(new Shape(4, 1, 28, 28));
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList out = d.forwardWithInputGradient(ps, x, true);
                        NDArray penalty =
                                out.get(1).square().sum().add(out.get(0).mean());
                        gc.backward(penalty);
                    }
                    d.block().forward(ps, new NDList(x), false);
                }
                int held = ((BaseNDManager) m).getManagedArrays().size();
                if (step == 1) {
                    after1 = held;
                } else {
                    assertEquals(after1, held, "arrays held by the model's manager after step " + step);
                }
            }
        }
    }
}
