package io.ganzoo.sdk;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An evaluator model: an image classifier shipped in the zoo (e.g. {@code fashion-classifier}) whose predictions
 * check what generators draw and whose feature vectors are the space that sample-quality scores (Frechet distance,
 * KID, precision and recall) are measured in.
 *
 * <pre>{@code
 * try (Classifier c = Classifier.load("fashion-classifier");
 *      Generator g = Generator.load("fashion-dcgan")) {
 *     Classifier.Scores s = c.classify(g.sample(100, 7L));
 *     int first = s.predicted(0);
 * }
 * }</pre>
 *
 * <p>Thread-safe; not usable after {@link #close()}.
 */
public final class Classifier implements AutoCloseable {

    private final OrtSession session;
    private final ModelMetadata metadata;
    private final String source;
    private final int featureSize;
    private final int batchSize;
    /** Runs enter it per batch; close() waits for them before freeing the session. */
    private final RunGate gate;

    private Classifier(OrtSession session, ModelMetadata metadata, String source, int featureSize, int batchSize) {
        this.session = session;
        this.metadata = metadata;
        this.source = source;
        this.gate = new RunGate("this Classifier (" + source + ")");
        this.featureSize = featureSize;
        this.batchSize = batchSize;
    }

    /** Loads a classifier from the zoo ({@code name} or {@code name@version}) or from an {@code .onnx} path. */
    public static Classifier load(String ref) throws ModelException {
        return load(ref, Options.defaults());
    }

    /** {@link #load(String)} with options (threads, batch size, device). */
    public static Classifier load(String ref, Options options) throws ModelException {
        Objects.requireNonNull(options, "options");
        NativeRuntime.require(); // before any class that names ONNX Runtime is linked
        return create(ModelLoader.resolve(ref, ModelFormat.Kind.CLASSIFIER, options.givenZoo()), options);
    }

    /** Loads a classifier from an ONNX file, with the default options. */
    public static Classifier load(Path file) throws ModelException {
        return load(file, Options.defaults());
    }

    /** Loads a classifier from an ONNX file. */
    public static Classifier load(Path file, Options options) throws ModelException {
        Objects.requireNonNull(options, "options");
        NativeRuntime.require(); // before any class that names ONNX Runtime is linked
        return create(ModelLoader.resolve(file), options);
    }

    private static Classifier create(ModelLoader.Source src, Options options) throws ModelException {
        String source = src.name();
        return ModelLoader.build(src, options, options.runThreads(), "classifier", o -> {
            OrtSession session = o.session();
            ModelMetadata md =
                    ModelMetadata.parseClassifier(session.getMetadata().getCustomMetadata(), source);
            Map<String, NodeInfo> in = session.getInputInfo();
            Map<String, NodeInfo> out = session.getOutputInfo();
            if (!in.containsKey(ModelFormat.CLASSIFIER_INPUT)
                    || !out.containsKey(ModelFormat.LOGITS_OUTPUT)
                    || !out.containsKey(ModelFormat.FEATURES_OUTPUT)
                    || !(out.get(ModelFormat.FEATURES_OUTPUT).getInfo() instanceof TensorInfo fi)) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + " is not a ganzoo classifier: expected input '"
                                + ModelFormat.CLASSIFIER_INPUT + "' and outputs '" + ModelFormat.LOGITS_OUTPUT
                                + "' and '"
                                + ModelFormat.FEATURES_OUTPUT + "', found " + in.keySet() + " and " + out.keySet());
            }
            long[] fs = fi.getShape();
            if (fs.length != 2 || fs[1] <= 0) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + ": output '" + ModelFormat.FEATURES_OUTPUT + "' must be [batch, F], found "
                                + Arrays.toString(fs));
            }
            long[] xs = in.get(ModelFormat.CLASSIFIER_INPUT).getInfo() instanceof TensorInfo xi
                    ? xi.getShape()
                    : new long[0];
            if (xs.length > 0 && xs[0] > 1) {
                throw new ModelException(
                        Reason.UNSUPPORTED,
                        source + ": input '" + ModelFormat.CLASSIFIER_INPUT
                                + "' has its batch axis fixed at " + xs[0] + " (" + Arrays.toString(xs)
                                + "); ganzoo runs"
                                + " classifiers whose batch axis is free, or fixed at 1 (one image per run). Export it with a free"
                                + " batch axis ('ganzoo-trainer classifier' does).");
            }
            return new Classifier(
                    session, md, source, (int) fs[1], xs.length > 0 && xs[0] == 1 ? 1 : options.batchSize());
        });
    }

    /** Output {@code name} of a run, or a clear error when the model gave none. */
    private OnnxValue output(OrtSession.Result r, String name) throws ModelException {
        return r.get(name)
                .orElseThrow(
                        () -> new ModelException(Reason.MALFORMED, source + ": the run gave no output '" + name + "'"));
    }

    /** What the classifier's file says about itself. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Class names in label order. */
    public List<String> classes() {
        return metadata.classes();
    }

    /** Length of one feature vector. */
    public int featureSize() {
        return featureSize;
    }

    /** The accuracy recorded at export, on {@link #testSet()}, or NaN when the file does not say. */
    public double accuracy() {
        String a = metadata.get(ModelFormat.CLASSIFIER_ACCURACY);
        return a == null ? Double.NaN : Double.parseDouble(a);
    }

    /** The data {@link #accuracy()} was measured on. */
    public String testSet() {
        return metadata.get(ModelFormat.CLASSIFIER_TEST_SET);
    }

    /** Class scores and feature vectors of a batch of images. */
    public static final class Scores {
        private final float[] logits;
        private final float[] features;
        private final int count;
        private final int classes;
        private final int featureSize;

        Scores(float[] logits, float[] features, int count, int classes, int featureSize) {
            this.logits = logits;
            this.features = features;
            this.count = count;
            this.classes = classes;
            this.featureSize = featureSize;
        }

        /** Number of images. */
        public int count() {
            return count;
        }

        /** Logits, {@code count x classes}, row major. The array is shared: do not modify it. */
        public float[] logits() {
            return logits;
        }

        /** Feature vectors, {@code count x featureSize}, row major. The array is shared: do not modify it. */
        public float[] features() {
            return features;
        }

        public int featureSize() {
            return featureSize;
        }

        /** The most likely class of image {@code i}. */
        public int predicted(int i) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            return best;
        }

        /** The most likely class of every image. */
        public int[] predicted() {
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = predicted(i);
            }
            return out;
        }
    }

    /**
     * Classifies images whose shape and value range match the classifier's (e.g. a Fashion-MNIST generator's
     * 1x28x28 images in [-1, 1]).
     *
     * @throws IllegalArgumentException when the image shape differs from the classifier's
     */
    public Scores classify(Images images) throws ModelException {
        if (images.channels() != metadata.channels()
                || images.height() != metadata.height()
                || images.width() != metadata.width()) {
            throw new IllegalArgumentException("images: " + source + " classifies " + metadata.channels() + "x"
                    + metadata.height() + "x" + metadata.width() + " images, found " + images.channels() + "x"
                    + images.height() + "x" + images.width());
        }
        if (images.minValue() != metadata.minValue() || images.maxValue() != metadata.maxValue()) {
            throw new IllegalArgumentException("images: " + source + " expects values in [" + metadata.minValue() + ", "
                    + metadata.maxValue() + "], found [" + images.minValue() + ", " + images.maxValue() + "]");
        }
        if (gate.isClosed()) {
            throw new IllegalStateException("this Classifier (" + source + ") is closed");
        }
        int n = images.count();
        int size = metadata.channels() * metadata.height() * metadata.width();
        int classes = metadata.classes().size();
        float[] logits = new float[n * classes];
        float[] features = new float[n * featureSize];
        float[] px = images.pixels();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer in = ByteBuffer.allocateDirect(Math.min(n, batchSize) * size * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (int start = 0; start < n; start += batchSize) {
            int m = Math.min(batchSize, n - start);
            ((Buffer) in).clear(); // Buffer's own methods: FloatBuffer's overrides need Java 9
            in.put(px, start * size, m * size);
            ((Buffer) in).flip();
            OrtSession.RunOptions stop = InFlight.begin(source);
            try (RunGate.Permit permit = gate.enter();
                    OnnxTensor t = OnnxTensor.createTensor(
                            env, in, new long[] {m, metadata.channels(), metadata.height(), metadata.width()});
                    OrtSession.Result r =
                            session.run(Collections.singletonMap(ModelFormat.CLASSIFIER_INPUT, t), stop)) {
                copy((OnnxTensor) output(r, ModelFormat.LOGITS_OUTPUT), logits, start * classes, m * classes);
                copy(
                        (OnnxTensor) output(r, ModelFormat.FEATURES_OUTPUT),
                        features,
                        start * featureSize,
                        m * featureSize);
            } catch (ModelException | RuntimeException e) {
                throw e;
            } catch (Exception e) { // OrtException, unnamed: this class links without ONNX Runtime (NativeRuntime)
                throw new ModelException(
                        Reason.RUNTIME,
                        source
                                + (InFlight.stopping()
                                        ? ": stopped, the JVM is shutting down"
                                        : ": ONNX Runtime failed: " + NativeRuntime.reason(e)),
                        e);
            } finally {
                InFlight.end(stop);
            }
        }
        return new Scores(logits, features, n, classes, featureSize);
    }

    private void copy(OnnxTensor t, float[] dst, int offset, int count) throws ModelException {
        FloatBuffer fb = t.getFloatBuffer();
        if (fb.remaining() != count) {
            throw new ModelException(
                    Reason.MALFORMED, source + ": an output has " + fb.remaining() + " values, expected " + count);
        }
        fb.get(dst, offset, count);
    }

    /**
     * Frees the native session. New runs are refused at once ({@link IllegalStateException}); runs in flight in other
     * threads finish first. Idempotent.
     */
    @Override
    public void close() throws ModelException {
        gate.close(() -> {
            try {
                session.close();
            } catch (Exception e) { // OrtException, unnamed: this class links without ONNX Runtime
                throw new ModelException(Reason.RUNTIME, "cannot close " + source + ": " + e.getMessage(), e);
            }
        });
    }
}
