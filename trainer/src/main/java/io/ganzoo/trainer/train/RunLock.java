package io.ganzoo.trainer.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A training run's hold on its run folder: {@value #FILE}, locked with {@link FileChannel#tryLock()} (released by
 * the operating system when the process dies, so a killed run never leaves a stale lock) and holding the holder's
 * process id, start time and arguments, so a second run into the same folder is refused with what the first is.
 * Within one process the hold belongs to the thread that took it and is counted there: the CLI takes it before it
 * writes the run's arguments, and {@link GanTrainer#train} takes it again around the run; another thread is refused.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file in the run folder. */
    public static final String FILE = ".train.lock";

    private static final Map<Path, Held> HELD = new HashMap<>();

    private record Held(FileChannel channel, int[] count, Thread owner) {}

    private final Path key;
    private boolean closed;

    private RunLock(Path key) {
        this.key = key;
    }

    /** Files that say a folder belongs to something else: a render's (spec, manifest, lock) or a repository's index. */
    private static final String[] FOREIGN = {"render.json", "manifest.jsonl", ".render.lock", "index.json"};

    /**
     * Takes {@code runDir} (made if absent) for this process.
     *
     * @param what the holder's arguments, written into the lock file for a refused second run to show
     * @throws IllegalStateException naming the holder when another process trains into the folder, or the folder
     *     that of a render or a model repository
     * @throws IOException           when the folder or its lock file cannot be written
     */
    public static RunLock take(Path runDir, String what) throws IOException {
        for (String foreign : FOREIGN) {
            if (Files.exists(runDir.resolve(foreign))) {
                throw new IllegalStateException("run folder " + runDir + " holds " + foreign + ", a "
                        + (foreign.equals("index.json") ? "model repository's index" : "render's file")
                        + ": a training would write its checkpoints and samples among them. Give the training a"
                        + " folder of its own (-o runs/NAME).");
            }
        }
        Files.createDirectories(runDir);
        Path key = runDir.toRealPath();
        synchronized (HELD) {
            Held h = HELD.get(key);
            if (h != null && h.owner() == Thread.currentThread()) {
                h.count()[0]++;
                return new RunLock(key);
            }
            if (h != null) {
                throw new IllegalStateException("run folder " + runDir + " is in use by another training in this"
                        + " process (thread " + h.owner().getName() + "); wait for it to end, or choose another"
                        + " folder");
            }
            Path file = key.resolve(FILE);
            FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder;
                try {
                    holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    holder = "";
                } finally {
                    ch.close();
                }
                throw new IllegalStateException("run folder " + runDir + " is in use by another training ("
                        + (holder.isEmpty() ? "see " + file : holder) + "); wait for it to end, or choose another"
                        + " folder (-o)");
            }
            String me = "process " + ProcessHandle.current().pid() + ", since " + Instant.now() + ": " + what;
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            HELD.put(key, new Held(ch, new int[] {1}, Thread.currentThread()));
            return new RunLock(key);
        }
    }

    /** Releases this hold; the folder is free when the process's last hold is released. */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held h = HELD.get(key);
            if (h != null && --h.count()[0] == 0) {
                HELD.remove(key);
                h.channel().close(); // releases the lock; the file stays (deleting it would race a waiting run)
            }
        }
    }
}
