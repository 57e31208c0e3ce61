package io.ganzoo.zoo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see the old file or the complete new one, never a part: the content goes to a
 * hidden temporary file in the same folder, is flushed to disk, and is renamed over the target.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content {@code writer} produces. */
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically; on any failure the target is untouched and the temporary file removed.
     *
     * @throws IOException when the folder does not exist or cannot be written
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": " + IoErrors.whyNoFolder(dir));
        }
        checkReplaceable(target);
        Path tmp = temporary(abs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new Tagging(Channels.newOutputStream(ch));
                writer.writeTo(out);
                out.flush();
                try {
                    ch.force(true);
                } catch (IOException e) {
                    throw new WriteFailed(e);
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (WriteFailed | FileSystemException e) {
            // name the file the caller asked for, not the hidden temporary one, and the system's reason (a failed
            // write of the stream, such as a full disk, names no file at all)
            IOException cause = e instanceof WriteFailed w ? w.failure : e;
            IOException x = new IOException("cannot write " + target + ": " + IoErrors.reason(cause));
            x.initCause(cause);
            throw x;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing was created there
            }
        }
    }

    /** A write to the temporary file failed (not the writer's own reading): said as a failure to write the target. */
    private static final class WriteFailed extends IOException {
        private static final long serialVersionUID = 1L;
        final IOException failure;

        WriteFailed(IOException failure) {
            super(failure.getMessage(), failure);
            this.failure = failure;
        }
    }

    /** Marks the failures of writing the temporary file, so that the writer's own are passed on as they are. */
    private static final class Tagging extends java.io.FilterOutputStream {
        Tagging(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new WriteFailed(e);
            }
        }
    }

    /** The longest file name most file systems take, in bytes (ext4, XFS, APFS, NTFS in UTF-16 units). */
    static final int NAME_MAX = 255;

    /**
     * A new hidden temporary name beside {@code target}, never longer than a name the folder takes: {@code
     * .NAME.RANDOM.part} when that fits in {@value #NAME_MAX} bytes, else {@code .ganzoo-HASH.RANDOM.part} (a legal
     * final name of 240-255 characters must not fail because its temporary name is too long).
     */
    public static Path temporary(Path target) {
        String name = target.getFileName().toString();
        String random = Long.toHexString(ThreadLocalRandom.current().nextLong());
        String tmp = "." + name + "." + random + ".part";
        if (tmp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) {
            tmp = ".ganzoo-"
                    + Zoo.sha256(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                            .substring(0, 16) + "." + random + ".part";
        }
        return target.resolveSibling(tmp);
    }

    /**
     * Refuses a {@code target} that {@link #write} would not write: the file is replaced by a rename, so a device, FIFO,
     * socket, folder or symbolic link there would be replaced by a regular file (as root, {@code -o /dev/full} turned
     * the device into a PNG); only a regular file or nothing. For callers that check before work they could not undo.
     *
     * @throws IOException naming {@code target} and what it is
     */
    public static void checkReplaceable(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isSymbolicLink(abs)
                    ? "a symbolic link"
                    : Files.isDirectory(abs) ? "a folder" : "not a regular file (a device, FIFO or socket)";
            throw new IOException("cannot write " + target + ": it is " + what + ", which writing here would replace"
                    + " with a regular file; give the name of a new or regular file");
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
