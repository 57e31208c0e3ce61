package io.ganzoo.zoo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of a repository folder's index, held while an index is read, changed and written ({@link Publisher}):
 * between threads a {@link ReentrantLock}, between processes a {@link FileLock} on {@code FOLDER/.index.lock}. The
 * lock file is removed on release, so a folder that is packaged or served (the embedded models' resource folders)
 * keeps no stray file; a waiter that locked a file removed meanwhile finds its token not at the path and tries again.
 */
final class FolderLock implements AutoCloseable {
    /** The lock file's name in the folder. */
    static final String NAME = ".index.lock";

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;
    private final FileChannel check;
    private final Path file;

    private FolderLock(ReentrantLock local, FileChannel channel, FileLock lock, FileChannel check, Path file) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
        this.check = check;
        this.file = file;
    }

    /** Waits for and takes the lock of {@code folder} (which must exist). */
    static FolderLock acquire(Path folder) throws IOException {
        Path file = folder.toAbsolutePath().normalize().resolve(NAME);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, k -> new ReentrantLock());
        local.lock();
        try {
            while (true) {
                FileChannel ch = FileChannel.open(
                        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    FileLock l = ch.lock();
                    byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(token), 0);
                    // Read back through the path with a channel kept open while the lock is held: closing any
                    // descriptor of the locked file would release this process's lock on it (POSIX record locks).
                    FileChannel check;
                    try {
                        check = FileChannel.open(file, StandardOpenOption.READ);
                    } catch (NoSuchFileException gone) {
                        check = null;
                    }
                    if (check != null) {
                        ByteBuffer there = ByteBuffer.allocate(token.length + 1);
                        while (check.read(there) > 0 && there.hasRemaining()) {
                            // fill
                        }
                        ((java.nio.Buffer) there).flip(); // Buffer.flip: Android has no ByteBuffer.flip()
                        if (there.remaining() == token.length
                                && ByteBuffer.wrap(token).equals(there)) {
                            return new FolderLock(local, ch, l, check, file);
                        }
                    }
                    // the holder before us removed this file after we opened it: lock the one at the path now
                    l.release();
                    ch.close();
                    if (check != null) {
                        check.close();
                    }
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(file); // while still held: no one else can have locked this path's file
        } finally {
            try {
                lock.release();
                channel.close();
                check.close();
            } finally {
                local.unlock();
            }
        }
    }
}
