package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * close() while other threads sample or classify: ONNX Runtime crashed the JVM (SIGSEGV) in 7 of 9 such runs, or a
 * RejectedExecutionException leaked. Now close() waits for the runs in flight and later runs get
 * IllegalStateException; nothing else may reach the sampling threads.
 */
class CloseWhileRunningTest {
    private static final int ITERATIONS = 25;

    interface Work {
        void run() throws Exception;
    }

    /** Starts {@code threads} threads looping on {@code work}, closes after a short while, returns what they saw. */
    private static List<Throwable> race(int threads, Work work, AutoCloseable target, int iteration) throws Exception {
        ConcurrentLinkedQueue<Throwable> seen = new ConcurrentLinkedQueue<>();
        AtomicInteger done = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (true) {
                    try {
                        work.run();
                        done.incrementAndGet();
                    } catch (Throwable e) {
                        seen.add(e);
                        return;
                    }
                }
            });
            t.start();
            ts.add(t);
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(iteration % 5 * 3); // close at different points of a run
        target.close();
        for (Thread t : ts) {
            t.join(30_000);
            assertTrue(!t.isAlive(), "a sampling thread is stuck");
        }
        return new ArrayList<>(seen);
    }

    @Test
    void closeWhileThreadsSampleWaitsForThemAndLaterRunsAreRefused() throws Exception {
        for (int i = 0; i < ITERATIONS; i++) {
            Generator g = Generator.load(
                    "fashion-dcgan", Options.builder().optThreads(2).build());
            List<Throwable> seen = race(4, () -> g.sample(9, 3L), g, i);
            assertEquals(4, seen.size());
            for (Throwable e : seen) {
                assertTrue(
                        e instanceof IllegalStateException && e.getMessage().endsWith("is closed"),
                        "iteration " + i + ": " + e);
            }
            assertThrows(IllegalStateException.class, () -> g.sample(1, 1L));
            g.close(); // idempotent
        }
    }

    @Test
    void closeWhileThreadsClassifyWaitsForThem() throws Exception {
        try (Generator g = Generator.load("fashion-dcgan")) {
            Images images = g.sample(64, 1L);
            for (int i = 0; i < ITERATIONS; i++) {
                Classifier c = Classifier.load("fashion-classifier");
                List<Throwable> seen = race(3, () -> c.classify(images), c, i);
                for (Throwable e : seen) {
                    assertTrue(
                            e instanceof IllegalStateException && e.getMessage().endsWith("is closed"),
                            "iteration " + i + ": " + e);
                }
            }
        }
    }

    @Test
    void closeFromInsideARunIsRefusedInsteadOfDeadlocking() {
        RunGate gate = new RunGate("this test");
        try (RunGate.Permit p = gate.enter()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> gate.close(() -> {}));
            assertTrue(e.getMessage().startsWith("close() called from inside a run"), e.getMessage());
        }
    }

    /**
     * A sampling thread interrupted (as render's producer is on a full disk) while its batch's other parts run, then
     * close(): the parts must have left the session first. This crashed the JVM in ONNX Runtime 1 time in 4.
     */
    @Test
    void anInterruptedSamplerLetsItsPartsFinishBeforeClose() throws Exception {
        for (int i = 0; i < ITERATIONS; i++) {
            Generator g = Generator.load(
                    "fashion-dcgan",
                    Options.builder().optThreads(4).optBatchSize(256).build());
            ConcurrentLinkedQueue<ModelException> failed = new ConcurrentLinkedQueue<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        g.sample(256, 1L);
                    }
                } catch (ModelException e) {
                    failed.add(e); // interrupted: expected, with its reason checked below
                } catch (IllegalStateException e) {
                    // closed: expected
                }
            });
            t.start();
            Thread.sleep(5 + i % 7);
            t.interrupt();
            g.close();
            t.join(30_000);
            assertTrue(!t.isAlive());
            for (ModelException e : failed) {
                assertEquals(ModelException.Reason.RUNTIME, e.reason(), "iteration " + i + ": " + e.getMessage());
            }
        }
    }
}
