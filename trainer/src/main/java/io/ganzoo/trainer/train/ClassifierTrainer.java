package io.ganzoo.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import io.ganzoo.console.Progress;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Pixels;
import io.ganzoo.trainer.data.Shuffle;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains the image classifiers that evaluate generators: their predictions count modes (StackedMNIST) and check
 * conditional samples, and their penultimate layer is the feature space of the Frechet distance, KID and
 * precision/recall. A small all-convolutional network with BatchNorm, trained with Adam on cross-entropy, with
 * random shifts of up to {@code shift} pixels as augmentation.
 */
public final class ClassifierTrainer implements AutoCloseable {
    /** Size of the feature vector (the penultimate layer). */
    public static final int FEATURES = 128;

    /**
     * What decides a classifier run.
     *
     * @param epochs    passes over the training data
     * @param batchSize images per step
     * @param lr        Adam learning rate (a quarter of it for the last third of the epochs)
     * @param shift     largest random shift in pixels (0: none)
     * @param seed      seed of the initial weights, data order and shifts
     */
    public record Config(int epochs, int batchSize, float lr, int shift, long seed) {
        public Config {
            if (epochs <= 0 || batchSize <= 0 || !(lr > 0) || Float.isInfinite(lr) || shift < 0) {
                throw new IllegalArgumentException(
                        "classifier config: expected epochs > 0, batch > 0, a finite lr > 0, shift >= 0," + " found "
                                + epochs + ", " + batchSize + ", " + lr + ", " + shift);
            }
        }
    }

    private final Config config;
    private final int classes;
    private final int[] shape;
    private final Network network;
    private final NDManager manager;
    private final ParameterStore store;

    /**
     * @param classes number of classes
     * @param shape   image shape (channels, height, width); 28x28
     */
    public ClassifierTrainer(Config config, int classes, int[] shape) {
        if (!(shape[1] == 28 && shape[2] == 28 || shape[1] == 64 && shape[2] == 64)) {
            throw new IllegalArgumentException(
                    "the classifier is built for 28x28 or 64x64 images, found " + shape[1] + "x" + shape[2]);
        }
        this.config = config;
        this.classes = classes;
        this.shape = shape.clone();
        Torch.ensureReady(); // loads libtorch and checks its arithmetic on this CPU
        Engine engine = Engine.getInstance();
        JniUtils.setGradMode(false);
        engine.setRandomSeed((int) config.seed());
        this.network = new Network(layers(classes, shape[1]));
        this.manager = Torch.newManager();
        this.store = new ParameterStore(manager, false);
        network.block().setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        network.block().initialize(manager, DataType.FLOAT32, new Shape(1, shape[0], shape[1], shape[2]));
    }

    /**
     * The network: 28x28 -> Conv3 32 -> 28x28 -> Conv4 s2 64 -> 14x14 -> Conv4 s2 128 -> 7x7 -> Dense 128 (features)
     * -> Dense classes (logits). BatchNorm and LeakyReLU(0.1) after every layer but the last.
     */
    public static List<Layer> layers(int classes) {
        return layers(classes, 28);
    }

    /**
     * The network for {@code size x size} images: 28 as {@link #layers(int)}; 64 (colour emoji) -> Conv4 s2 32 -> 32x32
     * -> Conv4 s2 64 -> 16x16 -> Conv4 s2 128 -> 8x8 -> Conv4 s2 128 -> 4x4 -> Dense 128 (features) -> Dense classes,
     * BatchNorm and LeakyReLU(0.1) after every layer but the last.
     */
    public static List<Layer> layers(int classes, int size) {
        if (size == 64) {
            List<Layer> l = new ArrayList<>();
            for (int width : new int[] {32, 64, 128, 128}) {
                l.add(new Layer.Conv(width, 4, 2, 1, false));
                l.add(new Layer.BatchNorm());
                l.add(new Layer.LeakyRelu(0.1f)); // 32 x 32 x 32, 64 x 16 x 16, 128 x 8 x 8, 128 x 4 x 4
            }
            l.add(new Layer.Flatten());
            l.add(new Layer.Dense(FEATURES, false));
            l.add(new Layer.BatchNorm());
            l.add(new Layer.LeakyRelu(0.1f)); // features: 128
            l.add(new Layer.Dense(classes, true)); // logits
            return l;
        }
        List<Layer> l = new ArrayList<>();
        l.add(new Layer.Conv(32, 3, 1, 1, false));
        l.add(new Layer.BatchNorm());
        l.add(new Layer.LeakyRelu(0.1f)); // 32 x 28 x 28
        l.add(new Layer.Conv(64, 4, 2, 1, false));
        l.add(new Layer.BatchNorm());
        l.add(new Layer.LeakyRelu(0.1f)); // 64 x 14 x 14
        l.add(new Layer.Conv(128, 4, 2, 1, false));
        l.add(new Layer.BatchNorm());
        l.add(new Layer.LeakyRelu(0.1f)); // 128 x 7 x 7
        l.add(new Layer.Flatten());
        l.add(new Layer.Dense(FEATURES, false));
        l.add(new Layer.BatchNorm());
        l.add(new Layer.LeakyRelu(0.1f)); // features: 128
        l.add(new Layer.Dense(classes, true)); // logits
        return l;
    }

    /** Index of the layer whose output is the feature vector. */
    public static int featureLayer(int classes) {
        return layers(classes).size() - 2;
    }

