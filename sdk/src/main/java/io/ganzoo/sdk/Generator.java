package io.ganzoo.sdk;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A GAN generator run by ONNX Runtime on the CPU (or a CUDA GPU, see {@link Device}). Loads from the zoo or a file, reads everything it needs (latent
 * size, image shape, value range) from the model's metadata, and maps latent vectors to images.
 *
 * <pre>{@code
 * try (Generator g = Generator.load("fashion-dcgan")) {
 *     Images images = g.sample(64, 7L);          // deterministic for a seed
 *     images.grid(8).writePng(Path.of("grid.png"));
 * }
 * }</pre>
 *
 * <p>A generator is safe to use from several threads at once. Close it to free native memory; using it after
 * {@link #close()} throws {@link IllegalStateException}.
 */
public final class Generator implements AutoCloseable {
    /** Largest Java array this checks for (the JVM's limit is a little under Integer.MAX_VALUE). */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final ModelMetadata metadata;
    private final Options options;
    private final String source;
    private final String sha256;
    private final List<String> classes;
    private final Device device;
    /** Why the CPU runs this model although CUDA was asked for, or {@code null}. */
    private final String cpuFallbackReason;
    /** Runs the batches, split across threads or whole. */
    private final BatchRunner runner;
    /** Runs enter it per batch; close() waits for them before freeing the sessions. */
    private final RunGate gate;
    /** Values drawn outside the metadata's range (clipped when shown), and all values drawn, since loading. */
    private final AtomicLong outOfRange = new AtomicLong();

    private final AtomicLong valuesDrawn = new AtomicLong();

    private Generator(
            ModelLoader.Opened opened, ModelMetadata metadata, Options options, ModelLoader.Source source, int runs) {
        this.metadata = metadata;
        this.options = options;
        this.source = source.name();
        this.sha256 = source.sha256();
        this.classes = metadata.classes();
        this.device = opened.device();
        this.cpuFallbackReason = opened.fallback();
        this.runner = new BatchRunner(opened.session(), metadata, options, source, runs);
        this.gate = new RunGate("this Generator (" + this.source + ")");
    }

    /**
     * Starts ONNX Runtime (loads its native libraries, creates its environment) and reads the index of the models on
     * the class path, in the calling thread, so that a {@link #load} soon after is faster: about 20-40 ms of a cold
     * start on a desktop (docs/performance.md). Optional; call it on a background thread at start-up (the {@code
     * ganzoo} command line does, while it parses its arguments; an Android app might, while its UI comes up). Never
     * throws: what fails here is reported by the load that meets it.
     */
    public static void warmUp() {
        try {
            NativeRuntime.require(); // before any class that names ONNX Runtime is linked
            ModelLoader.warmUp();
        } catch (ModelException | RuntimeException | LinkageError e) {
            // the load that follows meets the same failure and reports it
        }
    }

    /**
     * Loads a model from the zoo ({@code name} or {@code name@version}) or, when {@code ref} names an existing file
     * or ends in {@code .onnx}, from that file.
     *
     * @throws ModelException when the model is unknown, fails its checksum, or is not a ganzoo generator
     */
    public static Generator load(String ref) throws ModelException {
        return load(ref, Options.defaults());
    }

    /** {@link #load(String)} with options. */
    public static Generator load(String ref, Options options) throws ModelException {
        Objects.requireNonNull(options, "options");
        NativeRuntime.require(); // before any class that names ONNX Runtime is linked
        return create(ModelLoader.resolve(ref, ModelFormat.Kind.GENERATOR, options.givenZoo()), options);
    }

    /**
     * Whether {@link #load(String)} reads {@code ref} as a file path (it ends with {@code .onnx} or holds a path
     * separator) rather than as a zoo model's {@code name[@version]}: the one rule, for callers that must tell.
     */
    public static boolean namesFile(String ref) {
        return ModelLoader.isPath(ref);
    }

    /** Loads a generator from an ONNX file. */
    public static Generator load(Path file) throws ModelException {
        return load(file, Options.defaults());
    }

    /** {@link #load(Path)} with options. */
    public static Generator load(Path file, Options options) throws ModelException {
        Objects.requireNonNull(options, "options");
        NativeRuntime.require(); // before any class that names ONNX Runtime is linked
        return create(ModelLoader.resolve(file), options);
    }

    /**
     * Loads a generator from the bytes of its ONNX file, for models that arrive in memory (an Android asset, a Spark
     * broadcast, a download of the application's own): the same checks as a file, no file written.
     *
     * @param model  the ONNX file's bytes
     * @param name   what messages and {@link #source()} call it, e.g. {@code assets/faces.onnx}
     * @param sha256 the SHA-256 the bytes must have (64 hex digits, any case), or {@code null} not to check
     * @throws ModelException {@link Reason#CHECKSUM} when the bytes' SHA-256 is another, or as {@link #load(Path)}
     */
    public static Generator load(byte[] model, String name, String sha256, Options options) throws ModelException {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        String actual = ModelLoader.checkSha256(model, name, sha256);
        NativeRuntime.require(); // before any class that names ONNX Runtime is linked
        return create(new ModelLoader.Source(model, name, actual), options);
    }

    /**
     * {@link #load(byte[], String, String, Options)} of the bytes {@code in} holds (read to its end, not closed).
     *
     * @throws ModelException {@link Reason#ACCESS} when the stream cannot be read, or as the bytes would
     */
    public static Generator load(InputStream in, String name, String sha256, Options options) throws ModelException {
        return load(ModelLoader.readAll(in, name), name, sha256, options);
    }

    /** The SHA-256 of the model's ONNX bytes, 64 lower-case hex digits: the zoo index's, for a zoo model. */
    public String sha256() {
        return sha256;
    }

    /**
     * The bytes of a model as {@link #load(String)} reads them: a zoo model's verified file, or the file {@code ref}
     * names (the same rule tells them apart).
     *
     * @throws ModelException when the model is unknown, fails its checksum, or the file cannot be read
     */
    public static byte[] modelBytes(String ref) throws ModelException {
        return ModelLoader.resolve(ref, ModelFormat.Kind.GENERATOR).bytes();
    }

    private static Generator create(ModelLoader.Source source, Options options) throws ModelException {
        int runs = options.device().isCuda() || options.intraOpThreads() > 0
                ? 1
                : options.threads() > 0
                        ? options.threads()
                        : Runtime.getRuntime().availableProcessors();
        return ModelLoader.build(source, options, runs > 1 ? 1 : options.runThreads(), "generator", o -> {
            ModelMetadata md = ModelMetadata.parse(o.session().getMetadata().getCustomMetadata(), source.name());
            int fixedBatch = checkSignature(o.session(), md, source.name());
            return new Generator(o, md, fixedBatch == 1 ? options.withBatchSize(1) : options, source, runs);
        });
    }

    /**
     * Checks the model's inputs and outputs against its metadata.
     *
     * @return the batch size the model's input is fixed at, or 0 when its batch axis is free
     */
    private static int checkSignature(OrtSession s, ModelMetadata md, String source)
            throws OrtException, ModelException {
        Map<String, NodeInfo> in = s.getInputInfo();
        Map<String, NodeInfo> out = s.getOutputInfo();
        NodeInfo z = in.get(ModelFormat.LATENT_INPUT);
        NodeInfo image = out.get(ModelFormat.IMAGE_OUTPUT);
        if (z == null
                || image == null
                || !(z.getInfo() instanceof TensorInfo zi)
                || !(image.getInfo() instanceof TensorInfo ii)) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is not a ganzoo generator: expected a tensor input '" + ModelFormat.LATENT_INPUT
                            + "' and a tensor output '" + ModelFormat.IMAGE_OUTPUT + "', found inputs " + in.keySet()
                            + " and outputs " + out.keySet());
        }
        long[] zs = zi.getShape();
        if (zs.length != 2 || (zs[1] > 0 && zs[1] != md.latentSize())) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + ": input '" + ModelFormat.LATENT_INPUT + "' must be [batch, " + md.latentSize()
                            + "] as the metadata says, found " + Arrays.toString(zs));
        }
        boolean hasLabel = in.containsKey(ModelFormat.LABEL_INPUT);
        if (hasLabel != !md.classes().isEmpty()) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + ": a conditional generator has both a '" + ModelFormat.LABEL_INPUT
                            + "' input and class names"
                            + " in its metadata ('" + ModelFormat.CLASSES + "'); this file has "
                            + (hasLabel ? "the input only" : "the class names only"));
        }
        if (ii.getShape().length != 4) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + ": output '" + ModelFormat.IMAGE_OUTPUT + "' must be [batch, C, H, W], found "
                            + Arrays.toString(ii.getShape()));
        }
        if (zs[0] > 1) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + ": input '" + ModelFormat.LATENT_INPUT + "' has its batch axis fixed at " + zs[0] + " ("
                            + Arrays.toString(zs) + "); ganzoo runs generators whose batch axis is free, or fixed at 1"
                            + " (one image per run). Export it with a free batch axis ('ganzoo-trainer export' does).");
        }
        return zs[0] == 1 ? 1 : 0;
    }

    /** The device the model runs on (the CPU when CUDA was asked for and the fallback was taken). */
    public Device device() {
        return device;
    }

    /**
     * Why this generator runs on the CPU although CUDA was asked for ({@link Options.Builder#optCpuFallback}), e.g.
     * "CUDA was asked for (cuda:0) but the ONNX Runtime on the classpath is the CPU build ...", or {@code null} when it
     * runs on the device asked for.
     */
    public String cpuFallbackReason() {
        return cpuFallbackReason;
    }

    /** The model's metadata: name, version, latent size, image shape and provenance. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Where the model came from: {@code name@version} or a file path. */
    public String source() {
        return source;
    }

    /** Whether the model takes a class label. */
    public boolean isConditional() {
        return !classes.isEmpty();
    }

    /** Class names in label order (empty for an unconditional model). */
    public List<String> classes() {
        return classes;
    }

    /**
     * The label of a class given by name (case-insensitive; a name's spaces may be given as {@code _}, as render's
     * folder names have them: {@code Ankle_boot}) or by index.
     *
     * @throws IllegalArgumentException listing the classes when there is no such class, or when the model is
     *                                  unconditional
     */
    public int label(String nameOrIndex) {
        requireConditional();
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).equalsIgnoreCase(nameOrIndex.trim())) {
                return i;
            }
        }
        // the folder name render writes for a class ("Ankle boot" -> Ankle_boot) names it too
        for (int i = 0; i < classes.size(); i++) {
            if (classes.get(i).replace(' ', '_').equalsIgnoreCase(nameOrIndex.trim())) {
                return i;
            }
        }
        try {
            int i = io.ganzoo.zoo.Decimal.parseInt(nameOrIndex.trim());
            checkLabel(i);
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "label '" + nameOrIndex + "': " + source + " has no such class; expected an" + " index 0.."
                            + (classes.size() - 1) + " or one of " + classes,
                    e);
        }
    }

    /** {@code n} images from a fresh random seed. */
    public Images sample(int n) throws ModelException {
        return sample(n, new SecureRandom().nextLong());
    }

    /**
     * {@code n} images for {@code seed}: the same seed gives the same images (image {@code k} uses latent vector
     * {@code k} of {@link Noise}'s stream for the seed).
     *
     * @throws IllegalArgumentException when {@code n <= 0} or the images would not fit in one array
     */
    public Images sample(int n, long seed) throws ModelException {
        checkCount(n);
        return generate(latents(n, seed).data(), defaultLabels(0, n), n);
    }

    /** Labels of images {@code first .. first + n - 1} when none are asked for: the classes in turn, or none. */
    private int[] defaultLabels(long first, int n) {
        return isConditional() ? labelsInTurn(first, n, classes.size()) : null;
    }

    /**
     * The rule a conditional model follows when no class is asked for, "the classes in turn": image {@code k} of a
     * run has label {@code k mod classes}. {@link #sample(int, long)}, {@link #batches} and the CLI's sample and render
     * commands all draw by it, so image {@code k} is the same image whichever way it was drawn.
     *
     * @param first   index of the first image, 0 or more
     * @param n       number of labels, 0 or more
     * @param classes number of classes, 1 or more
     * @return labels of images {@code first .. first + n - 1}, each in {@code [0, classes)}
     * @throws IllegalArgumentException when an argument is out of range
     */
    public static int[] labelsInTurn(long first, int n, int classes) {
        if (first < 0 || n < 0 || classes < 1) {
            throw new IllegalArgumentException("labels in turn: expected first >= 0, n >= 0, classes >= 1, found first "
                    + first + ", n " + n + ", classes " + classes);
        }
        int[] labels = new int[n];
        int label = (int) (first % classes); // first + k may overflow a long; its remainder never does
        for (int k = 0; k < n; k++) {
            labels[k] = label;
            label = label + 1 == classes ? 0 : label + 1;
        }
        return labels;
    }

    /**
     * Latent vectors {@code 0 .. n-1} for {@code seed}, of this model's size and from the prior its metadata names:
     * {@code generate(latents(n, seed))} draws the same images as {@code sample(n, seed)}.
     */
    public Latents latents(int n, long seed) {
        checkCount(n);
        return Latents.sample(n, metadata.latentSize(), seed, metadata.latentPrior());
    }

    /**
     * {@link #latents(int, long)} with the truncation trick: components beyond {@code threshold} (in standard
     * deviations for the normal prior) are redrawn. Lower thresholds give more typical, less varied images.
     */
    public Latents latents(int n, long seed, float threshold) {
        checkCount(n);
        return Latents.sampleTruncated(n, metadata.latentSize(), seed, metadata.latentPrior(), 0L, threshold);
    }

    /** Images of the given latent vectors (an unconditional model). */
    public Images generate(Latents z) throws ModelException {
        checkLatentSize(z);
        return generate(z.data(), z.count());
    }

    /**
     * Images of the given latent vectors and labels: one label per vector, or a single label for all.
     *
     * @throws IllegalArgumentException when the model is unconditional, or a label is out of range
     */
    public Images generate(Latents z, int... labels) throws ModelException {
        checkLatentSize(z);
        requireConditional();
        int[] l = labels;
        if (labels.length == 1 && z.count() > 1) {
            l = new int[z.count()];
            Arrays.fill(l, labels[0]);
        }
        return generate(z.data(), l, z.count());
    }

    private void checkLatentSize(Latents z) {
        if (z.size() != metadata.latentSize()) {
            throw new IllegalArgumentException("latents: " + source + " takes vectors of " + metadata.latentSize()
                    + " floats, found " + z.size() + " (draw them with generator.latents(n, seed))");
        }
    }

    /**
     * Native memory one batch may take while ONNX Runtime runs it, bytes: 2 GiB. A batch asked for beyond it is run
     * as several ({@code --batch-size 65536} of a 28x28 model reached 21 GB and was killed by the kernel: re-test).
     */
    static final long BATCH_MEMORY = 2L << 30;

    /**
     * The batch size runs use: {@link Options#batchSize()}, capped so that a batch's working memory stays under {@link
     * #BATCH_MEMORY}, counted as 64 times its output in float32 (measured peaks: 52 times for a 28x28 DCGAN, 13 times
     * for a 64x64 one). Images never depend on it.
     */
    int batchSize() {
        long perImage = 64L * 4 * metadata.channels() * metadata.height() * metadata.width();
        return (int) Math.max(1, Math.min(options.batchSize(), BATCH_MEMORY / perImage));
    }

    /**
     * {@code n} images for {@code seed} as a lazy sequence of batches of at most the options' batch size, so that
     * any number of images can be drawn in bounded memory. The images are those of {@code sample(n, seed)} (image
     * {@code k} uses latent vector {@code k}; a conditional model takes the classes in turn).
     *
     * <pre>{@code
     * for (Images batch : g.batches(1_000_000, 7L)) { ... }     // 64 images at a time
     * }</pre>
     */
    public Iterable<Images> batches(long n, long seed) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of images: expected at least 1, found " + n);
        }
        int batch = batchSize();
        return () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Images next() {
                if (next >= n) {
                    throw new NoSuchElementException("all " + n + " images have been drawn");
                }
                int m = (int) Math.min(batch, n - next);
                Latents z = Latents.sample(m, metadata.latentSize(), seed, metadata.latentPrior(), next);
                try {
                    Images out = generate(z.data(), defaultLabels(next, m), m);
                    next += m;
                    return out;
                } catch (ModelException e) {
                    throw new UncheckedModelException(e);
                }
            }
        };
    }

    /**
     * {@code n} images of class {@code label} for {@code seed}.
     *
     * @throws IllegalArgumentException when the model is unconditional or the label is out of range
     */
    public Images sample(int n, long seed, int label) throws ModelException {
        checkCount(n);
        requireConditional();
        checkLabel(label);
        int[] labels = new int[n];
        Arrays.fill(labels, label);
        return generate(latents(n, seed).data(), labels, n);
    }

    /** One image per label for {@code seed}: image k has label {@code labels[k]} and latent vector k. */
    public Images sample(int[] labels, long seed) throws ModelException {
        checkCount(labels.length);
        requireConditional();
        return generate(latents(labels.length, seed).data(), labels, labels.length);
    }

    /**
     * Runs the generator on explicit latent vectors.
     *
     * @param z {@code n * latentSize} floats, row-major
     */
    public Images generate(float[] z, int n) throws ModelException {
        if (isConditional()) {
            throw new IllegalArgumentException(
                    source + " is conditional: give a label per image (classes " + classes + ")");
        }
        return generate(z, null, n);
    }

    /**
     * Runs a conditional generator on explicit latent vectors and labels ({@code labels} is {@code null} for an
     * unconditional one). Every {@code generate} and {@code sample} method ends here.
     *
     * @throws NonFiniteOutputException when the model draws NaN or infinite values in any image (none is returned);
     *     values outside the range are counted ({@link #outOfRangeValues()}) and clipped when shown
     * @throws IllegalArgumentException when a latent value is not finite, or the counts do not match
     */
    public Images generate(float[] z, int[] labels, int n) throws ModelException {
        checkCount(n);
        if (labels != null) {
            requireConditional();
            if (labels.length != n) {
                throw new IllegalArgumentException("labels: expected " + n + ", found " + labels.length);
            }
            for (int l : labels) {
                checkLabel(l);
            }
        }
        int latent = metadata.latentSize();
        if (z.length != (long) n * latent) {
            throw new IllegalArgumentException(
                    "z: expected " + n + " x " + latent + " = " + ((long) n * latent) + " floats, found " + z.length);
        }
        for (int i = 0; i < z.length; i++) {
            if (!Float.isFinite(z[i])) {
                throw new IllegalArgumentException("z: value " + z[i] + " at index " + i + " (image " + (i / latent)
                        + "): latent vectors must be finite");
            }
        }
        checkOpen();
        int size = metadata.channels() * metadata.height() * metadata.width();
        float[] out = new float[n * size];
        int batch = batchSize();
        for (int start = 0; start < n; start += batch) {
            try (RunGate.Permit permit = gate.enter()) {
                runner.run(z, labels, out, start, Math.min(batch, n - start));
            }
        }
        checkOutput(out, n, size);
        return new Images(
                out,
                n,
                metadata.channels(),
                metadata.height(),
                metadata.width(),
                metadata.minValue(),
                metadata.maxValue());
    }

    /**
     * Refuses images that hold NaN or infinite values ({@link NonFiniteOutputException}) and counts the values outside
     * the metadata's range by more than a thousandth of it (tanh's rounding stays inside; anything further is a model
     * that does not keep its promise, and is clipped when shown).
     */
    private void checkOutput(float[] out, int n, int size) throws NonFiniteOutputException {
        float lo = metadata.minValue();
        float hi = metadata.maxValue();
        float slack = (hi - lo) * 1e-3f;
        lo -= slack;
        hi += slack;
        long[] bad = null;
        int badImages = 0;
        long nonFinite = 0;
        long outside = 0;
        for (int i = 0; i < n; i++) {
            long here = 0;
            for (int j = i * size, end = j + size; j < end; j++) {
                float v = out[j];
                if (!(v >= lo && v <= hi)) { // NaN fails both comparisons
                    if (Float.isFinite(v)) {
                        outside++;
                    } else {
                        here++;
                    }
                }
            }
            if (here > 0) {
                if (bad == null) {
                    bad = new long[n];
                }
                bad[badImages++] = i;
                nonFinite += here;
            }
        }
        valuesDrawn.addAndGet((long) n * size);
        outOfRange.addAndGet(outside);
        if (bad != null) {
            throw new NonFiniteOutputException(source, Arrays.copyOf(bad, badImages), nonFinite, n);
        }
    }

    /**
     * How many values this generator has drawn outside its metadata's range ({@link ModelMetadata#minValue()} ..
     * {@link ModelMetadata#maxValue()}, with a slack of a thousandth of it) since it was loaded: they are clipped to
     * the range when shown as pixels. 0 for a model that keeps its promise (a final tanh).
     */
    public long outOfRangeValues() {
        return outOfRange.get();
    }

    /** How many values (images x channels x height x width) this generator has drawn since it was loaded. */
    public long valuesDrawn() {
        return valuesDrawn.get();
    }

    private void requireConditional() {
        if (!isConditional()) {
            throw new IllegalArgumentException(source + " is unconditional: it takes no label");
        }
    }

    private void checkLabel(int label) {
        if (label < 0 || label >= classes.size()) {
            throw new IllegalArgumentException("label " + label + " is out of range: " + source + " has "
                    + classes.size() + " classes, 0.." + (classes.size() - 1) + " = " + classes);
        }
    }

    /**
     * Refuses, before anything is allocated, a count whose latents or images do not fit in one Java array or in the
     * memory this JVM may still take (all in long arithmetic).
     */
    private void checkCount(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("number of images: expected at least 1, found " + n);
        }
        long size = (long) metadata.channels() * metadata.height() * metadata.width();
        long latents = (long) n * metadata.latentSize();
        long floats = n * size;
        String images = n + " images of " + metadata.channels() + "x" + metadata.height() + "x" + metadata.width();
        if (floats > MAX_ARRAY || latents > MAX_ARRAY) {
            throw new IllegalArgumentException("number of images: " + images + " (latent size " + metadata.latentSize()
                    + ") do not fit in one array (at most " + MAX_ARRAY + " values); sample in smaller batches, or"
                    + " stream them with batches(n, seed) (CLI: ganzoo render)");
        }
        // the latents and the images as floats, and 8-bit pixels for a picture of them
        long bytes = latents * 4 + floats * 4 + floats + (long) n * 8;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > available) {
            throw new IllegalArgumentException("number of images: " + images + " need about " + (bytes >> 20)
                    + " MB at once, and this JVM can take about " + (available >> 20)
                    + " MB more; sample fewer at a time,"
                    + " stream them with batches(n, seed) (CLI: ganzoo render, which writes as it goes), or give Java"
                    + " more memory (-Xmx)");
        }
    }

    private void checkOpen() {
        if (gate.isClosed()) {
            throw new IllegalStateException("this Generator (" + source + ") is closed");
        }
    }

    /**
     * Frees the native sessions. New runs are refused at once ({@link IllegalStateException} in the threads that try);
     * runs in flight in other threads finish first. Idempotent.
     *
     * @throws IllegalStateException when called by a thread that is inside a run of this generator
     */
    @Override
    public void close() throws ModelException {
        gate.close(runner::close);
    }
}
