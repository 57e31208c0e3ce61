package io.ganzoo.trainer.nn;

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
import io.ganzoo.trainer.loss.GradientPenalty;
import io.ganzoo.trainer.train.DiffAugment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The residual backbone and the layers it adds (residual sums, nearest-neighbour upsampling, average pooling): the
 * documented shapes and nested parameter names, widths comparable to the DCGAN backbone's, the exact input gradient
 * of a residual critic (against central finite differences of its output), the R1 penalty's weight gradients (against
 * central finite differences of the true penalty), spectral normalisation inside the branches, and standing BatchNorm
 * statistics inside the branches.
 */
class ResnetBackboneTest {
    private static final ResnetBackbone RESNET = new ResnetBackbone();

    static Network initialised(NDManager m, List<Layer> layers, DataType type, Shape input, float std) {
        Network net = new Network(layers);
        net.block().setInitializer(new NormalInitializer(std), Parameter.Type.WEIGHT);
        net.block().setInitializer(new NormalInitializer(std), Parameter.Type.BIAS);
        net.block().initialize(m, type, input);
        return net;
    }

    @ParameterizedTest(name = "{0}x{0}")
    @ValueSource(ints = {28, 64})
    void networksHaveTheDocumentedShapesAndNestedParameterNames(int size) {
        Engine.getInstance().setRandomSeed(1);
        int channels = size == 28 ? 1 : 3;
        try (NDManager m = Torch.newManager()) {
            Network g = initialised(
                    m, RESNET.generator(20, channels, size, size, 4), DataType.FLOAT32, new Shape(1, 20), 0.1f);
            Network d = initialised(
                    m,
                    RESNET.discriminator(channels, size, size, 4, true),
                    DataType.FLOAT32,
                    new Shape(1, channels, size, size),
                    0.1f);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray images = g.block()
                    .forward(ps, new NDList(m.randomNormal(new Shape(3, 20))), false)
                    .singletonOrThrow();
            assertEquals(new Shape(3, channels, size, size), images.getShape());
            assertTrue(images.abs().max().getFloat() <= 1f, "tanh output in [-1, 1]");
            NDArray scores = d.block().forward(ps, new NDList(images), false).singletonOrThrow();
            assertEquals(new Shape(3, 1), scores.getShape());

            // G: 0 Dense, 1 Reshape, 2.. ResBlockUp; a block's main branch: 0 BN, 1 ReLU, 2 Upsample, 3 Conv, 4 BN, ...
            Map<String, Parameter> gp = g.parameters();
            int first = size == 28 ? 8 * 7 * 7 : 32 * 4 * 4; // 2 ngf x 7 x 7 or 8 ngf x 4 x 4
            assertEquals(new Shape(first, 20), gp.get("0.weight").getArray().getShape());
            int in = size == 28 ? 8 : 32;
            int out = size == 28 ? 4 : 16;
            assertEquals(
                    new Shape(out, in, 3, 3),
                    gp.get("2.main.3.weight").getArray().getShape());
            assertEquals(
                    new Shape(out, out, 3, 3),
                    gp.get("2.main.6.weight").getArray().getShape());
            assertEquals(
                    new Shape(out, in, 1, 1),
                    gp.get("2.shortcut.1.weight").getArray().getShape());
            assertEquals(
                    new Shape(in), gp.get("2.main.0.runningMean").getArray().getShape());
            assertTrue(
                    gp.containsKey("2.main.4.gamma") && !gp.containsKey("2.main.3.bias"),
                    gp.keySet().toString());
            // D: 0 optimized block (main 0 Conv, 1 ReLU, 2 Conv, 3 AvgPool; shortcut 0 AvgPool, 1 Conv), 1.. blocks
            Map<String, Parameter> dp = d.parameters();
            assertEquals(
                    new Shape(4, channels, 3, 3),
                    dp.get("0.main.0.weight").getArray().getShape());
            assertEquals(
                    new Shape(4, channels, 1, 1),
                    dp.get("0.shortcut.1.weight").getArray().getShape());
            assertEquals(
                    new Shape(8, 4, 3, 3), dp.get("1.main.3.weight").getArray().getShape());
            assertEquals(
                    new Shape(8, 4, 1, 1),
                    dp.get("1.shortcut.0.weight").getArray().getShape());
            long features = size == 28 ? 8 * 7 * 7 : 32 * 4 * 4; // 2 ndf x 7 x 7 or 8 ndf x 4 x 4
            int last = d.layers().size() - 1;
            assertEquals(
                    new Shape(1, features), dp.get(last + ".weight").getArray().getShape());
            assertTrue(
                    d.layers().stream().noneMatch(l -> l.toString().contains("BatchNorm")),
                    "no BatchNorm in D, even when asked: " + d.layers());
            // every parameter is trainable or state, and the trainable ones are what size() counts
            assertEquals(
                    d.trainable().stream().mapToLong(p -> p.getArray().size()).sum(), d.size());
        }
    }

