package io.ganzoo.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The datasets the trainer knows by name, so the command line, the exporter and the evaluator agree on where each
 * one lives, its image shape and its class names. A run's recorded dataset is {@code <name>/<split>}, e.g.
 * {@code fashion-mnist/train}; an image folder is recorded as {@code folder/<size>} (e.g. {@code folder/64}), and its
 * files are given again with {@code --data} when a run resumes.
 */
public final class Datasets {
    /** Names accepted by {@code --dataset}. */
    public static final List<String> NAMES =
            List.of("fashion-mnist", "mnist", "stacked-mnist", "emoji-faces", "emoji", "folder");

    /** Images in the StackedMNIST training set the trainer builds (from the 8,000 MNIST training digits). */
    public static final int STACKED_TRAIN_SIZE = 60_000;
    /** Seed of the StackedMNIST training set. */
    public static final long STACKED_SEED = 2017;

    private Datasets() {}

    /** The dataset name of a recorded {@code <name>/<split>}. */
    public static String base(String recorded) {
        int slash = recorded.indexOf('/');
        return slash < 0 ? recorded : recorded.substring(0, slash);
    }

    /** Default folder of a dataset's files. */
    public static Path defaultDir(String name) {
        return switch (base(name)) {
            case "fashion-mnist" -> FashionMnist.DEFAULT_DIR;
            case "mnist", "stacked-mnist" -> Mnist.DEFAULT_DIR;
            case "emoji-faces", "emoji" -> Emoji.DEFAULT_DIR;
            case "synthetic" -> Path.of(".");
            case "folder" -> throw new IllegalArgumentException("an image folder dataset needs its folder: --data DIR");
            default -> throw unknown(name);
        };
    }

    /** The image size of a recorded {@code folder/<size>} dataset. */
    static int folderSize(String name) {
        String s = name.substring(name.indexOf('/') + 1);
        try {
            return io.ganzoo.zoo.Decimal.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("image folder dataset: expected folder/<size>, found " + name, e);
        }
    }

    /** The training images of a dataset; {@code dir} null means the default folder. */
    public static ImageDataset train(String name, Path dir) throws IOException {
        Path d = dir == null ? defaultDir(name) : dir;
        return switch (base(name)) {
            case "fashion-mnist" -> FashionMnist.train(d);
            case "mnist" -> Mnist.train(d);
            case "stacked-mnist" -> StackedMnist.build(Mnist.train(d), STACKED_TRAIN_SIZE, STACKED_SEED);
            case "emoji-faces" -> Emoji.faces(d, true).images();
            case "emoji" -> Emoji.all(d, true).images();
            case "folder" -> ImageFolder.read(d, folderSize(name), System.err);
            default -> throw unknown(name);
        };
    }

    /**
     * The images a training run of {@code name} reads: those of {@link #train}, or for a dry run (a {@code synthetic}
     * dataset) max(256, 4 x batch) rectangles of 28 x 28 ({@link SyntheticData#rectangles}) drawn with the seed.
     *
     * @param name      the run's recorded dataset
     * @param dir       the dataset's folder, or {@code null} for the default
     * @param batchSize the run's batch size
     * @param seed      the run's seed
     * @return the training images
     * @throws IllegalArgumentException for an unknown dataset
     * @throws IOException              when the dataset cannot be read
     */
    public static ImageDataset forRun(String name, Path dir, int batchSize, long seed) throws IOException {
        if (name.startsWith("synthetic")) {
            return SyntheticData.rectangles(Math.max(256, batchSize * 4), 28, seed);
        }
        return train(name, dir);
    }

    /** Class names in label order (the 1000 digit triples for StackedMNIST). */
    public static List<String> classNames(String name) {
        return switch (base(name)) {
            case "fashion-mnist" -> FashionMnist.CLASSES;
            case "mnist" -> Mnist.CLASSES;
            case "stacked-mnist" -> StackedMnist.modeNames();
            case "synthetic" -> SyntheticData.CLASSES;
            case "emoji-faces" -> Emoji.TONES;
            case "emoji" -> Emoji.CATEGORIES;
            case "folder" -> List.of();
            default -> throw unknown(name);
        };
    }

    /** Image shape (channels, height, width). */
    public static int[] imageShape(String name) {
        return switch (base(name)) {
            case "fashion-mnist", "mnist", "synthetic" -> new int[] {1, 28, 28};
            case "stacked-mnist" -> new int[] {3, 28, 28};
            case "emoji-faces", "emoji" -> new int[] {3, Emoji.SIZE, Emoji.SIZE};
            case "folder" -> new int[] {3, folderSize(name), folderSize(name)};
            default -> throw unknown(name);
        };
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown dataset '" + name + "'; expected one of " + NAMES);
    }
}
