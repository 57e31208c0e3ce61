package io.ganzoo.render;

import com.google.gson.Gson;
import io.ganzoo.zoo.Zoo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tar shards in the WebDataset layout: {@code shard-<first index>.tar}, each sample a {@code <index>.png} and a
 * {@code <index>.json} ({@code {"index", "seed", "label", "class"}}) next to each other, POSIX ustar, modification time
 * 0 so that equal runs give byte-equal shards.
 */
final class TarSink implements Sink {
    private static final Gson GSON = new Gson();
    private final Path dir;
    private final int perTar;
    private final long seed;
    private final List<String> classes;
    private final PngFolderSink.Encoder encoder;
    private final String model;
    private final String modelSha256;

    private final long runFirst;
    private final long runEnd;
    private OutputStream current;
    private Path currentPart;
    private final List<Manifest.Entry> pending = new ArrayList<>();

    /** Samples {@code [runFirst, runEnd)} in tars of {@code perTar}, the first tar starting at {@code runFirst}. */
    TarSink(
            Path dir,
            int perTar,
            long seed,
            List<String> classes,
            PngFolderSink.Encoder encoder,
            String model,
            String modelSha256,
            long runFirst,
            long runEnd) {
        this.model = model;
        this.modelSha256 = modelSha256;
        this.runFirst = runFirst;
        this.runEnd = runEnd;
        this.dir = dir;
        this.perTar = perTar;
        this.seed = seed;
        this.classes = classes;
        this.encoder = encoder;
    }

    static String shardName(long first) {
        return String.format(Locale.ROOT, "shard-%09d.tar", first);
    }

    @Override
    public int unit() {
        return perTar;
    }

    /**
     * Streams the samples into the open tar ({@code .part}); returns the tar's manifest entries when the tar is
     * complete and renamed into place, an empty list before. Memory stays at one sample whatever {@code perTar} is.
     */
    @Override
    public List<Manifest.Entry> write(long first, List<byte[]> pixels, int[] labels) throws IOException {
        for (int i = 0; i < pixels.size(); i++) {
            long index = first + i;
            long tarFirst = runFirst + (index - runFirst) / perTar * perTar;
            String shard = shardName(tarFirst);
            if (current == null) {
                currentPart = dir.resolve(shard + ".part");
                current = new BufferedOutputStream(Files.newOutputStream(currentPart), 1 << 16);
            }
            int label = labels == null ? -1 : labels[i];
            String key = String.format(Locale.ROOT, "%09d", index);
            byte[] png = encoder.png(pixels.get(i), index, label);
            entry(current, key + ".png", png);
            entry(current, key + ".json", json(index, label));
            pending.add(new Manifest.Entry(index, seed, label, shard + "/" + key + ".png", Zoo.sha256(png)));
            if (index + 1 == Math.min(runEnd, tarFirst + perTar)) {
                current.write(new byte[1024]); // end of archive: two zero blocks
                current.close();
                current = null;
                Files.move(
                        currentPart,
                        dir.resolve(shard),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (current != null) {
            return List.of();
        }
        List<Manifest.Entry> done = new ArrayList<>(pending);
        pending.clear();
        return done;
    }

    /** The JSON member of sample {@code index}: the WebDataset member carries the PNG's provenance fields too. */
    private byte[] json(long index, int label) {
        return ("{\"index\":" + index + ",\"seed\":" + seed + ",\"label\":" + label
                        + (label < 0 ? "" : ",\"class\":" + GSON.toJson(classes.get(label)))
                        + ",\"model\":" + GSON.toJson(model) + ",\"model_sha256\":" + GSON.toJson(modelSha256)
                        + ",\"synthetic\":true}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static void entry(OutputStream tar, String name, byte[] data) throws IOException {
        tar.write(header(name, data.length), 0, 512);
        tar.write(data, 0, data.length);
        int pad = (512 - data.length % 512) % 512;
        tar.write(new byte[pad], 0, pad);
    }

    /** The 512-byte ustar header of a member. */
    static byte[] header(String name, long size) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format(Locale.ROOT, "%011o", size));
        put(h, 136, "00000000000");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        h[156] = '0';
        put(h, 257, "ustar");
        h[263] = '0';
        h[264] = '0';
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format(Locale.ROOT, "%06o", sum));
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /**
     * Whether the tar holding {@code unit} is, byte for byte, the one this sink writes for those entries: each
     * member's header as written, each PNG member hashing as the manifest records, each JSON member the one made of
     * the entry (index, seed, label and the run's model), zero padding, the two end blocks and nothing after them. A
     * tar that only had its PNG members checked was kept with a damaged JSON member, header or end (attack pass).
     */
    @Override
    public boolean verify(List<Manifest.Entry> unit) throws IOException {
        String shard = unit.get(0).file().substring(0, unit.get(0).file().indexOf('/'));
        Path f = dir.resolve(shard);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            for (Manifest.Entry e : unit) {
                String key = String.format(Locale.ROOT, "%09d", e.index());
                if (e.seed() != seed
                        || !e.file().equals(shard + "/" + key + ".png")
                        || e.label() < -1
                        || e.label() >= Math.max(classes.size(), 1)) {
                    return false;
                }
                byte[] h = in.readNBytes(512);
                long size;
                try {
                    size = Long.parseLong(new String(h, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                } catch (NumberFormatException | IndexOutOfBoundsException bad) {
                    return false;
                }
                if (!java.util.Arrays.equals(h, header(key + ".png", size))) {
                    return false;
                }
                MessageDigest md = Zoo.newSha256();
                for (long left = size; left > 0; ) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) {
                        return false;
                    }
                    md.update(buf, 0, r);
                    left -= r;
                }
                byte[] json = json(e.index(), e.label());
                if (!Zoo.hex(md.digest()).equals(e.sha256())
                        || !zeros(in, (512 - size % 512) % 512)
                        || !java.util.Arrays.equals(in.readNBytes(512), header(key + ".json", json.length))
                        || !java.util.Arrays.equals(in.readNBytes(json.length), json)
                        || !zeros(in, (512 - json.length % 512) % 512)) {
                    return false;
                }
            }
            return zeros(in, 1024) && in.read() < 0;
        }
    }

    /** Whether the next {@code n} bytes are there and all zero. */
    private static boolean zeros(InputStream in, long n) throws IOException {
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            return false;
        }
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SHA-256 of each member of a tar file by name, streamed: memory holds one 64 KiB buffer whatever the shard's
     * size (a resumed run under {@code -Xmx64m} ran out of memory reading each shard whole).
     *
     * @throws IOException when the file cannot be read or ends inside a member
     */
    static Map<String, String> memberHashes(Path tar) throws IOException {
        Map<String, String> out = new HashMap<>();
        byte[] header = new byte[512];
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(tar)) {
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                int end = 0;
                while (end < 100 && header[end] != 0) {
                    end++;
                }
                String name = new String(header, 0, end, StandardCharsets.US_ASCII);
                long size = Long.parseLong(new String(header, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
                MessageDigest md = Zoo.newSha256();
                for (long left = size; left > 0; ) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) {
                        throw new IOException(tar + ": truncated in member " + name);
                    }
                    md.update(buf, 0, r);
                    left -= r;
                }
                int pad = (int) ((512 - size % 512) % 512);
                if (in.readNBytes(buf, 0, pad) != pad) {
                    throw new IOException(tar + ": truncated after member " + name);
                }
                out.put(name, Zoo.hex(md.digest()));
            }
        } catch (NumberFormatException e) {
            throw new IOException(tar + ": not a tar header (size field)", e);
        }
        return out;
    }

    @Override
    public void finish() {}
}
