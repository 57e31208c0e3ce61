package io.ganzoo.sdk;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;

import java.util.HashSet;
import java.util.Set;

/**
 * The ONNX Runtime runs in flight in this process, so that a JVM shutting down (SIGINT, SIGTERM, {@code System.exit})
 * stops them before it unloads the native runtime: a run still inside ONNX Runtime when the process exits crashed the
 * JVM (SIGSEGV in libonnxruntime, an {@code hs_err_pid*.log} left behind). Each run carries its own
 * {@link OrtSession.RunOptions}; a shutdown hook sets their terminate flag (ONNX Runtime checks it between operators)
 * and waits, up to {@value #WAIT_MILLIS} ms, until every run has returned.
 */
final class InFlight {
    /** How long the shutdown hook waits for runs to return after asking them to stop. */
    static final long WAIT_MILLIS = 10_000;

    private static final Set<OrtSession.RunOptions> RUNS = new HashSet<>();
    private static boolean hooked;
    private static boolean stopping;

    private InFlight() {}

    /**
     * Starts a run: its options, to pass to {@code session.run} and then to {@link #end}.
     *
     * @throws ModelException reason RUNTIME when the JVM is shutting down
     */
    static OrtSession.RunOptions begin(String source) throws ModelException {
        synchronized (RUNS) {
            if (stopping) {
                throw new ModelException(Reason.RUNTIME, source + ": not run, the JVM is shutting down");
            }
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(InFlight::stopAll, "ganzoo-stop-runs"));
            }
            try {
                OrtSession.RunOptions r = new OrtSession.RunOptions();
                RUNS.add(r);
                return r;
            } catch (OrtException e) {
                throw new ModelException(
                        Reason.RUNTIME, source + ": ONNX Runtime failed: " + NativeRuntime.reason(e), e);
            }
        }
    }

    /** Ends a run started by {@link #begin}: it has returned from ONNX Runtime. */
    static void end(OrtSession.RunOptions r) {
        synchronized (RUNS) {
            RUNS.remove(r);
            r.close();
            RUNS.notifyAll();
        }
    }

    /** Whether runs are being stopped because the JVM is shutting down (a terminated run's failure is not news). */
    static boolean stopping() {
        synchronized (RUNS) {
            return stopping;
        }
    }

    /** Runs in flight now (for tests). */
    static int count() {
        synchronized (RUNS) {
            return RUNS.size();
        }
    }

    /** The shutdown hook: no new run starts; every run in flight is asked to stop and awaited. */
    static void stopAll() {
        synchronized (RUNS) {
            stopping = true;
            for (OrtSession.RunOptions r : RUNS) {
                try {
                    r.setTerminate(true);
                } catch (OrtException ignored) {
                    // the run ends on its own; it is still awaited below
                }
            }
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000L;
            while (!RUNS.isEmpty()) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                try {
                    RUNS.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