    /** At ngf = ndf = 32 and 64, each network has between half and twice the weights of the DCGAN one. */
    @Test
    void widthsAreComparableToTheDcganBackbone() {
        Backbone dcgan = new DcganBackbone();
        try (NDManager m = Torch.newManager()) {
            for (int size : new int[] {28, 64}) {
                int c = size == 28 ? 1 : 3;
                for (int width : new int[] {32, 64}) {
                    long rg = size(m, RESNET.generator(100, c, size, size, width), new Shape(1, 100));
                    long dg = size(m, dcgan.generator(100, c, size, size, width), new Shape(1, 100));
                    long rd = size(m, RESNET.discriminator(c, size, size, width, false), new Shape(1, c, size, size));
                    long dd = size(m, dcgan.discriminator(c, size, size, width, false), new Shape(1, c, size, size));
                    String what = size + "x" + size + " width " + width + ": G resnet " + rg + " dcgan " + dg
                            + ", D resnet " + rd + " dcgan " + dd;
                    assertTrue(rg > dg / 2 && rg < 2 * dg && rd > dd / 2 && rd < 2 * dd, what);
                }
            }
        }
    }

    private static long size(NDManager m, List<Layer> layers, Shape input) {
        Network net = new Network(layers);
        net.block().initialize(m, DataType.FLOAT32, input);
        return net.size();
    }

    /**
     * The two critics checked: the 28x28 residual D (optimized block with pooled shortcut, a block with a 1x1
     * shortcut, ReLU, Dense), spectrally normalised, on DiffAugment'ed images; and a small network with upsampling,
     * an identity shortcut and LeakyReLU.
     */
    static Network critic(NDManager m, boolean residualD) {
        List<Layer> layers = residualD
                ? Layer.SpectralNorm.onEveryWeight(RESNET.discriminator(2, 28, 28, 3, false))
                : List.of(
                        new Layer.Upsample(2),
                        new Layer.Conv(3, 3, 1, 1, true),
                        new Layer.Residual(
                                List.of(new Layer.LeakyRelu(0.2f), new Layer.Conv(3, 3, 1, 1, true)), List.of()),
                        new Layer.AvgPool(4),
                        new Layer.LeakyRelu(0.2f),
                        new Layer.Flatten(),
                        new Layer.Dense(1, true));
        Shape input = residualD ? new Shape(1, 2, 28, 28) : new Shape(1, 2, 6, 6);
        return initialised(m, layers, DataType.FLOAT64, input, 0.3f);
    }

