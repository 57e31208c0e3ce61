package io.ganzoo.cli.render;

import com.google.gson.Gson;
import io.ganzoo.zoo.Zoo;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
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
            long runFirst,
            long runEnd) {
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
            byte[] png = encoder.png(pixels.get(i));
            String json = "{\"index\":" + index + ",\"seed\":" + seed + ",\"label\":" + label
                    + (label < 0 ? "" : ",\"class\":" + GSON.toJson(classes.get(label))) + "}";
            entry(current, key + ".png", png);
            entry(current, key + ".json", json.getBytes(StandardCharsets.UTF_8));
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

    static void entry(OutputStream tar, String name, byte[] data) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format(Locale.ROOT, "%011o", data.length));
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
        tar.write(h, 0, 512);
        tar.write(data, 0, data.length);
        int pad = (512 - data.length % 512) % 512;
        tar.write(new byte[pad], 0, pad);
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    /** Members of a tar file by name. */
    static Map<String, byte[]> read(Path tar) throws IOException {
        byte[] all = Files.readAllBytes(tar);
        Map<String, byte[]> out = new HashMap<>();
        int pos = 0;
        while (pos + 512 <= all.length && all[pos] != 0) {
            int end = pos;
            while (end < pos + 100 && all[end] != 0) {
                end++;
            }
            String name = new String(all, pos, end - pos, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(new String(all, pos + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            if (pos + 512 + size > all.length) {
                throw new IOException(tar + ": truncated at member " + name);
            }
            out.put(name, Arrays.copyOfRange(all, pos + 512, pos + 512 + size));
            pos += 512 + (size + 511) / 512 * 512;
        }
        return out;
    }

    @Override
    public boolean verify(List<Manifest.Entry> unit) throws IOException {
        String shard = unit.get(0).file().substring(0, unit.get(0).file().indexOf('/'));
        Path f = dir.resolve(shard);
        if (!Files.isRegularFile(f)) {
            return false;
        }
        Map<String, byte[]> members = read(f);
        for (Manifest.Entry e : unit) {
            byte[] png = members.get(e.file().substring(shard.length() + 1));
            if (png == null || !Zoo.sha256(png).equals(e.sha256())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void finish() {}
}
