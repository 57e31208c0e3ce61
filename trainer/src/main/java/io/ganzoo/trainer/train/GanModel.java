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
import io.ganzoo.trainer.nn.Dcgan;
import io.ganzoo.trainer.nn.Network;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generator and a discriminator built for a {@link TrainConfig} and an image shape, with seeded initial weights
 * (N(0, 0.02) as in the DCGAN paper). Owns the native memory of both networks.
 */
public final class GanModel implements AutoCloseable {
    private final TrainConfig config;
    private final int channels;
    private final int height;
    private final int width;
    private final NDManager manager;
    private final Network generator;
    private final Network discriminator;
    private final ParameterStore store;

    private GanModel(TrainConfig config, int channels, int height, int width) {
        this.config = config;
        this.channels = channels;
        this.height = height;
        this.width = width;
        if (height != 28 || width != 28) {
            throw new IllegalArgumentException("the " + config.family() + " networks are built for 28x28 images, found "
                    + height + "x" + width);
        }
        this.generator = new Network(Dcgan.generator28(config.ngf(), channels));
        this.discriminator = new Network(Dcgan.discriminator28(config.ndf(), config.discriminatorBatchNorm()));
        this.manager = NDManager.newBaseManager();
        this.store = new ParameterStore(manager, false);
    }

    /**
     * Builds both networks and draws their initial weights from the config's seed.
     */
    public static GanModel create(TrainConfig config, int channels, int height, int width) {
        Engine engine = Engine.getInstance();
        // PyTorch's grad mode is thread-local and on by default: forward passes outside a GradientCollector must
        // not record graphs on whatever thread trains.
        JniUtils.setGradMode(false);
        GanModel m = new GanModel(config, channels, height, width);
        engine.setRandomSeed((int) (config.seed() ^ (config.seed() >>> 32)));
        NormalInitializer init = new NormalInitializer(0.02f);
        m.generator.block().setInitializer(init, Parameter.Type.WEIGHT);
        m.discriminator.block().setInitializer(init, Parameter.Type.WEIGHT);
        m.generator.block().initialize(m.manager, DataType.FLOAT32, new Shape(1, config.latentSize()));
        m.discriminator.block().initialize(m.manager, DataType.FLOAT32, new Shape(1, channels, height, width));
        return m;
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

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Manager that owns the weights; per-step work should use a sub-manager of it. */
    public NDManager manager() {
        return manager;
    }

    /** G(z); {@code training} selects batch statistics (true) or running statistics (false) in BatchNorm. */
    public NDArray generate(NDArray z, boolean training) {
        return generator.block().forward(store, new NDList(z), training).singletonOrThrow();
    }

    /**
     * D(x) and, built from forward ops, dD/dx (for gradient penalties; D must have no BatchNorm).
     *
     * @return output (N, 1) and input gradient (shape of x)
     */
    public NDList discriminateWithInputGradient(NDArray x, boolean training) {
        return discriminator.forwardWithInputGradient(store, x, training);
    }

    /** D(x) as logits, shape (N, 1). */
    public NDArray discriminate(NDArray x, boolean training) {
        return discriminator.block().forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Runs the generator in inference mode on {@code n} latent vectors.
     *
     * @param z {@code n * latentSize} floats
     * @return {@code n * channels * height * width} floats in [-1, 1]
     */
    public float[] sample(float[] z, int n) {
        try (NDManager step = manager.newSubManager()) {
            NDArray in = step.create(z, new Shape(n, config.latentSize()));
            return generate(in, false).toFloatArray();
        }
    }

    /** Every weight and statistic of both networks, named {@code G.<layer>.<name>} and {@code D.<layer>.<name>}. */
    public Map<String, NDArray> tensors() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        generator.parameters().forEach((k, p) -> out.put("G." + k, p.getArray()));
        discriminator.parameters().forEach((k, p) -> out.put("D." + k, p.getArray()));
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
