package io.ganzoo.cli.render;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.jsonl}: one JSON line per rendered image, appended and forced to disk after each unit, so that
 * after a kill it lists exactly the images whose files are in place (a torn or damaged line, and all after it, are
 * rendered again on resume).
 *
 * <p>Public for the distributed renderer (the {@code spark} module), whose tasks write the same lines.
 */
public final class Manifest implements AutoCloseable {
    /** The file name, in the output folder. */
    public static final String FILE = "manifest.jsonl";

    private static final Gson GSON = new Gson();

    /**
     * One image: its index in the run, seed, label (-1 when unconditional), the file holding it (for tar shards
     * {@code shard.tar/member}, for arrays {@code images.npy}), and the SHA-256 of its bytes (the PNG file, or the
     * raw array row).
     */
    public record Entry(long index, long seed, int label, String file, String sha256) {}

    private final FileChannel channel;

    private Manifest(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Complete lines (images) of manifest file {@code file}, counted by streaming it; 0 when it is missing or cannot
     * be read. For the one line a stopped render says.
     */
    public static long count(Path file) {
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                for (int i = 0; i < r; i++) {
                    lines += buf[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            return lines;
        }
        return lines;
    }

    /** The entries of an existing manifest, up to its last complete line. */
    static List<Entry> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return new ArrayList<>();
        }
        return parse(Files.readString(f, StandardCharsets.UTF_8));
    }

    /**
     * The entries of manifest text, up to its last complete, intact line (a torn or damaged line, and all after it,
     * are left out).
     */
    public static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Entry entry;
            try {
                entry = GSON.fromJson(line, Entry.class);
            } catch (JsonParseException e) {
                entry = null;
            }
            if (entry == null || entry.file() == null || entry.sha256() == null) {
                break; // damaged (e.g. NUL bytes after a crash): everything from here on is rendered again
            }
            out.add(entry);
        }
        return out;
    }

    /** The manifest lines of {@code entries}, each ending in a newline. */
    public static String lines(List<Entry> entries) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(GSON.toJson(e)).append('\n');
        }
        return sb.toString();
    }

    /** Opens the manifest for appending after its first {@code keep} entries (the rest is cut off). */
    static Manifest open(Path dir, List<Entry> keep) throws IOException {
        byte[] prefix = lines(keep).getBytes(StandardCharsets.UTF_8);
        FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ch.truncate(prefix.length);
        ch.position(0);
        ch.write(ByteBuffer.wrap(prefix));
        ch.force(true);
        return new Manifest(ch);
    }

    void append(List<Entry> unit) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(lines(unit).getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
