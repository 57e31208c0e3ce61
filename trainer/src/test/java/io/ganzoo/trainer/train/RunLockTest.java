package io.ganzoo.trainer.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder's hold: counted in the thread that took it, refused to another thread (and process). */
class RunLockTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the locks are held by the blocks, not read in them
    void theHoldingThreadMayTakeItAgainAnotherThreadMayNot() throws Exception {
        Path run = dir.resolve("run");
        try (RunLock outer = RunLock.take(run, "cli")) {
            try (RunLock inner = RunLock.take(run, "trainer")) {
                assertTrue(Files.readString(run.resolve(RunLock.FILE)).contains(": cli"), "the first holder's line");
            }
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> CompletableFuture.runAsync(() -> {
                                try (RunLock other = RunLock.take(run, "other thread")) {
                                    throw new AssertionError("taken twice");
                                } catch (java.io.IOException x) {
                                    throw new RuntimeException(x);
                                }
                            })
                            .get());
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
            assertTrue(
                    e.getCause().getMessage().contains("in use by another training in this process"),
                    e.getCause().getMessage());
        }
        // released: another thread takes it
        CompletableFuture.runAsync(() -> {
                    try (RunLock again = RunLock.take(run, "later")) {
                        // held
                    } catch (java.io.IOException x) {
                        throw new RuntimeException(x);
                    }
                })
                .get();
    }

    /** Attack finding (issue 25): a training was accepted into a render's folder and wrote among its files. */
    @Test
    void aRendersOrARepositorysFolderIsRefused() throws Exception {
        for (String foreign : new String[] {"manifest.jsonl", "render.json", ".render.lock", "index.json"}) {
            Path folder = Files.createDirectories(dir.resolve("f" + foreign.hashCode()));
            Files.writeString(folder.resolve(foreign), "{}");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunLock.take(folder, "train"));
            assertTrue(
                    e.getMessage().contains("holds " + foreign)
                            && e.getMessage().contains("a folder of its own"),
                    e.getMessage());
            try (var files = Files.list(folder)) {
                assertTrue(files.count() == 1, "nothing written into " + folder);
            }
        }
        try (RunLock ok = RunLock.take(dir.resolve("fresh"), "train")) {
            assertTrue(Files.isDirectory(dir.resolve("fresh")));
        }
    }
}
