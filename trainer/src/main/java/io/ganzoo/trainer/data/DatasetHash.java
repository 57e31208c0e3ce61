package io.ganzoo.trainer.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 of the data a model was trained on, for its provenance (metadata key {@code ganzoo.dataset.sha256}, JSON
 * object {@code {"file": "hex", ...}}): each file the loader reads, named relative to the dataset folder with
 * {@code /}, hashed as stored (a {@code .gz} file as compressed bytes).
 * <ul>
 *   <li>{@code fashion-mnist}: the images and labels files of the split(s) read, e.g.
 *       {@code train-images-idx3-ubyte.gz};</li>
 *   <li>{@code mnist}, {@code stacked-mnist}: the ten digit files, {@code digits/0.json .. 9.json};</li>
 *   <li>{@code emoji-faces}, {@code emoji}: {@code emoji.json}, and {@code img/<vendor>/64/} hashed as a folder
 *       (below) of the images the dataset reads;</li>
 *   <li>{@code folder}: one entry, the folder's name and {@code /} (e.g. {@code img_align_celeba/}), whose value is
 *       the SHA-256 of a {@code sha256sum}-style listing of the image files read: one line
 *       {@code <hex>  <relative path>\n} per file, sorted by relative path (byte order for ASCII names). The same as
 *       {@code cd DIR && find . -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -printf '%P\n'
 *       | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum};</li>
 *   <li>{@code synthetic/rectangles} (dry runs): no file; the SHA-256 of the generated images trained on, their
 *       pixel bytes followed by each label as a 4-byte big-endian integer.</li>
 * </ul>
 *
 * <p>A training run computes it once, when it starts, into its run folder ({@link #RUN_FILE}); a resumed run keeps
 * it, and {@code export} reads it from there.
 */
public final class DatasetHash {
    /** The run folder's record of the hash. */
    public static final String RUN_FILE = "dataset-sha256.json";

    private DatasetHash() {}

    /**
     * The hash of what {@link Datasets#train Datasets.train(recorded, dir)} reads; a synthetic dataset is hashed from
     * {@code loaded}, the images trained on.
     */
    public static Map<String, String> ofTraining(String recorded, Path dir, ImageDataset loaded) throws IOException {
        if (Datasets.base(recorded).equals("synthetic")) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put(loaded.name(), ofImages(loaded));
            return m;
        }
        return ofFiles(recorded, dir, false);
    }

    /**
     * The hash of the files of dataset {@code name} (null {@code dir}: its default folder): those of its training
     * split and, with {@code testSplit}, those of its test split too (Fashion-MNIST's {@code t10k} files; MNIST's
     * held-out digits are in the same files as its training digits).
     */
    public static Map<String, String> ofFiles(String name, Path dir, boolean testSplit) throws IOException {
        Path d = dir == null ? Datasets.defaultDir(name) : dir;
        List<Path> files = new ArrayList<>();
        switch (Datasets.base(name)) {
            case "fashion-mnist" -> {
                files.addAll(FashionMnist.files(d, "train"));
                if (testSplit) {
                    files.addAll(FashionMnist.files(d, "t10k"));
                }
            }
            case "mnist", "stacked-mnist" -> files.addAll(Mnist.files(d));
            case "emoji-faces", "emoji" -> {
                Path img = d.resolve("img").resolve(Emoji.vendor(d)).resolve("64");
                List<Path> read = new ArrayList<>();
                for (Emoji.Entry e : Emoji.entries(d)) {
                    if (Datasets.base(name).equals("emoji") || e.isFace()) {
                        read.add(img.resolve(e.file()));
                    }
                }
                Map<String, String> m = new LinkedHashMap<>();
                m.put("emoji.json", sha256(d.resolve("emoji.json")));
                m.put(relative(d, img) + "/", ofFolder(img, read));
                return m;
            }
            case "folder" -> {
                Path abs = d.toAbsolutePath().normalize();
                Map<String, String> m = new LinkedHashMap<>();
                m.put(
                        (abs.getFileName() == null ? "" : abs.getFileName().toString()) + "/",
                        ofFolder(d, ImageFolder.imageFiles(d)));
                return m;
            }
            default -> throw new IllegalArgumentException("no dataset files to hash for '" + name + "'");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Path f : files) {
            m.put(relative(d, f), sha256(f));
        }
        return m;
    }

    /** The SHA-256 of the {@code sha256sum} listing of {@code files} under {@code dir}, sorted by relative path. */
    public static String ofFolder(Path dir, List<Path> files) throws IOException {
        Map<String, Path> byName = new TreeMap<>();
        for (Path f : files) {
            byName.put(relative(dir, f), f);
        }
        StringBuilder listing = new StringBuilder();
        for (Map.Entry<String, Path> e : byName.entrySet()) {
            listing.append(sha256(e.getValue())).append("  ").append(e.getKey()).append('\n');
        }
        return Zoo.hex(Zoo.newSha256().digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The SHA-256 of images held in memory: the pixel bytes, then each label as a 4-byte big-endian integer. */
    public static String ofImages(ImageDataset d) {
        MessageDigest md = Zoo.newSha256();
        md.update(d.pixels());
        if (d.labels() != null) {
            ByteBuffer b = ByteBuffer.allocate(4 * d.labels().length);
            b.asIntBuffer().put(d.labels());
            md.update(b.array());
        }
        return Zoo.hex(md.digest());
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = Zoo.newSha256();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return Zoo.hex(md.digest());
    }

    /** The metadata value: the map as a one-line JSON object, in its order. */
    public static String toJson(Map<String, String> hashes) {
        return new Gson().toJson(hashes);
    }

    /**
     * Writes the hash of a run's training data ({@link #ofTraining}) into its run folder, for {@code export}.
     *
     * @param keep whether a hash already recorded there stays: true for a run that has a checkpoint (a resumed run
     *             keeps the hash of the data it started on; computed now for a run from before it was recorded)
     * @return the hash recorded
     */
    public static Map<String, String> record(Path run, boolean keep, String recorded, Path dir, ImageDataset loaded)
            throws IOException {
        if (keep && Files.isRegularFile(run.resolve(RUN_FILE))) {
            return read(run);
        }
        Map<String, String> hashes = ofTraining(recorded, dir, loaded);
        Files.createDirectories(run);
        AtomicFiles.write(
                run.resolve(RUN_FILE),
                new GsonBuilder().setPrettyPrinting().create().toJson(hashes).getBytes(StandardCharsets.UTF_8));
        return hashes;
    }

    /** The hash recorded in a run folder; empty for a run from before it was recorded. */
    public static Map<String, String> read(Path run) throws IOException {
        Path file = run.resolve(RUN_FILE);
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                m.put(e.getKey(), e.getValue().getAsString());
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    file + " is damaged (" + e.getMessage() + "); it records the SHA-256 of"
                            + " the run's training data: repair or delete it",
                    e);
        }
        return m;
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
