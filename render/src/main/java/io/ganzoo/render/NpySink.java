package io.ganzoo.render;

import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * NumPy arrays: {@code images.npy} (uint8, N x H x W x C, C-order) and, for conditional models, {@code labels.npy}
 * (int64, N). The image array is filled in place in {@code images.npy.part} (pre-sized, so a resumed run writes
 * each row at its offset) and renamed when complete; {@code np.load} reads both as they are.
 */
final class NpySink implements Sink {
    static final String IMAGES = "images.npy";
    static final String LABELS = "labels.npy";
    private final Path dir;
    private final int unit;
    private final long seed;
    private final long first;
    private final long count;
    private final int rowBytes;
    private final long dataOffset;
    private final java.util.function.LongToIntFunction labelOf;
    private final FileChannel channel;
    private final byte[] header;
    /** The channel is on the finished {@code images.npy} of an earlier run, read in place until a row is written. */
    private boolean inPlace;
    /** Whether the file's header is this run's (a damaged one fails every unit's verification, then is rewritten). */
    private boolean headerOk;

    /**
     * @param first     index of the run's first image (a shard's start)
     * @param shape     height, width, channels
     * @param labelOf   the label of image k of the run (k from {@code first}), or {@code null} for an unconditional
     *                  model: computed as labels.npy is written, so memory does not grow with the count
     */
    NpySink(
            Path dir,
            int unit,
            long seed,
            long first,
            long count,
            int[] shape,
            java.util.function.LongToIntFunction labelOf)
            throws IOException {
        this.dir = dir;
        this.unit = unit;
        this.seed = seed;
        this.first = first;
        this.count = count;
        this.rowBytes = shape[0] * shape[1] * shape[2];
        this.labelOf = labelOf;
        this.header =
                header("|u1", String.format(Locale.ROOT, "(%d, %d, %d, %d)", count, shape[0], shape[1], shape[2]));
        this.dataOffset = header.length;
        Path part = dir.resolve(IMAGES + ".part");
        // a finished run, run again: its array is verified where it is, and taken back under the temporary name only
        // when a row must be written (it was taken back at once, so a stop before the end left no images.npy: attack)
        this.inPlace = !Files.exists(part) && Files.isRegularFile(dir.resolve(IMAGES));
        this.channel = FileChannel.open(
                inPlace ? dir.resolve(IMAGES) : part,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (channel.size() != dataOffset + count * rowBytes) {
            takeBack();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(header), 0);
            // Pre-size so rows can be written at their offsets (sparse where the file system allows).
            channel.write(ByteBuffer.wrap(new byte[1]), dataOffset + count * rowBytes - 1);
        }
        ByteBuffer found = ByteBuffer.allocate(header.length);
        while (found.hasRemaining() && channel.read(found, found.position()) > 0) {
            // read the whole header
        }
        this.headerOk = java.util.Arrays.equals(found.array(), header);
    }

    /** Moves a finished array being read in place back to its temporary name, before it is written. */
    private void takeBack() throws IOException {
        if (inPlace) {
            Files.move(dir.resolve(IMAGES), dir.resolve(IMAGES + ".part"), StandardCopyOption.ATOMIC_MOVE);
            inPlace = false;
        }
    }

    /** An NPY version 1.0 header whose total length is a multiple of 64, as numpy writes it. */
    static byte[] header(String dtype, String shape) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int len = 10 + dict.length() + 1;
        int pad = (64 - len % 64) % 64;
        StringBuilder sb = new StringBuilder(dict);
        sb.append(" ".repeat(pad)).append('\n');
        byte[] text = sb.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) text.length).put(text);
        return b.array();
    }

    @Override
    public int unit() {
        return unit;
    }

    @Override
    public List<Manifest.Entry> write(long from, List<byte[]> pixels, int[] labels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(pixels.size() * rowBytes);
        List<Manifest.Entry> out = new ArrayList<>(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            b.put(pixels.get(i));
            out.add(new Manifest.Entry(
                    from + i, seed, labels == null ? -1 : labels[i], IMAGES, Zoo.sha256(pixels.get(i))));
        }
        b.flip();
        takeBack();
        if (!headerOk) {
            channel.write(ByteBuffer.wrap(header), 0);
            headerOk = true;
        }
        long pos = dataOffset + (from - first) * rowBytes;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        channel.force(false);
        return out;
    }

    @Override
    public boolean verify(List<Manifest.Entry> unit) throws IOException {
        if (!headerOk) {
            return false; // a header not this run's (another shape, damaged): the array is written anew
        }
        for (Manifest.Entry e : unit) {
            ByteBuffer row = ByteBuffer.allocate(rowBytes);
            long pos = dataOffset + (e.index() - first) * rowBytes;
            while (row.hasRemaining()) {
                if (channel.read(row, pos + row.position()) < 0) {
                    return false;
                }
            }
            if (!Zoo.sha256(row.array()).equals(e.sha256())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void finish() throws IOException {
        channel.force(true);
        channel.close();
        if (!inPlace) { // else the finished array verified whole and stays where it is
            Files.move(
                    dir.resolve(IMAGES + ".part"),
                    dir.resolve(IMAGES),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (labelOf != null) {
            // streamed: 8 bytes per image were an array in memory (a 10,000,000-image conditional run needed 80 MB)
            byte[] h = header("<i8", "(" + count + ",)");
            AtomicFiles.write(dir.resolve(LABELS), out -> {
                out.write(h);
                ByteBuffer b = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
                for (long k = first; k < first + count; k++) {
                    b.putLong(labelOf.applyAsInt(k));
                    if (!b.hasRemaining()) {
                        out.write(b.array(), 0, b.position());
                        b.clear();
                    }
                }
                out.write(b.array(), 0, b.position());
            });
        }
    }
}