    /** Index of the layer whose output is the feature vector, for {@code size x size} images. */
    public static int featureLayer(int classes, int size) {
        return layers(classes, size).size() - 2;
    }

    public Network network() {
        return network;
    }

    /**
     * Trains on {@code train} and returns the accuracy on {@code test} after each epoch.
     *
     * @param log progress and per-epoch accuracy; {@code null} for silence
     */
    public List<Double> train(ImageDataset train, ImageDataset test, PrintStream log) {
        check(train);
        check(test);
        int batch = config.batchSize();
        int perEpoch = train.count() / batch;
        if (perEpoch == 0) {
            throw new IllegalArgumentException(
                    "training set of " + train.count() + " images is smaller than a batch of " + batch);
        }
        long total = (long) perEpoch * config.epochs();
        Optimizer opt = Optimizer.adam(network.trainable(), config.lr(), 0.9f, 0.999f, manager);
        Optimizer late = Optimizer.adam(network.trainable(), config.lr() / 4, 0.9f, 0.999f, manager);
        Progress progress = new Progress(log, "steps", 0, total);
        SplittableRandom r = new SplittableRandom(config.seed());
        float[] px = new float[batch * train.imageSize()];
        int[] labels = new int[batch];
        List<Double> accuracy = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] order = Shuffle.permutation(train.count(), r::nextInt);
            Optimizer o = epoch >= config.epochs() * 2 / 3 && config.epochs() >= 3 ? late : opt;
            double lossSum = 0;
            for (int b = 0; b < perEpoch; b++) {
                for (int i = 0; i < batch; i++) {
                    int k = order[b * batch + i];
                    labels[i] = train.labels()[k];
                    copyShifted(
                            train,
                            k,
                            px,
                            i,
                            r.nextInt(2 * config.shift() + 1) - config.shift(),
                            r.nextInt(2 * config.shift() + 1) - config.shift());
                }
                try (NDManager sm = manager.newSubManager()) {
                    NDArray x = sm.create(px, new Shape(batch, shape[0], shape[1], shape[2]));
                    NDArray y = sm.create(labels).oneHot(classes);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = network.block()
                                .forward(store, new NDList(x), true)
                                .singletonOrThrow();
                        NDArray loss = logits.logSoftmax(1)
                                .mul(y)
                                .sum(new int[] {1})
                                .neg()
                                .mean();
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    o.step();
                }
                step++;
                progress.update(step, String.format(Locale.ROOT, "epoch %d loss %.4f", epoch + 1, lossSum / (b + 1)));
            }
            double acc = accuracy(test);
            accuracy.add(acc);
            if (log != null) {
                log.printf(
                        Locale.ROOT,
                        "epoch %d: train loss %.4f, accuracy on %s %.4f%n",
                        epoch + 1,
                        lossSum / perEpoch,
                        test.name(),
                        acc);
            }
        }
        return accuracy;
    }

    /** Fraction of {@code data} classified correctly (inference mode). */
    public double accuracy(ImageDataset data) {
        check(data);
        int[] predicted = predict(data);
        int right = 0;
        for (int i = 0; i < data.count(); i++) {
            if (predicted[i] == data.labels()[i]) {
                right++;
            }
        }
        return right / (double) data.count();
    }

    /** The most likely class of every image (inference mode). */
    public int[] predict(ImageDataset data) {
        int[] out = new int[data.count()];
        int batch = 500;
        float[] px = new float[batch * data.imageSize()];
        for (int start = 0; start < data.count(); start += batch) {
            int m = Math.min(batch, data.count() - start);
            for (int i = 0; i < m; i++) {
                copyShifted(data, start + i, px, i, 0, 0);
            }
            try (NDManager sm = manager.newSubManager()) {
                NDArray x =
                        sm.create(Arrays.copyOf(px, m * data.imageSize()), new Shape(m, shape[0], shape[1], shape[2]));
                long[] arg = network.block()
                        .forward(store, new NDList(x), false)
                        .singletonOrThrow()
                        .argMax(1)
                        .toLongArray();
                for (int i = 0; i < m; i++) {
                    out[start + i] = (int) arg[i];
                }
            }
        }
        return out;
    }

    private void check(ImageDataset d) {
        if (d.labels() == null || d.channels() != shape[0] || d.height() != shape[1] || d.width() != shape[2]) {
            throw new IllegalArgumentException("classifier data: expected labelled " + shape[0] + "x" + shape[1] + "x"
                    + shape[2] + " images, found " + d.name() + " (" + d.channels() + "x" + d.height() + "x" + d.width()
                    + (d.labels() == null ? ", unlabelled)" : ")"));
        }
    }

    /**
     * Image {@code k} scaled to [-1, 1], shifted by (dx, dy) into slot {@code slot}; the uncovered pixels take the
     * dataset's background (black; white for the emoji, which are composited onto white).
     */
    private static void copyShifted(ImageDataset d, int k, float[] dst, int slot, int dx, int dy) {
        int fill = d.name().startsWith("emoji") ? 255 : 0;
        int h = d.height();
        int w = d.width();
        int size = d.imageSize();
        byte[] px = d.pixels();
        for (int c = 0; c < d.channels(); c++) {
            int src = k * size + c * h * w;
            int off = slot * size + c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = y - dy;
                for (int x = 0; x < w; x++) {
                    int sx = x - dx;
                    int v = sy >= 0 && sy < h && sx >= 0 && sx < w ? px[src + sy * w + sx] & 0xff : fill;
                    dst[off + y * w + x] = Pixels.toSigned(v);
                }
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
