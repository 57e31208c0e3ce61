package io.ganzoo.sdk;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code optThreads(N)} bounds the threads a model runs on (issue 25, "options that do not do what they say":
 * {@code --threads 1} let ONNX Runtime use every core, 189% CPU). Counted, not timed: ONNX Runtime's pool threads
 * are native threads that inherit the name of the thread that opened the session, so a session opened in a thread
 * of a unique name shows its pool in {@code /proc/self/task/}{@code *}{@code /comm} under that name.
 */
class ThreadsTest {
    @TempDir
    Path dir;

    /** Threads of this process whose name is {@code name} (Linux: {@code /proc/self/task/<tid>/comm}). */
    private static long threadsNamed(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Paths.get("/proc/self/task"))) {
            return tasks.filter(t -> {
                        try {
                            return new String(Files.readAllBytes(t.resolve("comm")), StandardCharsets.UTF_8)
                                    .strip()
                                    .equals(name);
                        } catch (IOException gone) {
                            return false; // a thread that ended meanwhile
                        }
                    })
                    .count();
        }
    }

    /** What a thread does with a model before its threads are counted. */
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} in a new thread named {@code name} and waits for it. */
    private static void threadsOf(String name, Work work) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(
                () -> {
                    try {
                        work.run();
                    } catch (Exception e) {
                        result.set(e);
                    }
                },
                name);
        t.start();
        t.join();
        if (result.get() instanceof Exception e) {
            throw e;
        }
    }

    /** Loads the tiny generator with {@code options} in a thread named {@code name}, samples 64 images, counts. */
    private long generatorThreads(String name, Options options) throws Exception {
        Path model = Fixtures.copy(dir, "tiny-dcgan.onnx");
        AtomicReference<Long> n = new AtomicReference<>();
        threadsOf(name, () -> {
            try (Generator g = Generator.load(model, options)) {
                g.sample(64, 1L);
                n.set(threadsNamed(name));
            }
        });
        return n.get();
    }

    @Test
    void oneThreadMeansOneThread() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Paths.get("/proc/self/task")), "Linux /proc");
        assertEquals(
                1, generatorThreads("ganzoo-t1", Options.builder().optThreads(1).build()));
        assertEquals(
                1,
                generatorThreads(
                        "ganzoo-i1", Options.builder().optIntraOpThreads(1).build()));
        // split runs: the opening thread and no ONNX Runtime pool (each part runs with one thread)
        assertEquals(
                1, generatorThreads("ganzoo-t3", Options.builder().optThreads(3).build()));
        // a whole run with ONNX Runtime's own threads: the opening thread and N - 1 pool threads, N in all
        assertEquals(
                3,
                generatorThreads(
                        "ganzoo-i3", Options.builder().optIntraOpThreads(3).build()));
    }
}
