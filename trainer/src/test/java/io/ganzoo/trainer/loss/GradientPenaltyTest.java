package io.ganzoo.trainer.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Dcgan;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.trainer.train.Optimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input gradient built from forward ops equals autograd's; the penalty's gradient with respect to D's weights
 * matches central finite differences of the true penalty; memory stays flat over thousands of penalised steps.
 */
class GradientPenaltyTest {

    static Network critic(NDManager m, DataType type) {
        return critic(m, type, false);
    }

    /** The 28x28 DCGAN critic, without BatchNorm, spectrally normalised or not. */
    static Network critic(NDManager m, DataType type, boolean spectralNorm) {
        List<Layer> layers = Dcgan.discriminator28(4, false);
        Network d = new Network(spectralNorm ? Layer.SpectralNorm.onEveryWeight(layers) : layers);
        d.block().setInitializer(new NormalInitializer(0.1f), Parameter.Type.WEIGHT);
        d.block().setInitializer(new NormalInitializer(0.1f), Parameter.Type.BIAS);
        d.block().initialize(m, type, new Shape(1, 1, 28, 28));
        return d;
    }

    /**
     * The true input gradient, from an ordinary first-order backward pass with x as the variable, in inference mode:
     * a spectrally normalised layer uses its stored u and v (those of the last training pass) and changes nothing,
     * so sigma is a function of the weight alone, as the training pass's gradient treats it.
     */
    static double[] autogradInputGradient(Network d, ParameterStore ps, double[] x, Shape shape) {
        try (NDManager sm = Torch.newManager()) {
            NDArray xa = sm.create(x, shape);
            xa.setRequiresGradient(true);
            d.freeze(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = d.block().forward(ps, new NDList(xa), false).singletonOrThrow();
                gc.backward(out.sum());
            } finally {
                d.freeze(false);
            }
            return xa.getGradient().toDoubleArray();
        }
    }

    static double[] randomInput(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    /** Spectrally normalised, the training pass's adjoints use the normalised weight the pass computed with. */
    @ParameterizedTest(name = "spectral norm {0}")
    @ValueSource(booleans = {false, true})
    void inputGradientFromForwardOpsEqualsAutograd(boolean spectralNorm) {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = Torch.newManager()) {
            Network d = critic(m, DataType.FLOAT64, spectralNorm);
            ParameterStore ps = new ParameterStore(m, false);
            Shape shape = new Shape(3, 1, 28, 28);
            double[] x = randomInput(new Random(2), (int) shape.size());
            try (NDManager sm = m.newSubManager()) {
                double[] ours = d.forwardWithInputGradient(ps, sm.create(x, shape), true)
                        .get(1)
                        .toDoubleArray();
                double[] expected = autogradInputGradient(d, ps, x, shape);
                double max = 0;
                double scale = 0;
                for (int i = 0; i < x.length; i++) {
                    max = Math.max(max, Math.abs(ours[i] - expected[i]));
                    scale = Math.max(scale, Math.abs(expected[i]));
                }
                assertTrue(scale > 1e-3, "non-trivial gradient (max " + scale + ")");
                assertEquals(
                        0,
                        max,
                        1e-12 * Math.max(1, scale),
                        "max abs difference from autograd (" + Torch.environment() + ")");
            }
        }
    }

