package io.ganzoo.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Resolves model references against repositories in order and hands out model files only after their size and
 * SHA-256 match the index.
 *
 * <pre>{@code
 * byte[] onnx = Zoo.defaultZoo().fetch("fashion-dcgan@1.0.0").bytes();
 * }</pre>
 */
public final class Zoo {
    private static final Zoo DEFAULT = new Zoo(List.of(new EmbeddedRepository()));

    private final List<Repository> repositories;

    private Zoo(List<Repository> repositories) {
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs at least one repository");
        }
        this.repositories = List.copyOf(repositories);
    }

    /** The models embedded in the ganzoo jars. */
    public static Zoo defaultZoo() {
        return DEFAULT;
    }

    /** A zoo over {@code repositories}, searched in order. */
    public static Zoo of(Repository... repositories) {
        return new Zoo(List.of(repositories));
    }

    public List<Repository> repositories() {
        return repositories;
    }

    /** A verified model file with its index entry. */
    public record Fetched(ModelEntry entry, Repository repository, byte[] bytes) {
    }

    /** Every model version of every repository. */
    public List<ModelEntry> list() throws ZooException {
        List<ModelEntry> out = new ArrayList<>();
        for (Repository r : repositories) {
            out.addAll(r.index().models());
        }
        return out;
    }

    /**
     * Finds the entry for {@code ref}: the exact version, or the newest version when none is given. The first
     * repository that has the name wins.
     *
     * @throws ZooException naming the known models or versions when there is no match
     */
    public ModelEntry find(String ref) throws ZooException {
        return locate(ModelRef.parse(ref)).entry();
    }

    /**
     * Resolves {@code ref} and reads its file, checking size and SHA-256.
     *
     * @throws ZooException when the model is unknown, missing, or fails its checksum
     */
    public Fetched fetch(String ref) throws ZooException {
        Located l = locate(ModelRef.parse(ref));
        ModelEntry e = l.entry();
        byte[] bytes;
        try (InputStream in = l.repository().open(e)) {
            bytes = readLimited(in, e);
        } catch (IOException ex) {
            throw new ZooException("cannot read " + e.id() + " from " + l.repository().location() + ": " + ex.getMessage(), ex);
        }
        verify(e, bytes, l.repository().location());
        return new Fetched(e, l.repository(), bytes);
    }

    /**
     * Checks {@code bytes} against the entry's size and SHA-256.
     *
     * @throws ZooException "Checksum error" with the expected and actual values
     */
    public static void verify(ModelEntry e, byte[] bytes, String location) throws ZooException {
        if (bytes.length != e.size()) {
            throw new ZooException("Size error for " + e.id() + " from " + location + ": expected " + e.size()
                    + " bytes, found " + bytes.length + ". The file is truncated or replaced; refusing to use it.");
        }
        String actual = sha256(bytes);
        if (!actual.equals(e.sha256())) {
            throw new ZooException("Checksum error for " + e.id() + " from " + location + ": expected sha256 " + e.sha256()
                    + ", actual " + actual + ". The file is corrupt or was replaced; refusing to use it.");
        }
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Lower-case hex (java.util.HexFormat is missing on Android before API 34). */
    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    private record Located(ModelEntry entry, Repository repository) {
    }

    private Located locate(ModelRef ref) throws ZooException {
        TreeSet<String> known = new TreeSet<>();
        for (Repository r : repositories) {
            List<ModelEntry> versions = new ArrayList<>();
            for (ModelEntry e : r.index().models()) {
                known.add(e.name());
                if (e.name().equals(ref.name())) {
                    versions.add(e);
                }
            }
            if (versions.isEmpty()) {
                continue;
            }
            if (ref.version() == null) {
                ModelEntry newest = versions.stream()
                        .max(Comparator.comparing(e -> Version.parse(e.version()))).orElseThrow();
                return new Located(newest, r);
            }
            for (ModelEntry e : versions) {
                if (Objects.equals(Version.parse(e.version()), Version.parse(ref.version()))) {
                    return new Located(e, r);
                }
            }
            throw new ZooException("model " + ref + " not found: " + ref.name() + " has versions "
                    + versions.stream().map(ModelEntry::version).sorted().toList() + " in " + r.location());
        }
        throw new ZooException("model '" + ref.name() + "' not found in " + repositories.stream()
                .map(Repository::location).toList() + "; known models: " + (known.isEmpty() ? "none" : known));
    }

    private static byte[] readLimited(InputStream in, ModelEntry e) throws IOException {
        // Read at most one byte more than announced, so an oversized file is caught without reading all of it.
        long limit = Math.min(Integer.MAX_VALUE - 8L, e.size() + 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(limit, 1 << 24));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return out.toByteArray();
    }
}
