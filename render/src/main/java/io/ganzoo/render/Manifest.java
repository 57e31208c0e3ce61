package io.ganzoo.render;

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

    /**
     * Reads a manifest's entries one at a time, as a resumed run checks them unit by unit: memory is one line
     * (at most {@link #MAX_LINE} bytes), whatever the manifest's length (a whole-file read of a long run's
     * manifest ran out of memory on resume).
     */
    static final class Reader implements AutoCloseable {
        /** The longest line taken for an entry; a longer one is damaged. */
        static final int MAX_LINE = 1 << 16;

        private final java.io.InputStream in;
        private final byte[] line = new byte[MAX_LINE];
        private long bytes;
        private boolean ended;

        private Reader(java.io.InputStream in) {
            this.in = in;
            this.ended = in == null;
        }

        /** A reader of {@code dir}'s manifest; one that ends at once when there is none. */
        static Reader open(Path dir) throws IOException {
            Path f = dir.resolve(FILE);
            return new Reader(
                    Files.exists(f) ? new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16) : null);
        }

        /**
         * The next entry, or {@code null} at the end, at a torn last line, or at a damaged line (which ends the
         * reading: it and everything after it are rendered again).
         */
        Entry next() throws IOException {
            while (!ended) {
                int n = 0;
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (n == MAX_LINE) {
                        ended = true; // no entry is this long: damaged
                        return null;
                    }
                    line[n++] = (byte) c;
                }
                if (c < 0) {
                    ended = true; // the end, or a torn last line
                    return null;
                }
                String text = new String(line, 0, n, StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    bytes += n + 1;
                    continue;
                }
                Entry entry;
                try {
                    entry = GSON.fromJson(text, Entry.class);
                } catch (JsonParseException e) {
                    entry = null;
                }
                if (entry == null || entry.file() == null || entry.sha256() == null) {
                    ended = true; // damaged (e.g. NUL bytes after a crash)
                    return null;
                }
                bytes += n + 1;
                return entry;
            }
            return null;
        }

        /** Bytes of the manifest up to the end of the last line {@link #next} read. */
        long bytes() {
            return bytes;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }

    /** The entries of an existing manifest, up to its last complete line (whole in memory: for tests). */
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

    /**
     * Opens the manifest for appending after its first {@code keepBytes} bytes, the lines a resumed run keeps ({@link
     * Reader#bytes}); the rest is cut off.
     */
    static Manifest open(Path dir, long keepBytes) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ch.truncate(keepBytes);
            ch.position(keepBytes);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
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
