package io.ganzoo.spark;

import io.ganzoo.zoo.Zoo;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The output folder of a render on any file system Hadoop reaches (a local folder, HDFS, S3 through S3A, ...), and the
 * one way files get into it: written in full under a temporary name in {@link #TEMPORARY}, then renamed to their
 * final name. Readers, and a rerun, see a file complete or not at all.
 *
 * <p>Every attempt of a task writes the same bytes to the same final names (image k is a function of the run's
 * arguments), so when two attempts commit the same file (a retried task whose first attempt is still running, or
 * speculative execution) the file in place is complete and right whichever of them wins; a rename that finds the
 * name taken (HDFS does not replace files) replaces it, or leaves the other attempt's copy.
 */
final class Store {
    /** Temporary files of running (or killed) tasks; deleted when a job completes. Hadoop's readers skip "_" names. */
    static final String TEMPORARY = "_temporary";

    private final FileSystem fs;
    private final Path root;

    private Store(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * The folder {@code out} (a path or URI; a path without a scheme is on the default file system, {@code
     * fs.defaultFS}) with the file system {@code conf} configures for it.
     */
    static Store open(String out, Configuration conf) throws IOException {
        Path p = new Path(out);
        FileSystem fs = p.getFileSystem(conf);
        Path root = fs.makeQualified(p);
        if (fs instanceof LocalFileSystem local) {
            // the raw local file system: no ".crc" file beside every file (the manifest holds SHA-256s), and a rename
            // that replaces its target atomically, as rename(2) does
            fs = local.getRawFileSystem();
        }
        return new Store(fs, root);
    }

    /** The folder, qualified (e.g. {@code file:/data/out}, {@code hdfs://nn:8020/data/out}). */
    String uri() {
        return root.toString();
    }

    boolean exists(String name) throws IOException {
        return fs.exists(path(name));
    }

    /** Whether the folder exists and is a folder. */
    boolean isFolder() throws IOException {
        try {
            return fs.getFileStatus(root).isDirectory();
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    /** Whether the output path exists at all (a folder or a file). */
    boolean rootExists() throws IOException {
        return fs.exists(root);
    }

    /** Names in the folder, other than {@link #TEMPORARY}. */
    List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(root)) {
            String n = s.getPath().getName();
            if (!n.equals(TEMPORARY)) {
                names.add(n);
            }
        }
        return names;
    }

    void mkdirs() throws IOException {
        if (!fs.mkdirs(root)) {
            throw new IOException("cannot create folder " + root);
        }
    }

    byte[] read(String name) throws IOException {
        try (InputStream in = fs.open(path(name))) {
            return in.readAllBytes();
        }
    }

    String readString(String name) throws IOException {
        return new String(read(name), StandardCharsets.UTF_8);
    }

    /** Appends file {@code name} to {@code out}. */
    void copyTo(String name, OutputStream out) throws IOException {
        try (InputStream in = fs.open(path(name))) {
            in.transferTo(out);
        }
    }

    /** Writes {@code bytes} as {@code name}, atomically. */
    void write(String name, byte[] bytes) throws IOException {
        write(name, out -> out.write(bytes));
    }

    /**
     * Creates file {@code name} with {@code bytes} only if it does not exist (the file system's own exclusive create):
     * of two jobs starting in one folder, exactly one succeeds.
     *
     * @return false when the file already existed
     */
    boolean createNew(String name, byte[] bytes) throws IOException {
        try (OutputStream out = fs.create(path(name), false)) {
            out.write(bytes);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Uploads local file {@code local} as {@code name}, atomically; returns the SHA-256 of the bytes sent. */
    String upload(java.nio.file.Path local, String name) throws IOException {
        MessageDigest d = Zoo.newSha256();
        write(name, out -> Files.copy(local, new DigestOutputStream(out, d)));
        return Zoo.hex(d.digest());
    }

    /** The SHA-256 of file {@code name}, read as a stream. */
    String sha256(String name) throws IOException {
        MessageDigest d = Zoo.newSha256();
        try (InputStream in = new DigestInputStream(fs.open(path(name)), d)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return Zoo.hex(d.digest());
    }

    /** Writes to an output stream. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes what {@code content} produces as {@code name}: in full under a temporary name, then renamed. */
    void write(String name, Content content) throws IOException {
        Path tmp = path(TEMPORARY + "/" + name.replace('/', '_') + "." + UUID.randomUUID());
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                content.writeTo(out);
            }
            commit(tmp, path(name));
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Renames a complete temporary file to its final name, replacing what is there. */
    private void commit(Path tmp, Path target) throws IOException {
        fs.mkdirs(target.getParent());
        if (fs.rename(tmp, target)) {
            return; // the local file system and S3A replace the target; HDFS renames only onto a free name
        }
        fs.delete(target, false);
        if (fs.rename(tmp, target)) {
            return;
        }
        if (fs.exists(target)) {
            // another attempt of the same task put its copy in place between the delete and the rename: the same
            // bytes, complete (it too was renamed whole)
            fs.delete(tmp, false);
            return;
        }
        throw new IOException("cannot rename " + tmp + " to " + target + " on " + fs.getUri());
    }

    /** Deletes the temporary files of every attempt, once no task of the job runs any more. */
    void deleteTemporary() throws IOException {
        fs.delete(path(TEMPORARY), true);
    }

    private Path path(String name) {
        return new Path(root, name);
    }
}
