package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ganzoo.zoo.Zoo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private final OrtSession session;
    private final ModelMetadata metadata;
    private final Options options;
    private final String source;
    private final List<String> classes;
    private final Device device;
    /** Why the CPU runs this model although CUDA was asked for, or {@code null}. */
    private final String cpuFallbackReason;
    /** Parts each batch is split into, run at once (one ONNX Runtime thread each); 1 runs batches whole. */
    private final int runs;
    /** Runs parts 2..runs of a batch (the calling thread runs the first); {@code null} when {@code runs == 1}. */
    private final java.util.concurrent.ExecutorService workers;
    /** The model file, kept while batches are split, to open {@link #whole} on first need. */
    private final byte[] model;
    /**
     * A second session with ONNX Runtime's own {@code runs} threads, for batches too small to split (fewer than
     * 2 images per thread, e.g. one image): opened on first use.
     */
    private volatile OrtSession whole;
    /** Runs enter it per batch; close() waits for them before freeing the sessions. */
    private final RunGate gate;

    private Generator(OrtSession session, ModelMetadata metadata, Options options, String source, Device device, int runs,
                      byte[] model, String cpuFallbackReason) {
        this.session = session;
        this.cpuFallbackReason = cpuFallbackReason;
        this.model = runs > 1 ? model : null;
        this.device = device;
        this.metadata = metadata;
        this.options = options;
        this.source = source;
        this.classes = metadata.classes();
        this.runs = runs;
        this.gate = new RunGate("this Generator (" + source + ")");
        this.workers = runs > 1 ? java.util.concurrent.Executors.newFixedThreadPool(runs - 1, r -> {
            Thread t = new Thread(r, "ganzoo-sampler");
            t.setDaemon(true);
            return t;
        }) : null;
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
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(options, "options");
        if (isPath(ref)) {
            return load(java.nio.file.Paths.get(ref), options);
        }
        Zoo.Fetched f = fetch(ref);
        return create(f.bytes(), options, f.entry().id());
    }

    /** Loads a generator from an ONNX file. */
    public static Generator load(Path file) throws ModelException {
        return load(file, Options.defaults());
    }

    /** {@link #load(Path)} with options. */
    public static Generator load(Path file, Options options) throws ModelException {
        return create(read(file), options, file.toString());
    }

    /**
     * The bytes of a model as {@link #load(String)} reads them: a zoo model's verified file, or the file {@code ref}
     * names (the same rule tells them apart).
     *
     * @throws ModelException when the model is unknown, fails its checksum, or the file cannot be read
     */
    public static byte[] modelBytes(String ref) throws ModelException {
        Objects.requireNonNull(ref, "ref");
        return isPath(ref) ? read(java.nio.file.Paths.get(ref)) : fetch(ref).bytes();
    }

    /** The bytes of a model file, with a clear error when it is missing or unreadable. */
    static byte[] read(Path file) throws ModelException {
        if (!Files.exists(file)) {
            throw new ModelException(Reason.NOT_FOUND, "model file not found: " + file.toAbsolutePath()
                    + ". Give an existing .onnx file or a zoo name such as fashion-dcgan.");
        }
        if (!Files.isRegularFile(file)) {            // a folder, FIFO, socket or device: reading would fail or wait
            throw new ModelException(Reason.MALFORMED, "not a model file: " + file.toAbsolutePath() + " is " + (Files.isDirectory(file)
                    ? "a folder" : "not a regular file (a FIFO, socket or device)") + ". Give an .onnx file.");
        }
        try {
            return Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new ModelException(Reason.ACCESS, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A session and the device it runs on (the CPU when CUDA was asked for and the fallback was taken). */
    record Opened(OrtSession session, Device device, String fallback) {
    }

    private static boolean telemetryOff;

    /**
     * ONNX Runtime's environment with its telemetry switched off ({@code setTelemetry(false)}). The pinned ONNX Runtime
     * (1.28.0) sends none on Linux anyway; this asks the same of a Windows build or of a version an application swaps
     * in. 1.29.0 ignored the request: NativeRuntimeGuardTest watches for that.
     */
    private static synchronized OrtEnvironment privateEnvironment() throws ModelException {
        checkRuntimeVersion(OrtEnvironment.class.getPackage().getImplementationVersion(),
                OrtEnvironment.class.getProtectionDomain().getCodeSource() == null ? "the classpath"
                        : String.valueOf(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        if (!telemetryOff) {
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                throw new ModelException(Reason.RUNTIME, "could not turn ONNX Runtime's telemetry off: " + e.getMessage(), e);
            }
            telemetryOff = true;
        }
        return env;
    }

    /**
     * Refuses ONNX Runtime 1.29.x, read from its jar's manifest before any native code runs: it kills the JVM when the
     * process's command line is longer than about 3,980 bytes and sends telemetry that setTelemetry(false) does not
     * stop. ganzoo pins 1.28.0; an application whose build resolves 1.29.x is told here instead of crashing or
     * phoning home. An unknown version (no manifest, as on Android) passes.
     */
    static void checkRuntimeVersion(String version, String where) throws ModelException {
        if (version != null && version.startsWith("1.29.")) {
            throw new ModelException(Reason.UNSUPPORTED, "ONNX Runtime " + version + " is on the classpath (" + where + "): it crashes"
                    + " the JVM when the command line is long and sends telemetry even when asked not to"
                    + " (microsoft/onnxruntime#32173, #32501). ganzoo needs com.microsoft.onnxruntime 1.28.0: pin that"
                    + " version in your build.");
        }
    }

    /** Opens an ONNX Runtime session on {@code model} as {@code options} say; shared with {@link Classifier}. */
    static Opened open(byte[] model, Options options, String source) throws ModelException {
        return open(model, options, options.intraOpThreads(), source);
    }

    /** {@link #open(byte[], Options, String)} with {@code intraOpThreads} ONNX Runtime threads (0: its default). */
    static Opened open(byte[] model, Options options, int intraOpThreads, String source) throws ModelException {
        String external;
        try {
            external = ExternalData.find(model);
        } catch (ExternalData.Unreadable e) {
            throw new ModelException(Reason.MALFORMED, source + " is not a valid ONNX model: its bytes are not a complete ONNX protobuf ("
                    + e.getMessage() + "). Give a .onnx file exported by ganzoo-trainer, or a zoo name.");
        }
        if (external != null) {
            throw new ModelException(Reason.UNSUPPORTED, source + " keeps tensor values in another file ('" + external + "', ONNX's"
                    + " external data format). ganzoo loads only self-contained models, whose verified file is all they"
                    + " read, never a file beside them or in the working directory; re-save the model with its weights"
                    + " inside (onnx.save_model(m, path, save_as_external_data=False)).");
        }
        OrtEnvironment env = privateEnvironment();
        Device device = options.device();
        String fallback = null;
        if (device.isCuda()) {
            String missing = cudaMissing(device);
            if (missing != null) {
                if (!options.cpuFallback()) {
                    throw new ModelException(Reason.DEVICE, missing + " To run on the CPU instead, choose the CPU device or allow"
                            + " the fallback (Options.builder().optCpuFallback(true); CLI: --device cpu).");
                }
                fallback = missing;
                device = Device.cpu();
            }
        }
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                so.setIntraOpNumThreads(intraOpThreads);
            }
            if (device.isCuda()) {
                so.addCUDA(device.id());
            }
            return new Opened(env.createSession(model, so), device, fallback);
        } catch (OrtException e) {
            throw new ModelException(Reason.MALFORMED, source + " is not a valid ONNX model: " + e.getMessage(), e);
        }
    }

    /** Whether a model reference names a file ({@code .onnx}, or with a folder) rather than a zoo model. */
    static boolean isPath(String ref) {
        return ref.endsWith(".onnx") || ref.contains("/") || ref.contains("\\");
    }

    /** The verified bytes of a zoo model, and its {@code name@version}. */
    static Zoo.Fetched fetch(String ref) throws ModelException {
        try {
            return Zoo.configured().fetch(ref);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (or give the path of an .onnx file)", e);
        }
    }

    private static Generator create(byte[] model, Options options, String source) throws ModelException {
        int runs = options.device().isCuda() || options.intraOpThreads() > 0 ? 1
                : options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        Opened o = open(model, options, runs > 1 ? 1 : options.intraOpThreads(), source);
        OrtSession session = o.session();
        Device device = o.device();
        try {
            ModelMetadata md = ModelMetadata.parse(session.getMetadata().getCustomMetadata(), source);
            int fixedBatch = checkSignature(session, md, source);
            return new Generator(session, md, fixedBatch == 1 ? options.withBatchSize(1) : options, source, device, runs,
                    model, o.fallback());
        } catch (OrtException | ModelException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof ModelException ge) {
                throw ge;
            }
            throw new ModelException(Reason.MALFORMED, source + ": cannot read the model's inputs and outputs: " + e.getMessage(), e);
        }
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
        if (z == null || image == null || !(z.getInfo() instanceof TensorInfo zi)
                || !(image.getInfo() instanceof TensorInfo ii)) {
            throw new ModelException(Reason.MALFORMED, source + " is not a ganzoo generator: expected a tensor input '" + ModelFormat.LATENT_INPUT
                    + "' and a tensor output '" + ModelFormat.IMAGE_OUTPUT + "', found inputs " + in.keySet() + " and outputs " + out.keySet());
        }
        long[] zs = zi.getShape();
        if (zs.length != 2 || (zs[1] > 0 && zs[1] != md.latentSize())) {
            throw new ModelException(Reason.MALFORMED, source + ": input '" + ModelFormat.LATENT_INPUT + "' must be [batch, " + md.latentSize()
                    + "] as the metadata says, found " + java.util.Arrays.toString(zs));
        }
        boolean hasLabel = in.containsKey(ModelFormat.LABEL_INPUT);
        if (hasLabel != !md.classes().isEmpty()) {
            throw new ModelException(Reason.MALFORMED, source + ": a conditional generator has both a '" + ModelFormat.LABEL_INPUT + "' input and class names"
                    + " in its metadata ('" + ModelFormat.CLASSES + "'); this file has " + (hasLabel ? "the input only"
                    : "the class names only"));
        }
        if (ii.getShape().length != 4) {
            throw new ModelException(Reason.MALFORMED, source + ": output '" + ModelFormat.IMAGE_OUTPUT + "' must be [batch, C, H, W], found "
                    + java.util.Arrays.toString(ii.getShape()));
        }
        if (zs[0] > 1) {
            throw new ModelException(Reason.UNSUPPORTED, source + ": input '" + ModelFormat.LATENT_INPUT + "' has its batch axis fixed at " + zs[0] + " ("
                    + java.util.Arrays.toString(zs) + "); ganzoo runs generators whose batch axis is free, or fixed at 1"
                    + " (one image per run). Export it with a free batch axis ('ganzoo-trainer export' does).");
        }
        return zs[0] == 1 ? 1 : 0;
    }

    /**
     * Why CUDA device {@code d} cannot be used, or {@code null} when it can: this ONNX Runtime must have been built
     * with CUDA, and CUDA must start on that device.
     */
    private static String cudaMissing(Device d) {
        if (!OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA)) {
            return "CUDA was asked for (" + d + ") but the ONNX Runtime on the classpath is the CPU build (providers: "
                    + OrtEnvironment.getAvailableProviders() + "). Use com.microsoft.onnxruntime:onnxruntime_gpu instead"
                    + " of onnxruntime (Maven: -Pgpu) on a host with CUDA 12 and cuDNN 9.";
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(d.id());
            return null;
        } catch (OrtException e) {
            return "CUDA was asked for (" + d + ") but could not start: " + e.getMessage()
                    + ". Check the GPU number, the driver, CUDA 12 and cuDNN 9.";
        }
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
     * The label of a class given by name (case-insensitive) or by index.
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
        try {
            int i = Integer.parseInt(nameOrIndex.trim());
            checkLabel(i);
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("label '" + nameOrIndex + "': " + source + " has no such class; expected an"
                    + " index 0.." + (classes.size() - 1) + " or one of " + classes, e);
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
        if (!isConditional()) {
            return null;
        }
        // A conditional model asked for no class draws the classes in turn: image k has label k mod classes.
        int[] labels = new int[n];
        for (int k = 0; k < n; k++) {
            labels[k] = (int) ((first + k) % classes.size());
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
            java.util.Arrays.fill(l, labels[0]);
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
        int batch = options.batchSize();
        return () -> new java.util.Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Images next() {
                if (next >= n) {
                    throw new java.util.NoSuchElementException("all " + n + " images have been drawn");
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
        java.util.Arrays.fill(labels, label);
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
            throw new IllegalArgumentException(source + " is conditional: give a label per image (classes " + classes + ")");
        }
        return generate(z, null, n);
    }

    /**
     * Runs a conditional generator on explicit latent vectors and labels ({@code labels} is {@code null} for an
     * unconditional one).
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
            throw new IllegalArgumentException("z: expected " + n + " x " + latent + " = " + ((long) n * latent)
                    + " floats, found " + z.length);
        }
        checkOpen();
        int size = metadata.channels() * metadata.height() * metadata.width();
        float[] out = new float[n * size];
        int batch = options.batchSize();
        for (int start = 0; start < n; start += batch) {
            try (RunGate.Permit permit = gate.enter()) {
                generateBatch(z, labels, out, start, Math.min(batch, n - start));
            }
        }
        return new Images(out, n, metadata.channels(), metadata.height(), metadata.width(), metadata.minValue(),
                metadata.maxValue());
    }

    /** Images {@code start .. start + m - 1}, split across the threads; the caller holds a permit of the gate. */
    private void generateBatch(float[] z, int[] labels, float[] out, int start, int m) throws ModelException {
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
            java.util.List<java.util.concurrent.Future<?>> pending = new java.util.ArrayList<>(parts - 1);
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
            for (java.util.concurrent.Future<?> f : pending) {
                while (true) {
                    try {
                        f.get();
                        break;
                    } catch (java.util.concurrent.ExecutionException e) {
                        ModelException g = e.getCause() instanceof ModelException ge ? ge
                                : new ModelException(Reason.RUNTIME, source + ": sampling failed: " + e.getCause(), e.getCause());
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
                    w = open(model, options, runs, source).session();
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
        FloatBuffer in = ByteBuffer.allocateDirect(count * latent * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        in.put(z, from * latent, count * latent);
        in.flip();
        try (OnnxTensor t = OnnxTensor.createTensor(env, in, new long[] {count, latent});
             OnnxTensor lt = labels == null ? null : OnnxTensor.createTensor(env,
                     LongBuffer.wrap(toLongs(labels, from, count)), new long[] {count});
             OrtSession.Result r = session.run(lt == null ? Map.of(ModelFormat.LATENT_INPUT, t) : Map.of(ModelFormat.LATENT_INPUT, t, ModelFormat.LABEL_INPUT, lt))) {
            OnnxValue v = r.get(ModelFormat.IMAGE_OUTPUT).orElseThrow();
            FloatBuffer fb = ((OnnxTensor) v).getFloatBuffer();
            if (fb.remaining() != count * size) {
                throw new ModelException(Reason.MALFORMED, source + ": output '" + ModelFormat.IMAGE_OUTPUT + "' has " + fb.remaining()
                        + " values for " + count + " images, expected " + (count * size) + " (" + metadata.channels()
                        + "x" + metadata.height() + "x" + metadata.width() + " each, as the metadata says)");
            }
            fb.get(out, from * size, count * size);
        } catch (OrtException e) {
            throw new ModelException(Reason.RUNTIME, source + ": ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private static long[] toLongs(int[] a, int from, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = a[from + i];
        }
        return out;
    }

    private void requireConditional() {
        if (!isConditional()) {
            throw new IllegalArgumentException(source + " is unconditional: it takes no label");
        }
    }

    private void checkLabel(int label) {
        if (label < 0 || label >= classes.size()) {
            throw new IllegalArgumentException("label " + label + " is out of range: " + source + " has " + classes.size()
                    + " classes, 0.." + (classes.size() - 1) + " = " + classes);
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
                    + " MB at once, and this JVM can take about " + (available >> 20) + " MB more; sample fewer at a time,"
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
        gate.close(() -> {
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
        });
    }

    /**
     * How a generator runs. Immutable; build with {@link #builder()}.
     */
    public static final class Options {
        /**
         * Most threads a generator may use: 8 per core. More only adds contention (1,000 threads took 70 s for 4
         * images on 2 cores; 100,000 never finished).
         */
        public static final int MAX_THREADS_PER_CORE = 8;
        /** Largest batch size. */
        public static final int MAX_BATCH = 65_536;
        private static final Options DEFAULTS = builder().build();

        static void checkThreads(String what, int threads) {
            int max = MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
            if (threads < 0 || threads > max) {
                throw new IllegalArgumentException(what + ": expected 0 (one per core) to " + max + " ("
                        + MAX_THREADS_PER_CORE + " per core on this machine's " + Runtime.getRuntime().availableProcessors()
                        + "), found " + threads);
            }
        }
        private final int intraOpThreads;
        private final int threads;
        private final int batchSize;
        private final Device device;
        private final boolean cpuFallback;

        private Options(Builder b) {
            this.intraOpThreads = b.intraOpThreads;
            this.threads = b.threads;
            this.batchSize = b.batchSize;
            this.device = b.device;
            this.cpuFallback = b.cpuFallback;
        }

        /** These options with another batch size (for models whose batch axis is fixed at 1). */
        Options withBatchSize(int size) {
            Builder b = new Builder();
            b.intraOpThreads = intraOpThreads;
            b.threads = threads;
            b.batchSize = size;
            b.device = device;
            b.cpuFallback = cpuFallback;
            return new Options(b);
        }

        /** One thread per core, batches of 64, the CPU. */
        public static Options defaults() {
            return DEFAULTS;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** ONNX Runtime intra-op threads of a single run per batch; 0 when batches are split instead (the default). */
        public int intraOpThreads() {
            return intraOpThreads;
        }

        /** Threads a batch is split across, one ONNX Runtime thread each; 0 for one per core. */
        public int threads() {
            return threads;
        }

        /** Images per ONNX Runtime call. */
        public int batchSize() {
            return batchSize;
        }

        /** The device asked for. */
        public Device device() {
            return device;
        }

        /** Whether a CUDA device that cannot be used falls back to the CPU instead of failing. */
        public boolean cpuFallback() {
            return cpuFallback;
        }

        /** Builder of {@link Options}. */
        public static final class Builder {
            private int intraOpThreads;
            private int threads;
            private int batchSize = 64;
            private Device device = Device.cpu();
            private boolean cpuFallback;

            private Builder() {
            }

            /**
             * CPU threads to sample with (default 0: one per core). Each batch is split into that many parts, run at
             * once with one ONNX Runtime thread each: images do not depend on each other, and on the benchmark
             * machine this drew 1.2x to 1.6x more images per second than one run with ONNX Runtime's own threads
             * (docs/performance.md). Batches of fewer than two images per thread (one image, say) run whole, with
             * ONNX Runtime's own threads, which is faster there. Pixels are the same either way.
             */
            public Builder optThreads(int threads) {
                checkThreads("threads", threads);
                this.threads = threads;
                return this;
            }

            /**
             * Runs each batch whole, parallelised inside ONNX Runtime with this many intra-op threads, instead of
             * splitting it ({@link #optThreads}). 0 (the default) splits.
             */
            public Builder optIntraOpThreads(int threads) {
                checkThreads("intra-op threads", threads);
                this.intraOpThreads = threads;
                return this;
            }

            /** Images per ONNX Runtime call (default 64). */
            public Builder optBatchSize(int batchSize) {
                if (batchSize <= 0 || batchSize > MAX_BATCH) {
                    throw new IllegalArgumentException("batch size: expected 1.." + MAX_BATCH + ", found " + batchSize);
                }
                this.batchSize = batchSize;
                return this;
            }

            /** The device to run on (default: the CPU). */
            public Builder optDevice(Device device) {
                this.device = Objects.requireNonNull(device, "device");
                return this;
            }

            /**
             * When a CUDA device is asked for and cannot be used, run on the CPU instead of failing (default: fail).
             * {@link Generator#device()} tells which was taken.
             */
            public Builder optCpuFallback(boolean fallback) {
                this.cpuFallback = fallback;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