    /**
     * Spectrally normalised, the weights are the raw ones: the penalty reaches them through W / sigma(W), with u and
     * v held as the training pass left them (no gradient through u and v, as in PyTorch's spectral_norm).
     */
    @ParameterizedTest(name = "spectral norm {0}")
    @ValueSource(booleans = {false, true})
    void penaltyGradientsMatchCentralFiniteDifferences(boolean spectralNorm) {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager m = Torch.newManager()) {
            Network d = critic(m, DataType.FLOAT64, spectralNorm);
            ParameterStore ps = new ParameterStore(m, false);
            Shape shape = new Shape(4, 1, 28, 28);
            Random r = new Random(4);
            double[] real = randomInput(r, (int) shape.size());
            double[] fake = randomInput(r, (int) shape.size());
            float[] eps = {0.1f, 0.4f, 0.7f, 0.95f};

            // Each penalty as a function of the weights, through the true (autograd) input gradient.
            ToDoubleFunction<double[]> r1 = x -> {
                double[] g = autogradInputGradient(d, ps, x, shape);
                double s = 0;
                for (double v : g) {
                    s += v * v;
                }
                return s / shape.get(0);
            };
            double[] mixed = new double[real.length];
            int per = real.length / 4;
            for (int i = 0; i < real.length; i++) {
                double e = eps[i / per];
                mixed[i] = e * real[i] + (1 - e) * fake[i];
            }
            ToDoubleFunction<double[]> gp = x -> {
                double[] g = autogradInputGradient(d, ps, x, shape);
                double s = 0;
                for (int n = 0; n < 4; n++) {
                    double sq = 0;
                    for (int i = n * per; i < (n + 1) * per; i++) {
                        sq += g[i] * g[i];
                    }
                    s += Math.pow(Math.sqrt(sq) - 1, 2);
                }
                return s / 4;
            };

            // Our gradients: one first-order backward through the forward-op input gradient.
            for (String which : new String[] {"R1", "GP"}) {
                try (NDManager sm = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray penalty;
                        if (which.equals("R1")) {
                            penalty = GradientPenalty.zeroCentred(
                                    d.forwardWithInputGradient(ps, sm.create(real, shape), true)
                                            .get(1));
                        } else {
                            NDArray x = GradientPenalty.interpolate(sm.create(real, shape), sm.create(fake, shape), eps)
                                    .toType(DataType.FLOAT64, false);
                            penalty = GradientPenalty.oneCentred(
                                    d.forwardWithInputGradient(ps, x, true).get(1));
                        }
                        gc.backward(penalty);
                    }
                    ToDoubleFunction<double[]> f = which.equals("R1") ? r1 : gp;
                    double[] point = which.equals("R1") ? real : mixed;
                    int checked = 0;
                    // several weights of every weighted layer: conv 0, conv 2, dense 5
                    for (int layer : new int[] {0, 2, 5}) {
                        Parameter p = d.parameters(layer).get("weight");
                        double[] grad = p.getArray().getGradient().toDoubleArray();
                        for (int idx : new int[] {0, 7, 13}) {
                            double fd = centralDifference(p, idx, f, point);
                            double rel = Math.abs(grad[idx] - fd)
                                    / Math.max(Math.max(Math.abs(fd), Math.abs(grad[idx])), 1e-8);
                            assertTrue(
                                    rel <= 1e-3,
                                    which + " d/d(layer " + layer + " weight " + idx + "): ours " + grad[idx]
                                            + ", finite difference " + fd + ", relative error " + rel);
                            checked++;
                        }
                        p.getArray().getGradient().subi(p.getArray().getGradient());
                    }
                    assertEquals(9, checked);
                }
            }
        }
    }

    static double centralDifference(Parameter p, int idx, ToDoubleFunction<double[]> f, double[] x) {
        double h = 1e-6;
        double[] w = p.getArray().toDoubleArray();
        double orig = w[idx];
        w[idx] = orig + h;
        p.getArray().set(DoubleBuffer.wrap(w));
        double plus = f.applyAsDouble(x);
        w[idx] = orig - h;
        p.getArray().set(DoubleBuffer.wrap(w));
        double minus = f.applyAsDouble(x);
        w[idx] = orig;
        p.getArray().set(DoubleBuffer.wrap(w));
        return (plus - minus) / (2 * h);
    }

    @Test
    void residentMemoryStaysFlatOver2000PenalisedSteps() throws IOException {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = Torch.newManager()) {
            Network d = critic(m, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(m, false);
            Optimizer adam = Optimizer.adam(d.trainable(), 1e-4f, 0f, 0.9f, m);
            Shape shape = new Shape(16, 1, 28, 28);
            long before = 0;
            for (int step = 0; step < 2200; step++) {
                if (step == 200) {
                    System.gc();
                    before = rssKb();
                }
                try (NDManager sm = m.newSubManager()) {
                    NDArray real = sm.randomNormal(shape);
                    NDArray fake = sm.randomNormal(shape);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDList r = d.forwardWithInputGradient(ps, real, true);
                        NDList f = d.forwardWithInputGradient(ps, fake, true);
                        NDArray loss = new Relativistic()
                                .discriminatorLoss(r.get(0), f.get(0))
                                .add(GradientPenalty.zeroCentred(r.get(1))
                                        .add(GradientPenalty.zeroCentred(f.get(1)))
                                        .mul(0.05f));
                        gc.backward(loss);
                    }
                    adam.step();
                }
            }
            System.gc();
            long growthKb = rssKb() - before;
            assertTrue(growthKb < 50 * 1024, "resident memory grew " + growthKb / 1024 + " MB over 2,000 steps");
        }
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
