package io.ganzoo.render;

import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A folder of PNGs, {@code 000000123.png}; for conditional models one sub-folder per class (named after the
 * class), the layout image-folder loaders (torchvision's ImageFolder, Keras, DJL's ImageFolder) read as labels.
 */
final class PngFolderSink implements Sink {
    private final Path dir;
    private final int unit;
    private final long seed;
    private final List<String> classes;
    private final Encoder encoder;

    /** Encodes image {@code index} of the run (its class {@code label}, -1 for none) as PNG. */
    interface Encoder {
        byte[] png(byte[] pixels, long index, int label);
    }

    PngFolderSink(Path dir, int unit, long seed, List<String> classes, Encoder encoder) {
        this.dir = dir;
        this.unit = unit;
        this.seed = seed;
        this.classes = classes;
        this.encoder = encoder;
    }

    static String folderName(String className) {
        String s = className.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() || s.startsWith(".") ? "class" + s : s;
    }

    String relative(long index, int label) {
        String name = String.format(Locale.ROOT, "%09d.png", index);
        return label < 0 ? name : folderName(classes.get(label)) + "/" + name;
    }

    @Override
    public int unit() {
        return unit;
    }

    @Override
    public List<Manifest.Entry> write(long first, List<byte[]> pixels, int[] labels) throws IOException {
        List<Manifest.Entry> out = new ArrayList<>(pixels.size());
        for (int i = 0; i < pixels.size(); i++) {
            int label = labels == null ? -1 : labels[i];
            String rel = relative(first + i, label);
            Path f = dir.resolve(rel);
            Files.createDirectories(f.getParent());
            byte[] png = encoder.png(pixels.get(i), first + i, label);
            writeThenRename(f, png);
            out.add(new Manifest.Entry(first + i, seed, label, rel, Zoo.sha256(png)));
        }
        return out;
    }

    /**
     * Writes under a temporary name and renames into place, so a killed run never leaves a partial file under the
     * final name. Unlike {@link AtomicFiles} it does not fsync each file (that costs more than encoding a 28x28 PNG);
     * the manifest is forced after each unit instead, and a resumed run re-hashes every file the manifest lists.
     */
    static void writeThenRename(Path f, byte[] bytes) throws IOException {
        Path tmp = f.resolveSibling(f.getFileName() + ".part");
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            // no half-written file is left, and the failure names it (a full disk's write names no file at all)
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            java.nio.file.FileSystemException x =
                    new java.nio.file.FileSystemException(tmp.toString(), null, io.ganzoo.zoo.IoErrors.reason(e));
            x.initCause(e);
            throw x;
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean verify(List<Manifest.Entry> unit) throws IOException {
        for (Manifest.Entry e : unit) {
            Path f = dir.resolve(e.file());
            if (!Files.isRegularFile(f) || !Zoo.sha256(Files.readAllBytes(f)).equals(e.sha256())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void finish() {}
}
