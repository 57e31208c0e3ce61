package io.ganzoo.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Backbone;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generator and a discriminator built for a {@link TrainConfig} and an image shape, with seeded initial weights
 * (N(0, 0.02) as in the DCGAN paper). Owns the native memory of both networks.
 *
 * <p>A conditional model ({@code cgan}) feeds G the concatenation of z and the one-hot label, and D the image with
 * the one-hot label appended as constant planes; label arguments are {@code null} for unconditional models.
 */
public final class GanModel implements AutoCloseable {
    private final TrainConfig config;
    private final int[] sampleShape;
    private final int classes;
    private final NDManager manager;
    private final Network generator;
    private final Network discriminator;
    private final ParameterStore store;
    private GeneratorEma ema;
    private boolean emaInUse;

    private GanModel(TrainConfig config, List<Layer> g, List<Layer> d, int[] sampleShape, int classes) {
        this.config = config;
        this.sampleShape = sampleShape.clone();
        this.classes = config.conditional() ? classes : 0;
        if (config.conditional() && classes < 2) {
            throw new IllegalArgumentException(
                    "a conditional model needs a labelled dataset with at least 2 classes, found " + classes);
        }
        if (this.classes > 0 && sampleShape.length != 3) {
            throw new IllegalArgumentException(
                    "conditional models are built for images (C, H, W), found a sample shape of "
                            + Arrays.toString(sampleShape));
        }
        this.generator = new Network(g);
        this.discriminator = new Network(d);
        this.manager = Torch.newManager();
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds the config's backbone ({@link TrainConfig#backbone}) for images, D spectrally normalised when the config
     * says so ({@link TrainConfig#spectralNorm}), and draws their initial weights from the config's seed.
     *
     * @param classes number of classes of the data (used by conditional models only)
     * @throws IllegalArgumentException when the backbone is not built for images of this size
     */
    public static GanModel create(TrainConfig config, int channels, int height, int width, int classes) {
        Backbone backbone = config.backbone().backbone();
        if (!backbone.supports(height, width)) {
            throw new IllegalArgumentException("the " + config.backbone().wireName() + " backbone builds networks for "
                    + backbone.sizes() + " images, found " + height + "x" + width
                    + "; resize the data (image folders: --image-size 64)");
        }
        int labels = config.conditional() ? classes : 0;
        List<Layer> d =
                backbone.discriminator(channels + labels, height, width, config.ndf(), config.discriminatorBatchNorm());
        return create(
                config,
                backbone.generator(config.latentSize() + labels, channels, height, width, config.ngf()),
                config.spectralNorm() ? Layer.SpectralNorm.onEveryWeight(d) : d,
                new int[] {channels, height, width},
                classes);
    }

    /**
     * Builds the given networks for samples of {@code sampleShape} (e.g. {@code {2}} for 2-D points) and draws their
     * initial weights, N(0, 0.02) as in the DCGAN paper, from the config's seed.
     *
     * @param classes number of classes of the data (conditional image models only)
     */
    public static GanModel create(
            TrainConfig config, List<Layer> generator, List<Layer> discriminator, int[] sampleShape, int classes) {
        Torch.ensureReady(); // loads libtorch and checks its arithmetic on this CPU
        Engine engine = Engine.getInstance();
        // PyTorch's grad mode is thread-local and on by default: forward passes outside a GradientCollector must
        // not record graphs on whatever thread trains.
        JniUtils.setGradMode(false);
        GanModel m = new GanModel(config, generator, discriminator, sampleShape, classes);
        engine.setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
        NormalInitializer init = new NormalInitializer(0.02f);
        m.generator.block().setInitializer(init, Parameter.Type.WEIGHT);
        m.discriminator.block().setInitializer(init, Parameter.Type.WEIGHT);
        m.generator.block().initialize(m.manager, DataType.FLOAT32, new Shape(1, config.latentSize() + m.classes));
        long[] dIn = new long[sampleShape.length + 1];
        dIn[0] = 1;
        for (int i = 0; i < sampleShape.length; i++) {
            dIn[i + 1] = sampleShape[i];
        }
        if (m.classes > 0) {
            dIn[1] += m.classes; // label planes
        }
        m.discriminator.block().initialize(m.manager, DataType.FLOAT32, new Shape(dIn));
        if (config.emaHalfLife() > 0) {
            m.ema = new GeneratorEma(
                    m.generator, config.emaHalfLife(), config.emaRampup(), config.batchSize(), m.manager);
        }
        return m;
    }

    /** An unconditional model. */
    public static GanModel create(TrainConfig config, int channels, int height, int width) {
        return create(config, channels, height, width, 0);
    }

    public TrainConfig config() {
        return config;
    }

    public Network generator() {
        return generator;
    }

    public Network discriminator() {
        return discriminator;
    }

    /** Shape of one sample, e.g. {@code {C, H, W}} for images or {@code {2}} for points. */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    public int channels() {
        return imageDim(0);
    }

    public int height() {
        return imageDim(1);
    }

    public int width() {
        return imageDim(2);
    }

    private int imageDim(int i) {
        if (sampleShape.length != 3) {
            throw new IllegalStateException(
                    "this model's samples are not images: shape " + Arrays.toString(sampleShape));
        }
        return sampleShape[i];
    }

    /** Number of classes of a conditional model; 0 when unconditional. */
    public int classes() {
        return classes;
    }

    /** Manager that owns the weights; per-step work should use a sub-manager of it. */
    public NDManager manager() {
        return manager;
    }

    /**
     * G(z) (or G(z, label)); {@code training} selects batch statistics (true) or running statistics (false) in
     * BatchNorm.
     *
     * @param labels int labels (N), or {@code null} for an unconditional model
     */
    public NDArray generate(NDArray z, NDArray labels, boolean training) {
        NDArray in = generatorInput(z, labels);
        return generator.block().forward(store, new NDList(in), training).singletonOrThrow();
    }

    /** G's input: z, with the one-hot label appended for a conditional model. */
    private NDArray generatorInput(NDArray z, NDArray labels) {
        return classes == 0 ? z : z.concat(labels.oneHot(classes).toType(z.getDataType(), false), 1);
    }

    /** D(x) (or D(x, label)) as logits, shape (N, 1). */
    public NDArray discriminate(NDArray x, NDArray labels, boolean training) {
        return discriminator
                .block()
                .forward(store, new NDList(withLabelPlanes(x, labels)), training)
                .singletonOrThrow();
    }

    /**
     * D(x) and, built from forward ops, dD/dx (for gradient penalties; D must have no BatchNorm).
     *
     * @return output (N, 1) and input gradient (shape of D's input)
     */
    public NDList discriminateWithInputGradient(NDArray x, NDArray labels, boolean training) {
        return discriminator.forwardWithInputGradient(store, withLabelPlanes(x, labels), training);
    }

    private NDArray withLabelPlanes(NDArray x, NDArray labels) {
        if (classes == 0) {
            return x;
        }
        Shape s = x.getShape();
        NDArray planes = labels.oneHot(classes)
                .toType(x.getDataType(), false)
                .reshape(s.get(0), classes, 1, 1)
                .broadcast(s.get(0), classes, s.get(2), s.get(3));
        return x.concat(planes, 1);
    }

    /**
     * Runs the generator in inference mode on {@code n} latent vectors.
     *
     * @param z      {@code n * latentSize} floats
     * @param labels {@code n} labels, or {@code null} for an unconditional model
     * @return {@code n * channels * height * width} floats in [-1, 1]
     */
    public float[] sample(float[] z, int[] labels, int n) {
        try (NDManager step = manager.newSubManager()) {
            NDArray in = step.create(z, new Shape(n, config.latentSize()));
            NDArray l = labels == null ? null : step.create(labels);
            return generate(in, l, false).toFloatArray();
        }
    }

    /**
     * Every weight and statistic of both networks (and a spectrally normalised D's vectors, {@code D.<layer>.u} and
     * {@code D.<layer>.v}), named {@code G.<layer>.<name>} and {@code D.<layer>.<name>}, and
     * the generator's weight average ({@code Gema.<layer>.<name>}) when the config keeps one.
     */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        generator.parameters().forEach((k, p) -> out.put("G." + k, p.getArray()));
        discriminator.parameters().forEach((k, p) -> out.put("D." + k, p.getArray()));
        if (ema != null) {
            ema.tensors().forEach((k, a) -> out.put("Gema." + k, a));
        }
        return out;
    }

    /** The moving average of G's weights, or {@code null} when the config keeps none ({@link TrainConfig#emaHalfLife}). */
    public GeneratorEma ema() {
        return ema;
    }

    /** Whether G's weights are the moving average ({@link #useEmaWeights} was called). */
    public boolean emaWeightsInUse() {
        return emaInUse;
    }

    /** Latent vectors (seed, from index 0) whose activations set the BatchNorm statistics of averaged weights. */
    public static final int EMA_STATISTICS_SAMPLES = 2048;

    /** Seed of the latent vectors of {@link #EMA_STATISTICS_SAMPLES} (a {@link Noise} stream). */
    public static final long EMA_STATISTICS_SEED = 0x67616e7a6f6fL; // "ganzoo"

    /**
     * Replaces G's weights by their moving average and measures G's BatchNorm statistics for them on
     * {@link #EMA_STATISTICS_SAMPLES} latent vectors (labels in turn for a conditional model); deterministic. For
     * export: training must not go on with this model afterwards.
     *
     * @throws IllegalStateException when the config keeps no average
     */
    public void useEmaWeights() {
        requireEma();
        loadEma();
        emaInUse = true;
    }

    /**
     * G's inference-mode outputs with the moving average of its weights (and BatchNorm statistics measured for them,
     * as an export has), leaving G's weights and statistics exactly as they were: for sample grids and quality
     * probes during training.
     *
     * @throws IllegalStateException when the config keeps no average
     */
    public float[] sampleEma(float[] z, int[] labels, int n) {
        requireEma();
        Map<String, float[]> saved = new LinkedHashMap<>();
        generator.parameters().forEach((k, p) -> saved.put(k, p.getArray().toFloatArray()));
        try {
            loadEma();
            return sample(z, labels, n);
        } finally {
            generator.parameters().forEach((k, p) -> p.getArray().set(saved.get(k)));
        }
    }

    private void requireEma() {
        if (ema == null) {
            throw new IllegalStateException("this run keeps no moving average of G's weights (emaHalfLife 0)");
        }
    }

    private void loadEma() {
        ema.copyIntoGenerator();
        int n = EMA_STATISTICS_SAMPLES;
        try (NDManager sm = manager.newSubManager()) {
            NDArray z = sm.create(
                    Noise.standardNormal(EMA_STATISTICS_SEED, 0, n, config.latentSize()),
                    new Shape(n, config.latentSize()));
            int[] labels = classes > 0 ? Generator.labelsInTurn(0, n, classes) : null;
            NDArray in = generatorInput(z, labels == null ? null : sm.create(labels));
            generator.measureBatchNormStatistics(store, in);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
