package io.ganzoo.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST, gzipped or not (detected from the first two bytes).
 * Supports the unsigned-byte type: {@code 0x00000803} (images, N x rows x cols) and {@code 0x00000801}
 * (labels, N).
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte, 3-dimensional IDX file (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, 1-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /** Images as unsigned bytes with their shape. */
    public record Images(byte[] pixels, int count, int rows, int cols) {}

    /**
     * Reads an images file.
     *
     * @throws IOException with the file, expected and found values when the file is missing, has the wrong
     *                     magic number or ends early
     */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC, "images");
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0) {
                throw new IOException(file + ": bad image header: count " + n + ", rows " + rows + ", cols " + cols);
            }
            byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(n, rows), cols)];
            readFully(file, in, px, n + " images of " + rows + "x" + cols);
            return new Images(px, n, rows, cols);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header (file ends before 16 bytes)", e);
        }
    }

    /** Reads a labels file. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC, "labels");
            int n = in.readInt();
            if (n < 0) {
                throw new IOException(file + ": bad label count " + n);
            }
            byte[] b = new byte[n];
            readFully(file, in, b, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = b[i] & 0xff;
            }
            return labels;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header (file ends before 8 bytes)", e);
        }
    }

    /**
     * Reads an image file and its label file into one grayscale dataset.
     *
     * @throws IOException also when the two files hold different numbers of items
     */
    public static ImageDataset read(Path imagesFile, Path labelsFile, List<String> classNames, String name)
            throws IOException {
        Images im = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != im.count()) {
            throw new IOException("image/label count mismatch: " + imagesFile + " holds " + im.count() + " images but "
                    + labelsFile + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= classNames.size()) {
                throw new IOException(labelsFile + ": label " + labels[i] + " at index " + i
                        + " is out of range; expected 0.." + (classNames.size() - 1));
            }
        }
        return new ImageDataset(im.pixels(), labels, im.count(), 1, im.rows(), im.cols(), classNames, name);
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static void checkMagic(Path file, int found, int expected, String what) throws IOException {
        if (found != expected) {
            throw new IOException(String.format(
                    "%s: not an IDX %s file: expected magic number 0x%08x, found 0x%08x", file, what, expected, found));
        }
    }

    private static void readFully(Path file, DataInputStream in, byte[] dst, String what) throws IOException {
        int off = 0;
        while (off < dst.length) {
            int r = in.read(dst, off, dst.length - off);
            if (r < 0) {
                throw new IOException(file + ": truncated: header announces " + what + " (" + dst.length
                        + " bytes) but the file ends after " + off);
            }
            off += r;
        }
    }
}
