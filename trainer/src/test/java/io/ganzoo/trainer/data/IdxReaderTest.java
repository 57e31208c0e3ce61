package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    @TempDir
    Path dir;

    static byte[] images(int magic, int n, int rows, int cols, int payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < payload; i++) {
            out.writeByte(i * 7);
        }
        return b.toByteArray();
    }

    static byte[] labels(int n, int... values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(IdxReader.LABELS_MAGIC);
        out.writeInt(n);
        for (int v : values) {
            out.writeByte(v);
        }
        return b.toByteArray();
    }

    Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] img = images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12);
        for (boolean gz : new boolean[] {false, true}) {
            Path i = write("img" + gz, img, gz);
            Path l = write("lab" + gz, labels(3, 2, 0, 1), gz);
            ImageDataset d = IdxReader.read(i, l, CLASSES, "t");
            assertEquals(3, d.count());
            assertEquals(2, d.height());
            assertEquals(2, d.width());
            assertEquals(1, d.channels());
            assertArrayEquals(new int[] {2, 0, 1}, d.labels());
            assertEquals((byte) (5 * 7), d.pixels()[5]);
            assertEquals((byte) (11 * 7), d.pixels()[11]);
        }
    }

    @Test
    void rejectsWrongMagicNumber() throws IOException {
        Path i = write("img", images(0x00000801, 1, 2, 2, 4), false);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(i));
        assertTrue(e.getMessage().contains("expected magic number 0x00000803, found 0x00000801"), e.getMessage());
    }

    @Test
    void rejectsTruncatedPayloadAndHeader() throws IOException {
        Path i = write("img", images(IdxReader.IMAGES_MAGIC, 2, 2, 2, 5), true);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(i));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("ends after 5"), e.getMessage());
        Path h = write("hdr", new byte[] {0, 0, 8, 3, 0, 0}, false);
        IOException e2 = assertThrows(IOException.class, () -> IdxReader.readImages(h));
        assertTrue(e2.getMessage().contains("truncated IDX header"), e2.getMessage());
    }

    @Test
    void rejectsImageLabelCountMismatch() throws IOException {
        Path i = write("img", images(IdxReader.IMAGES_MAGIC, 3, 2, 2, 12), false);
        Path l = write("lab", labels(2, 0, 1), false);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(i, l, CLASSES, "t"));
        assertTrue(
                e.getMessage().contains("holds 3 images but") && e.getMessage().contains("holds 2 labels"),
                e.getMessage());
    }

    @Test
    void rejectsLabelOutOfRange() throws IOException {
        Path i = write("img", images(IdxReader.IMAGES_MAGIC, 2, 2, 2, 8), false);
        Path l = write("lab", labels(2, 0, 9), false);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(i, l, CLASSES, "t"));
        assertTrue(e.getMessage().contains("label 9 at index 1 is out of range"), e.getMessage());
    }

    @Test
    void missingFileAndMissingFolderAreNamed() {
        assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(dir.resolve("nope")));
        IOException e = assertThrows(IOException.class, () -> FashionMnist.train(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> FashionMnist.train(dir));
        assertTrue(e2.getMessage().contains("train-images-idx3-ubyte"), e2.getMessage());
    }
}
