package io.ganzoo.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao et al. 2017) from its IDX files: 60,000 training and 10,000 test images, 28x28 grayscale,
 * ten classes. The default location is where Debian's {@code dataset-fashion-mnist} package installs it.
 */
public final class FashionMnist {
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names in label order. */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The 60,000 training images. */
    public static ImageDataset train(Path dir) throws IOException {
        return load(dir, "train");
    }

    /** The 10,000 test images. */
    public static ImageDataset test(Path dir) throws IOException {
        return load(dir, "t10k");
    }

    private static ImageDataset load(Path dir, String split) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Fashion-MNIST folder not found: " + dir
                    + ". Install it with 'apt-get install dataset-fashion-mnist' or pass the folder that holds "
                    + split + "-images-idx3-ubyte(.gz)");
        }
        List<Path> files = files(dir, split);
        return IdxReader.read(
                files.get(0), files.get(1), CLASSES, "fashion-mnist/" + (split.equals("train") ? "train" : "test"));
    }

    /** The images and labels files of a split ({@code train} or {@code t10k}), gzipped or not, that the loader reads. */
    static List<Path> files(Path dir, String split) throws IOException {
        return List.of(find(dir, split + "-images-idx3-ubyte"), find(dir, split + "-labels-idx1-ubyte"));
    }

    private static Path find(Path dir, String base) throws IOException {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException(
                "Fashion-MNIST file missing: expected " + dir.resolve(base + ".gz") + " or " + dir.resolve(base));
    }
}
