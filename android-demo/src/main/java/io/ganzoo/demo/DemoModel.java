package io.ganzoo.demo;

import io.ganzoo.zoo.ModelException;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The screen's state and its work, kept apart from the Activity (what an AndroidX ViewModel does, without AndroidX,
 * which Google's Maven repository alone serves): the current {@link DemoState}, one worker thread that draws, and the
 * {@link Studio} with the open generator. It outlives an Activity recreated for a configuration change (rotation) and
 * is closed with the screen: {@link #close()} closes the generator after any draw in flight, on the worker, so the
 * main thread never waits for a batch.
 *
 * <p>Requests are numbered; a result arrives on the main thread only when no newer request was made since (moving
 * the slider quickly draws many grids but shows the last). Every result, and every failure as one sentence, goes to
 * the attached {@link Screen}, and the last one is shown again to a screen attached later.
 */
public final class DemoModel implements AutoCloseable {
    /** What the Activity shows; called on the main thread. */
    public interface Screen {
        void showSample(Studio.Sample sample);

        void showWalk(Studio.Walk walk, DemoState from, long to);

        void showArithmetic(Studio.Timed arithmetic);

        /** A failure, in one or two sentences that say what to do. */
        void showError(String message);

        /** Whether a draw is running (the screen may show progress). */
        void showBusy(boolean busy);
    }

    /** Frames of an interpolation (both ends included). */
    public static final int WALK_STEPS = 16;

    private final Studio studio;
    private final Executor main;
    private final ExecutorService worker;
    private final AtomicInteger requests = new AtomicInteger();
    private DemoState state;
    private Screen screen;
    /** The last thing delivered, replayed to a screen attached later. */
    private Runnable last;

    private boolean closed;

    /**
     * @param main runs the screen's callbacks on the main thread (on Android: a {@code Handler} of the main looper)
     */
    public DemoModel(Studio studio, Executor main, DemoState initial) {
        this.studio = Objects.requireNonNull(studio, "studio");
        this.main = Objects.requireNonNull(main, "main");
        this.state = Objects.requireNonNull(initial, "initial");
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ganzoo-demo-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    public DemoState state() {
        return state;
    }

    /** The studio (tests reach its generator through it). */
    public Studio studio() {
        return studio;
    }

    /** Shows the last result (if any) on {@code s} and sends it the later ones. Main thread. */
    public void attach(Screen s) {
        screen = Objects.requireNonNull(s, "screen");
        if (last != null) {
            last.run();
        }
    }

    /** Stops sending results to the screen (an Activity being destroyed). Main thread. */
    public void detach() {
        screen = null;
    }

    /** Draws the grid of {@code s}, which becomes the current state. Main thread. */
    public void sample(DemoState s) {
        state = Objects.requireNonNull(s, "state");
        submit(() -> {
            Studio.Sample r = studio.sample(s);
            return () -> screen.showSample(r);
        });
    }

    /** Draws the interpolation from the current state's seed to {@code to}, {@link #WALK_STEPS} frames. Main thread. */
    public void interpolate(long to) {
        DemoState from = state;
        submit(() -> {
            Studio.Walk w = studio.interpolate(from, to, WALK_STEPS);
            return () -> screen.showWalk(w, from, to);
        });
    }

    /**
     * Draws the docs' latent arithmetic; its model ({@value Studio#ARITHMETIC_MODEL}) becomes the current state's.
     * Main thread.
     */
    public void arithmetic() {
        // the arithmetic's model is unconditional: no class carries over, even when the model did not change
        state = state.withModel(Studio.ARITHMETIC_MODEL).withLabel(DemoState.CLASSES_IN_TURN);
        submit(() -> {
            Studio.Timed t = studio.arithmetic();
            return () -> screen.showArithmetic(t);
        });
    }

    private interface Work {
        /** Draws on the worker and returns what to show on the main thread. */
        Runnable run() throws ModelException;
    }

    private void submit(Work work) {
        if (closed) {
            throw new IllegalStateException("this screen's model is closed");
        }
        int id = requests.incrementAndGet();
        deliver(id, () -> screen.showBusy(true), false);
        worker.execute(() -> {
            if (id != requests.get()) {
                return; // a newer request is queued: skip this one
            }
            Runnable show;
            try {
                show = work.run();
            } catch (ModelException | RuntimeException | LinkageError | OutOfMemoryError e) {
                String message = describe(e);
                show = () -> screen.showError(message);
            }
            Runnable s = show;
            deliver(
                    id,
                    () -> {
                        screen.showBusy(false);
                        s.run();
                    },
                    true);
        });
    }

    /** Runs {@code show} on the main thread if request {@code id} is still the newest and a screen is attached. */
    private void deliver(int id, Runnable show, boolean remember) {
        main.execute(() -> {
            if (id != requests.get() || closed) {
                return;
            }
            if (remember) {
                last = show;
            }
            if (screen != null) {
                show.run();
            }
        });
    }

    /**
     * A failure in words. ONNX Runtime's Java classes without its native library (an APK built without the
     * onnxruntime-android AAR) fail with a {@link LinkageError}: say where the library comes from.
     */
    static String describe(Throwable e) {
        if (e instanceof LinkageError) {
            return "ONNX Runtime's native library could not be loaded (" + e + "). On Android it comes with"
                    + " com.microsoft.onnxruntime:onnxruntime-android (natives for arm64-v8a and x86_64); an APK built by"
                    + " android-demo/build-apk has none. Build the app with Gradle (android-demo/README.md).";
        }
        if (e instanceof ModelException me) {
            return me.getMessage() + " (" + me.reason().name().toLowerCase(Locale.ROOT) + ")";
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * Closes the screen's model: no more results are shown; the generator is closed on the worker after the draw in
     * flight, if any, and the worker then ends. Returns at once. Idempotent. Main thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        screen = null;
        last = null;
        requests.incrementAndGet(); // queued requests are skipped
        worker.execute(() -> {
            try {
                studio.close();
            } catch (ModelException e) {
                // nothing is left to show it on; the generator's native memory is freed either way
            }
        });
        worker.shutdown();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Waits for the worker to finish after {@link #close()} (tests; an Activity never waits). */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return worker.awaitTermination(timeout, unit);
    }

    /** Waits until the worker has run everything submitted so far (tests). */
    public void awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        worker.execute(done::countDown);
        if (!done.await(timeout, unit)) {
            throw new IllegalStateException("the worker did not finish within " + timeout + " " + unit);
        }
    }

    /** The time of a batch in words, e.g. "64 images in 38 ms". */
    public static String timing(int images, long nanos) {
        return String.format(Locale.ROOT, "%d images in %.0f ms", images, nanos / 1e6);
    }
}