    static double[] input(NDManager m, boolean residualD, Random r) {
        Shape shape = shape(residualD);
        double[] x = new double[(int) shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        if (!residualD) {
            return x;
        }
        // what the training step feeds D: DiffAugment'ed images (colour, translation and cutout drawn once)
        DiffAugment augment = new DiffAugment("color,translation,cutout", 9);
        augment.startStep(3);
        DiffAugment.Params p = augment.draw((int) shape.get(0), (int) shape.get(2), (int) shape.get(3));
        try (NDManager sm = m.newSubManager()) {
            return DiffAugment.apply(sm.create(x, shape), p).toDoubleArray();
        }
    }

    static Shape shape(boolean residualD) {
        return residualD ? new Shape(2, 2, 28, 28) : new Shape(2, 2, 6, 6);
    }

    /** D's summed output in inference mode (spectral norm: the stored u and v, those of the last training pass). */
    static double output(Network d, ParameterStore ps, double[] x, Shape shape) {
        try (NDManager sm = Torch.newManager()) {
            return d.block()
                    .forward(ps, new NDList(sm.create(x, shape)), false)
                    .singletonOrThrow()
                    .sum()
                    .getDouble();
        }
    }

    @ParameterizedTest(name = "residual D {0}")
    @ValueSource(booleans = {true, false})
    void inputGradientEqualsCentralFiniteDifferencesOfTheOutput(boolean residualD) {
        Engine.getInstance().setRandomSeed(2);
        try (NDManager m = Torch.newManager()) {
            Network d = critic(m, residualD);
            ParameterStore ps = new ParameterStore(m, false);
            Shape shape = shape(residualD);
            double[] x = input(m, residualD, new Random(3));
            double[] ours;
            try (NDManager sm = m.newSubManager()) {
                ours = d.forwardWithInputGradient(ps, sm.create(x, shape), true)
                        .get(1)
                        .toDoubleArray();
            }
            // every input of the small network; the first row of the first image and 150 random inputs of the large
            Random pick = new Random(4);
            int checks = residualD ? 178 : x.length;
            double h = 1e-6;
            double max = 0;
            double scale = 0;
            for (int k = 0; k < checks; k++) {
                int i = !residualD ? k : k < 28 ? k : pick.nextInt(x.length);
                double orig = x[i];
                x[i] = orig + h;
                double plus = output(d, ps, x, shape);
                x[i] = orig - h;
                double minus = output(d, ps, x, shape);
                x[i] = orig;
                double fd = (plus - minus) / (2 * h);
                max = Math.max(max, Math.abs(fd - ours[i]));
                scale = Math.max(scale, Math.abs(fd));
            }
            assertTrue(scale > 1e-3, "non-trivial gradient (max " + scale + ")");
            assertEquals(0, max, 1e-7 * Math.max(1, scale), "max abs difference from finite differences");
        }
    }

    /** The true input gradient (autograd, x the variable, inference mode), for the penalty as a function of W. */
    static double[] autogradInputGradient(Network d, ParameterStore ps, double[] x, Shape shape) {
        try (NDManager sm = Torch.newManager()) {
            NDArray xa = sm.create(x, shape);
            xa.setRequiresGradient(true);
            d.freeze(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(d.block()
                        .forward(ps, new NDList(xa), false)
                        .singletonOrThrow()
                        .sum());
            } finally {
                d.freeze(false);
            }
            return xa.getGradient().toDoubleArray();
        }
    }

    /**
     * R1 through the spectrally normalised residual D: the gradient of {@code mean ||dD/dx||^2} with respect to weights
     * in the main branches, a shortcut and the Dense layer equals central finite differences of the true penalty.
     */
    @Test
    void r1PenaltyWeightGradientsMatchCentralFiniteDifferences() {
        Engine.getInstance().setRandomSeed(5);
        try (NDManager m = Torch.newManager()) {
            Network d = critic(m, true);
            ParameterStore ps = new ParameterStore(m, false);
            Shape shape = shape(true);
            double[] real = input(m, true, new Random(6));
            ToDoubleFunction<double[]> r1 = x -> {
                double s = 0;
                for (double v : autogradInputGradient(d, ps, x, shape)) {
                    s += v * v;
                }
                return s / shape.get(0);
            };
            try (NDManager sm = m.newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(GradientPenalty.zeroCentred(d.forwardWithInputGradient(ps, sm.create(real, shape), true)
                            .get(1)));
                }
                Map<String, Parameter> params = d.parameters();
                int checked = 0;
                for (String name : List.of(
                        "0.main.0.weight",
                        "0.main.2.weight",
                        "0.shortcut.1.weight",
                        "1.main.1.weight",
                        "1.main.3.weight",
                        "1.shortcut.0.weight",
                        "4.weight")) {
                    Parameter p = params.get(name);
                    double[] grad = p.getArray().getGradient().toDoubleArray();
                    int n = grad.length;
                    for (int idx : new int[] {0, n / 2, n - 1}) {
                        double fd = centralDifference(p, idx, r1, real);
                        double rel =
                                Math.abs(grad[idx] - fd) / Math.max(Math.max(Math.abs(fd), Math.abs(grad[idx])), 1e-8);
                        assertTrue(
                                rel <= 1e-4,
                                "R1 d/d(" + name + "[" + idx + "]): ours " + grad[idx] + ", finite difference " + fd
                                        + ", relative error " + rel);
                        checked++;
                    }
                }
                assertEquals(21, checked);
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
    void spectralNormalisationReachesEveryWeightInsideTheBranches() {
        List<Layer> d = Layer.SpectralNorm.onEveryWeight(RESNET.discriminator(3, 64, 64, 4, false));
        Layer.Residual block = (Layer.Residual) d.get(1);
        assertEquals(
                List.of(
                        new Layer.Relu(),
                        new Layer.SpectralNorm(new Layer.Conv(4, 3, 1, 1, true)),
                        new Layer.Relu(),
                        new Layer.SpectralNorm(new Layer.Conv(8, 3, 1, 1, true)),
                        new Layer.AvgPool(2)),
                block.main());
        assertEquals(
                List.of(new Layer.SpectralNorm(new Layer.Conv(8, 1, 1, 0, true)), new Layer.AvgPool(2)),
                block.shortcut());
        assertEquals(new Layer.SpectralNorm(new Layer.Dense(1, true)), d.get(d.size() - 1));
        try (NDManager m = Torch.newManager()) {
            Network net = new Network(d);
            net.block().initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            // u and v are saved state of each normalised layer, inside the branches too
            assertTrue(net.parameters().containsKey("1.main.3.u")
                    && net.parameters().containsKey("1.shortcut.0.v"));
            assertTrue(net.trainable().stream().noneMatch(p -> p.getName().equals("u")));
        }
    }

    /**
     * After standing statistics are measured on a batch, the inference-mode generator (running statistics) computes
     * what the training-mode one (the batch's statistics, layer by layer) does on that batch: only possible if every
     * BatchNorm inside the residual blocks got the statistics of its own input.
     */
    @Test
    void standingStatisticsReachBatchNormInsideResidualBlocks() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = Torch.newManager()) {
            Network g = initialised(m, RESNET.generator(12, 1, 28, 28, 4), DataType.FLOAT32, new Shape(1, 12), 0.2f);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = m.randomNormal(new Shape(256, 12));
            Map<String, Parameter> p = g.parameters();
            float before = p.get("3.main.4.runningMean").getArray().getFloat(0);
            g.measureBatchNormStatistics(ps, z);
            assertNotEquals(before, p.get("3.main.4.runningMean").getArray().getFloat(0));
            float[] standing = g.block()
                    .forward(ps, new NDList(z), false)
                    .singletonOrThrow()
                    .toFloatArray();
            float[] batch = g.block()
                    .forward(ps, new NDList(z), true)
                    .singletonOrThrow()
                    .toFloatArray();
            double max = 0;
            double spread = 0;
            for (int i = 0; i < batch.length; i++) {
                max = Math.max(max, Math.abs(standing[i] - batch[i]));
                spread = Math.max(spread, Math.abs(batch[i]));
            }
            assertTrue(spread > 0.1, "non-trivial images (max |x| " + spread + ")");
            assertEquals(0, max, 1e-4, "inference with standing statistics vs training mode on the same batch");
        }
    }

    @Test
    void invalidLayersAndSizesAreRefusedClearly() {
        assertEquals(
                "the resnet backbone builds networks for 28x28 or 64x64 images, found 32x32",
                assertThrows(IllegalArgumentException.class, () -> RESNET.generator(10, 3, 32, 32, 8))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Layer.Residual(List.of(), List.of()))
                .getMessage()
                .contains("main branch"));
        assertThrows(IllegalArgumentException.class, () -> new Layer.Upsample(1));
        assertThrows(IllegalArgumentException.class, () -> new Layer.AvgPool(0));
        try (NDManager m = Torch.newManager()) {
            Network bad = new Network(List.of(new Layer.Residual(
                    List.of(new Layer.Conv(4, 3, 1, 1, true)), List.of(new Layer.Conv(4, 1, 2, 0, true)))));
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> bad.block().initialize(m, DataType.FLOAT32, new Shape(1, 2, 8, 8)));
            assertTrue(e.getMessage().contains("the same shape"), e.getMessage());
        }
    }
}
