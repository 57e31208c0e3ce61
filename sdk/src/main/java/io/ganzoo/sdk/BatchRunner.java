package io.ganzoo.sdk;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a {@link Generator}'s batches: each batch split into {@code runs} parts run at once with one ONNX Runtime
 * thread each (image {@code k} depends on latent {@code k} only), or whole, with ONNX Runtime's own threads, when
 * there are too few images per thread. Package-private: {@link Generator} calls it under its {@link RunGate}.
 */
final class BatchRunner {
    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Options options;
    private final String source;
    /** Parts each batch is split into, run at once (one ONNX Runtime thread each); 1 runs batches whole. */
    private final int runs;
    /** Runs parts 2..runs of a batch (the calling thread runs the first); {@code null} when {@code runs == 1}. */
    private final ExecutorService workers;
    /** The model file, kept while batches are split, to open {@link #whole} on first need. */
    private final byte[] model;
    /**
     * A second session with ONNX Runtime's own {@code runs} threads, for batches too small to split (fewer than
     * 2 images per thread, e.g. one image): opened on first use.
     */
    private volatile OrtSession whole;

    BatchRunner(OrtSession session, ModelMetadata metadata, Options options, ModelLoader.Source source, int runs) {
        this.session = session;
        this.metadata = metadata;
        this.options = options;
        this.source = source.name();
        this.runs = runs;
        this.model = runs > 1 ? source.bytes() : null;
        this.workers = runs > 1
                ? Executors.newFixedThreadPool(runs - 1, r -> {
                    Thread t = new Thread(r, "ganzoo-sampler");
                    t.setDaemon(true);
                    return t;
                })
                : null;
    }

    /** Images {@code start .. start + m - 1}, split across the threads; the caller holds a permit of the gate. */
    void run(float[] z, int[] labels, float[] out, int start, int m) throws ModelException {
        {
            if (runs == 1) {
                run(session, z, labels, out, start, m);
                return;
            }
            if (m < 2 * runs) {
                // too few images per thread: one run, parallel inside ONNX Runtime, is faster (docs/performance.md)
                run(wholeSession(), z, labels, out, start, m);
                return;
            }
            int parts = runs;
            // Image k depends on latent k only, so the parts are independent: run them at once, one thread each.
            List<Future<?>> pending = new ArrayList<>(parts - 1);
            for (int p = 1; p < parts; p++) {
                int from = start + (int) ((long) m * p / parts);
                int count = start + (int) ((long) m * (p + 1) / parts) - from;
                pending.add(workers.submit(() -> {
                    run(session, z, labels, out, from, count);
                    return null;
                }));
            }
            ModelException failed = null;
            try {
                run(session, z, labels, out, start, (int) ((long) m / parts));
            } catch (ModelException e) {
                failed = e;
            }
            // Every part must have left the native session before this batch's permit is released (close() frees the
            // session then): an interrupt is remembered, not acted on, until the last part has returned.
            boolean interrupted = false;
            for (Future<?> f : pending) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (ExecutionException e) {
                        ModelException g = e.getCause() instanceof ModelException ge
                                ? ge
                                : new ModelException(
                                        Reason.RUNTIME, source + ": sampling failed: " + e.getCause(), e.getCause());
                        if (failed == null) {
                            failed = g;
                        } else {
                            failed.addSuppressed(g);
                        }
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new ModelException(Reason.RUNTIME, source + ": interrupted while sampling");
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    /** The session with ONNX Runtime's own threads for small batches, opened on first use. */
    private OrtSession wholeSession() throws ModelException {
        OrtSession w = whole;
        if (w == null) {
            synchronized (this) {
                w = whole;
                if (w == null) {
                    w = ModelLoader.open(model, options, runs, source).session();
                    whole = w;
                }
            }
        }
        return w;
    }

    /** Runs images {@code from .. from + count - 1} through {@code session} into {@code out}. */
    private void run(OrtSession session, float[] z, int[] labels, float[] out, int from, int count)
            throws ModelException {
        int latent = metadata.latentSize();
        int size = metadata.channels() * metadata.height() * metadata.width();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer in = ByteBuffer.allocateDirect(count * latent * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        in.put(z, from * latent, count * latent);
        ((Buffer) in).flip(); // Buffer.flip: FloatBuffer's override needs Java 9
        OrtSession.RunOptions stop = InFlight.begin(source);
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {count, latent});
                OnnxTensor lt = labels == null
                        ? null
                        : OnnxTensor.createTensor(
                                env, LongBuffer.wrap(toLongs(labels, from, count)), new long[] {count});
                OrtSession.Result r = session.run(inputs(t, lt), stop)) {
            OnnxValue v = r.get(ModelFormat.IMAGE_OUTPUT)
                    .orElseThrow(() -> new ModelException(
                            Reason.MALFORMED, source + ": the run gave no output '" + ModelFormat.IMAGE_OUTPUT + "'"));
            FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
            if (fb.remaining() != count * size) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + ": output '" + ModelFormat.IMAGE_OUTPUT + "' has " + fb.remaining()
                                + " values for " + count + " images, expected " + (count * size) + " ("
                                + metadata.channels()
                                + "x" + metadata.height() + "x" + metadata.width() + " each, as the metadata says)");
            }
            fb.get(out, from * size, count * size);
        } catch (OrtException e) {
            if (InFlight.stopping()) {
                throw new ModelException(Reason.RUNTIME, source + ": stopped, the JVM is shutting down", e);
            }
            throw new ModelException(Reason.RUNTIME, source + ": ONNX Runtime failed: " + NativeRuntime.reason(e), e);
        } finally {
            InFlight.end(stop);
        }
    }

    private static long[] toLongs(int[] a, int from, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = a[from + i];
        }
        return out;
    }

    /** The run's inputs: latents, and labels for a conditional model ({@code Map.of} needs Android API 30). */
    private static Map<String, OnnxTensor> inputs(OnnxTensor z, OnnxTensor labels) {
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put(ModelFormat.LATENT_INPUT, z);
        if (labels != null) {
            in.put(ModelFormat.LABEL_INPUT, labels);
        }
        return in;
    }

    /** Frees the sessions; the caller ({@link RunGate#close}) has waited for every run. */
    void close() throws ModelException {
        if (workers != null) {
            workers.shutdown();
        }
        try {
            synchronized (this) {
                if (whole != null) {
                    whole.close();
                }
            }
            session.close();
        } catch (OrtException e) {
            throw new ModelException(Reason.RUNTIME, "cannot close " + source + ": " + e.getMessage(), e);
        }
    }
}
