package io.ganzoo.demo;

import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.ModelException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The screen's model without Android: a queue stands for the main thread, a recording screen for the Activity. */
class DemoModelTest {
    /** What the main thread would run, run when the test says. */
    private final ConcurrentLinkedQueue<Runnable> mainThread = new ConcurrentLinkedQueue<>();

    private final Recorder screen = new Recorder();
    private final List<Generator> loaded = new CopyOnWriteArrayList<>();
    private DemoModel model;

    private DemoModel model(Studio.Loader loader) {
        model = new DemoModel(new Studio(loader), mainThread::add, DemoState.of("fashion-dcgan", 7L));
        model.attach(screen);
        return model;
    }

    private Generator load(String m) throws ModelException {
        Generator g = Generator.load(m);
        loaded.add(g);
        return g;
    }

    /** Runs what the worker has sent so far on the "main thread". */
    private void settle() throws InterruptedException {
        model.awaitIdle(60, TimeUnit.SECONDS);
        Runnable r;
        while ((r = mainThread.poll()) != null) {
            r.run();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        model.close();
        model.awaitClosed(30, TimeUnit.SECONDS);
    }

    @Test
    void aSampleArrivesWithItsCommandAndTime() throws Exception {
        model(this::load).sample(model.state());
        settle();
        assertEquals(1, screen.samples.size());
        Studio.Sample s = screen.samples.get(0);
        assertEquals("sample fashion-dcgan -n 64 --seed 7 --grid 8", String.join(" ", s.command()));
        assertEquals("fashion-dcgan@1.1.0", s.source());
        assertEquals(8 * 28 + 9 * 2, s.grid().width());
        assertTrue(s.nanos() > 0);
        assertEquals(List.of(true, false), screen.busy);
    }

    @Test
    void onlyTheNewestRequestIsShown() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        model(m -> {
            try {
                release.await(); // the first draw waits while two more are asked for
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return load(m);
        });
        model.sample(model.state().withSeed(1));
        model.sample(model.state().withSeed(2));
        model.sample(model.state().withSeed(3));
        release.countDown();
        settle();
        assertEquals(1, screen.samples.size(), "seeds 1 and 2 were superseded");
        assertTrue(String.join(" ", screen.samples.get(0).command()).contains("--seed 3"));
        assertEquals(1, loaded.size(), "the generator was loaded once, for the first draw");
        assertEquals(3L, model.state().seed());
    }

    @Test
    void anotherModelClosesThePreviousGenerator() throws Exception {
        model(this::load).sample(model.state());
        settle();
        Generator first = model.studio().current();
        model.sample(model.state().withModel("fashion-rpgan"));
        settle();
        assertNotSame(first, model.studio().current());
        assertThrows(IllegalStateException.class, () -> first.sample(1, 1L), "the first generator is closed");
        assertEquals("fashion-rpgan@1.1.0", model.studio().current().source());
    }

    @Test
    void closingClosesTheGeneratorAfterTheDrawInFlight() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        model(m -> {
            Generator g = load(m);
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return g;
        });
        model.sample(model.state());
        assertTrue(started.await(30, TimeUnit.SECONDS));
        model.close(); // returns at once although a draw is running
        assertTrue(model.isClosed());
        assertEquals(1, loaded.size());
        release.countDown();
        assertTrue(model.awaitClosed(30, TimeUnit.SECONDS));
        assertThrows(IllegalStateException.class, () -> loaded.get(0).sample(1, 1L));
        assertNull(model.studio().current());
        Runnable r;
        while ((r = mainThread.poll()) != null) {
            r.run();
        }
        assertTrue(screen.samples.isEmpty(), "nothing is shown after close");
        assertThrows(IllegalStateException.class, () -> model.sample(model.state()));
    }

    @Test
    void aScreenAttachedLaterSeesTheLastResult() throws Exception {
        model(this::load).sample(model.state());
        settle();
        model.detach();
        Recorder rotated = new Recorder();
        model.attach(rotated);
        assertEquals(1, rotated.samples.size());
        assertSame(screen.samples.get(0), rotated.samples.get(0));
    }

    @Test
    void missingNativesSayWhereTheyComeFrom() throws Exception {
        model(m -> {
            throw new UnsatisfiedLinkError("dlopen failed: library \"libonnxruntime.so\" not found");
        });
        model.sample(model.state());
        settle();
        assertEquals(1, screen.errors.size());
        String e = screen.errors.get(0);
        assertTrue(e.startsWith("ONNX Runtime's native library could not be loaded"), e);
        assertTrue(e.contains("libonnxruntime.so"), e);
        assertTrue(e.contains("com.microsoft.onnxruntime:onnxruntime-android"), e);
        assertTrue(e.contains("Build the app with Gradle"), e);
    }

    @Test
    void anUnknownModelSaysSo() throws Exception {
        model(this::load).sample(model.state().withModel("no-such-model"));
        settle();
        assertEquals(1, screen.errors.size());
        assertTrue(screen.errors.get(0).endsWith("(not_found)"), screen.errors.get(0));
        assertTrue(screen.samples.isEmpty());
    }

    @Test
    void theArithmeticSwitchesToItsModel() throws Exception {
        model(this::load).sample(model.state().withModel("fashion-wgan"));
        settle();
        model.arithmetic();
        settle();
        assertEquals("fashion-dcgan", model.state().model());
        assertEquals(1, screen.arithmetic.size());
        assertEquals(20, screen.arithmetic.get(0).images());
        assertEquals(8 * 28 + 9 * 2, screen.arithmetic.get(0).picture().width(), "rows: 3 images and a mean, then 8");
    }

    @Test
    void theWalkStartsAtTheFirstSeedAndEndsAtTheSecond() throws Exception {
        model(this::load).interpolate(8L);
        settle();
        assertEquals(1, screen.walks.size());
        Studio.Walk w = screen.walks.get(0);
        assertEquals(DemoModel.WALK_STEPS, w.frames().size());
        assertEquals(DemoModel.WALK_STEPS * 64, w.images());
        try (Generator g = Generator.load("fashion-dcgan")) {
            assertArrayEquals(
                    g.sample(64, 7L).grid(8).pixels(), w.frames().get(0).pixels());
            assertArrayEquals(
                    g.sample(64, 8L).grid(8).pixels(),
                    w.frames().get(DemoModel.WALK_STEPS - 1).pixels());
        }
    }

    @Test
    void timingInWords() {
        assertEquals("64 images in 38 ms", DemoModel.timing(64, 38_400_000L));
        assertEquals("1024 images in 1500 ms", DemoModel.timing(1024, 1_500_000_000L));
        model(this::load);
    }

    private static final class Recorder implements DemoModel.Screen {
        final List<Studio.Sample> samples = new ArrayList<>();
        final List<Studio.Walk> walks = new ArrayList<>();
        final List<Studio.Timed> arithmetic = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final List<Boolean> busy = new ArrayList<>();

        @Override
        public void showSample(Studio.Sample s) {
            samples.add(s);
        }

        @Override
        public void showWalk(Studio.Walk w, DemoState from, long to) {
            walks.add(w);
        }

        @Override
        public void showArithmetic(Studio.Timed t) {
            arithmetic.add(t);
        }

        @Override
        public void showError(String message) {
            errors.add(message);
        }

        @Override
        public void showBusy(boolean b) {
            busy.add(b);
        }
    }
}
