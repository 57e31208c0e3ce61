package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The dataset hashes recorded in exports, checked against hashes computed here independently. */
public class DatasetHashTest {
    @TempDir
    Path dir;

    /** SHA-256 of bytes, computed without DatasetHash. */
    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Writes a small Fashion-MNIST folder: {@code train} images and labels gzipped, the {@code t10k} ones plain
     * (the loader takes either), 28x28 random images with labels 0..9.
     */
    public static void tinyFashionMnist(Path dir, int train, int test) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(train * 31L + test);
        for (String split : new String[] {"train", "t10k"}) {
            int n = split.equals("train") ? train : test;
            byte[] px = new byte[n * 28 * 28];
            r.nextBytes(px);
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % 10);
            }
            boolean gz = split.equals("train");
            write(
                    dir.resolve(split + "-images-idx3-ubyte" + (gz ? ".gz" : "")),
                    gz,
                    IdxReader.IMAGES_MAGIC,
                    new int[] {n, 28, 28},
                    px);
            write(
                    dir.resolve(split + "-labels-idx1-ubyte" + (gz ? ".gz" : "")),
                    gz,
                    IdxReader.LABELS_MAGIC,
                    new int[] {n},
                    labels);
        }
    }

    private static void write(Path file, boolean gzip, int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
        Files.write(file, raw.toByteArray());
    }

    @Test
    void fashionMnistHashesEachFileReadAsStored() throws Exception {
        tinyFashionMnist(dir, 20, 10);
        Map<String, String> expected = new LinkedHashMap<>();
        for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")) {
            expected.put(f, sha256(Files.readAllBytes(dir.resolve(f))));
        }
        assertEquals(expected, DatasetHash.ofFiles("fashion-mnist/train", dir, false));
        assertEquals(
                List.copyOf(expected.keySet()),
                List.copyOf(
                        DatasetHash.ofFiles("fashion-mnist/train", dir, false).keySet()));
        for (String f : List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            expected.put(f, sha256(Files.readAllBytes(dir.resolve(f))));
        }
        assertEquals(expected, DatasetHash.ofFiles("fashion-mnist", dir, true));
        assertEquals(
                expected.values().iterator().next(), DatasetHash.sha256(dir.resolve("train-images-idx3-ubyte.gz")));
    }

    @Test
    void mnistHashesTheTenDigitFiles() throws Exception {
        Path digits = dir.resolve("digits");
        Files.createDirectories(digits);
        Map<String, String> expected = new LinkedHashMap<>();
        for (int d = 0; d < 10; d++) {
            byte[] json = ("{\"data\": [" + "0.5,".repeat(783) + (d / 10.0) + "]}").getBytes(StandardCharsets.UTF_8);
            Files.write(digits.resolve(d + ".json"), json);
            expected.put("digits/" + d + ".json", sha256(json));
        }
        assertEquals(expected, DatasetHash.ofFiles("mnist/train", dir, false));
        assertEquals(expected, DatasetHash.ofFiles("stacked-mnist/train", dir, false));
        assertEquals(10, Mnist.train(dir).count(), "the loader reads these files");
    }

    @Test
    void anImageFolderIsOneHashOfTheSha256sumListingOfItsImages() throws Exception {
        Path images = dir.resolve("faces");
        ImageFolderTest.faces(images, 5); // face0, face3 in sub/
        Files.writeString(images.resolve("notes.txt"), "not read, not hashed");
        Map<String, String> got = DatasetHash.ofFiles("folder/64", images, false);
        assertEquals(List.of("faces/"), List.copyOf(got.keySet()));

        StringBuilder listing = new StringBuilder();
        for (String f : List.of("face1.jpg", "face2.png", "face4.png", "sub/face0.png", "sub/face3.jpg")) {
            listing.append(sha256(Files.readAllBytes(images.resolve(f))))
                    .append("  ")
                    .append(f)
                    .append('\n');
        }
        assertEquals(sha256(listing.toString().getBytes(StandardCharsets.UTF_8)), got.get("faces/"));

        // the shell recipe in DatasetHash's documentation gives the same hash
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash) && Files.isExecutable(Path.of("/usr/bin/sha256sum")), "coreutils");
        Process p = new ProcessBuilder(
                        bash.toString(),
                        "-c",
                        "cd \"$1\" && find . -type f \\( -iname '*.jpg' -o -iname"
                                + " '*.jpeg' -o -iname '*.png' \\) -printf '%P\\n' | LC_ALL=C sort | xargs -d '\\n' sha256sum | sha256sum",
                        "-",
                        images.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(got.get("faces/") + "  -", out.strip());
    }

    @Test
    void syntheticDataIsHashedFromTheGeneratedImages() throws Exception {
        ImageDataset d = SyntheticData.rectangles(16, 28, 7);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(d.pixels());
        for (int label : d.labels()) {
            out.writeInt(label);
        }
        assertEquals(
                Map.of("synthetic/rectangles", sha256(bytes.toByteArray())),
                DatasetHash.ofTraining("synthetic/rectangles", null, d));
        assertNotEquals(DatasetHash.ofImages(d), DatasetHash.ofImages(SyntheticData.rectangles(16, 28, 8)));
    }

    @Test
    void aRunFolderKeepsTheHashItStartedWith() throws Exception {
        tinyFashionMnist(dir.resolve("data"), 10, 5);
        Path run = dir.resolve("run");
        assertEquals(Map.of(), DatasetHash.read(run), "a run from before the hash was recorded");
        Map<String, String> first = DatasetHash.record(run, false, "fashion-mnist/train", dir.resolve("data"), null);
        assertEquals(first, DatasetHash.read(run));
        assertEquals(
                "{\"train-images-idx3-ubyte.gz\":\"" + first.get("train-images-idx3-ubyte.gz")
                        + "\",\"train-labels-idx1-ubyte.gz\":\"" + first.get("train-labels-idx1-ubyte.gz") + "\"}",
                DatasetHash.toJson(first));

        tinyFashionMnist(dir.resolve("data"), 12, 5); // the files change
        assertEquals(first, DatasetHash.record(run, true, "fashion-mnist/train", dir.resolve("data"), null), "kept");
        Map<String, String> fresh = DatasetHash.record(run, false, "fashion-mnist/train", dir.resolve("data"), null);
        assertNotEquals(first, fresh, "a new run hashes the files again");
        assertEquals(fresh, DatasetHash.read(run));

        Files.writeString(run.resolve(DatasetHash.RUN_FILE), "[1, 2");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetHash.read(run));
        assertTrue(e.getMessage().contains(DatasetHash.RUN_FILE), e.getMessage());
    }
}
