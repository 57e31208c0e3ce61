package io.ganzoo.sdk;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Objects;

/**
 * Reference to running session, for {@link Generator} and {@link Classifier} alike: a zoo reference or a file path
 * becomes verified bytes ({@link #resolve}), the bytes an ONNX Runtime session on a device ({@link #open}), and the
 * session a model object, or nothing left open when its checks fail ({@link #build}).
 */
final class ModelLoader {
    private ModelLoader() {}

    /** A model's bytes (verified when they come from the zoo) and where they came from: {@code name@version} or a path. */
    /**
     * A model's bytes, what messages call it, and their SHA-256 (the verified index entry's for a zoo model; computed
     * once otherwise).
     */
    record Source(byte[] bytes, String name, String sha256, ModelFormat.Kind listedKind) {
        Source(byte[] bytes, String name) {
            this(bytes, name, Zoo.sha256(bytes));
        }

        Source(byte[] bytes, String name, String sha256) {
            this(bytes, name, sha256, null);
        }
    }

    /** What a model class makes of an open session; throws to refuse it (the session is then closed). */
    interface Builder<T> {
        T build(Opened opened) throws OrtException, ModelException;
    }

    /**
     * The bytes of a model: a zoo model's verified file ({@code name}, {@code name@version}), or, when {@code ref}
     * names a file ({@link #isPath}), that file. {@code kind} (or null) is what the caller loads: a name not found is
     * told of the missing artifacts of that kind only.
     *
     * @throws ModelException when the model is unknown, fails its checksum, or the file cannot be read
     */
    static Source resolve(String ref, ModelFormat.Kind kind) throws ModelException {
        return resolve(ref, kind, null);
    }

    /** {@link #resolve(String, ModelFormat.Kind)} in {@code zoo} ({@link Zoo#configured()} when null). */
    static Source resolve(String ref, ModelFormat.Kind kind, Zoo zoo) throws ModelException {
        Objects.requireNonNull(ref, "ref");
        if (isPath(ref)) {
            return resolve(Paths.get(ref));
        }
        Zoo.Fetched f = fetch(ref, kind, zoo);
        // verified against the entry's SHA-256 by the zoo; the kind the index lists is checked against the file's
        return new Source(
                f.bytes(), f.entry().id(), f.entry().sha256(), f.entry().modelKind());
    }

    /**
     * The bytes' SHA-256; refuses {@code model} when {@code sha256} is given and that is another.
     *
     * @throws IllegalArgumentException when {@code sha256} is not 64 hex digits
     */
    static String checkSha256(byte[] model, String name, String sha256) throws ModelException {
        String actual = Zoo.sha256(model);
        if (sha256 == null) {
            return actual;
        }
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("sha256: expected 64 hex digits (a SHA-256), found '" + sha256 + "'");
        }
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new ModelException(
                    Reason.CHECKSUM,
                    name + " failed its checksum: its " + model.length + " bytes have SHA-256 " + actual
                            + ", expected " + sha256.toLowerCase(java.util.Locale.ROOT)
                            + ". The bytes are not the model they should be (cut short or altered on the way):"
                            + " fetch them again.");
        }
        return actual;
    }

    /** Every byte of {@code in}, or the reason it cannot be read. */
    static byte[] readAll(java.io.InputStream in, String name) throws ModelException {
        Objects.requireNonNull(in, "in");
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) { // no readAllBytes on Android API 26
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ModelException(Reason.ACCESS, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a model file. */
    static Source resolve(Path file) throws ModelException {
        return new Source(read(file), file.toString());
    }

    /**
     * Opens {@code source} and hands the session to {@code builder}; when the builder fails, the session is closed and
     * any failure that is not a {@link ModelException} is reported as {@link Reason#MALFORMED} ("cannot read the
     * {@code what}'s inputs and outputs").
     */
    static <T> T build(Source source, Options options, int intraOpThreads, String what, Builder<T> builder)
            throws ModelException {
        Opened o = open(source.bytes(), options, intraOpThreads, source.name(), source.listedKind());
        try {
            return builder.build(o);
        } catch (OrtException | ModelException | RuntimeException e) {
            try {
                o.session().close();
            } catch (OrtException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof ModelException me) {
                throw me;
            }
            throw new ModelException(
                    Reason.MALFORMED,
                    source.name() + ": cannot read the " + what + "'s inputs and outputs: " + e.getMessage(),
                    e);
        }
    }

    /** The bytes of a model file, with a clear error when it is missing or unreadable. */
    static byte[] read(Path file) throws ModelException {
        if (!Files.exists(file)) {
            throw new ModelException(
                    Reason.NOT_FOUND,
                    "model file not found: " + file.toAbsolutePath()
                            + ". Give an existing .onnx file or a zoo name such as fashion-dcgan.");
        }
        if (!Files.isRegularFile(file)) { // a folder, FIFO, socket or device: reading would fail or wait
            throw new ModelException(
                    Reason.MALFORMED,
                    "not a model file: " + file.toAbsolutePath() + " is "
                            + (Files.isDirectory(file) ? "a folder" : "not a regular file (a FIFO, socket or device)")
                            + ". Give an .onnx file.");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(Reason.ACCESS, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A session and the device it runs on (the CPU when CUDA was asked for and the fallback was taken). */
    record Opened(OrtSession session, Device device, String fallback) {}

    private static boolean telemetryOff;

    /**
     * ONNX Runtime's environment with its telemetry switched off ({@code setTelemetry(false)}). The pinned ONNX Runtime
     * (1.28.0) sends none on Linux anyway; this asks the same of a Windows build or of a version an application swaps
     * in. 1.29.0 ignored the request: NativeRuntimeGuardTest watches for that.
     */
    /**
     * Starts ONNX Runtime (its libraries and environment) and reads the index of the models on the class path, so
     * that a load soon after spends no time on them; what fails is left for that load to say.
     */
    static void warmUp() {
        try {
            NativeRuntime.require();
            privateEnvironment();
            new io.ganzoo.zoo.EmbeddedRepository().index();
        } catch (ModelException | RuntimeException | LinkageError e) {
            // the load that follows meets the same failure and reports it
        }
    }

    private static synchronized OrtEnvironment privateEnvironment() throws ModelException {
        Package p = OrtEnvironment.class.getPackage();
        checkRuntimeVersion(p == null ? null : p.getImplementationVersion(), runtimeLocation());
        // errors only: ONNX Runtime's warnings (an unused initializer it removes, thread affinity in a container)
        // reached the terminal as coloured lines with C++ source locations; ganzoo says what matters itself
        OrtEnvironment env = NativeRuntime.start(
                () -> OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "ganzoo"));
        if (!telemetryOff) {
            try {
                env.setTelemetry(false);
            } catch (OrtException e) {
                throw new ModelException(
                        Reason.RUNTIME, "could not turn ONNX Runtime's telemetry off: " + e.getMessage(), e);
            }
            telemetryOff = true;
        }
        return env;
    }

    /** Where ONNX Runtime's classes come from, for messages; Android has no protection domains (null there). */
    private static String runtimeLocation() {
        ProtectionDomain d = OrtEnvironment.class.getProtectionDomain();
        return d == null || d.getCodeSource() == null
                ? "the classpath"
                : String.valueOf(d.getCodeSource().getLocation());
    }

    /**
     * Refuses ONNX Runtime 1.29.x, read from its jar's manifest before any native code runs: it kills the JVM when the
     * process's command line is longer than about 3,980 bytes and sends telemetry that setTelemetry(false) does not
     * stop. ganzoo pins 1.28.0; an application whose build resolves 1.29.x is told here instead of crashing or
     * phoning home. An unknown version (no manifest, as on Android) passes.
     */
    static void checkRuntimeVersion(String version, String where) throws ModelException {
        if (version != null && version.startsWith("1.29.")) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    "ONNX Runtime " + version + " is on the classpath (" + where + "): it crashes"
                            + " the JVM when the command line is long and sends telemetry even when asked not to"
                            + " (microsoft/onnxruntime#32173, #32501). ganzoo needs com.microsoft.onnxruntime 1.28.0: pin that"
                            + " version in your build.");
        }
    }

    /** Opens an ONNX Runtime session on {@code model} as {@code options} say. */
    static Opened open(byte[] model, Options options, String source) throws ModelException {
        return open(model, options, options.intraOpThreads(), source);
    }

    /** {@link #open(byte[], Options, String)} with {@code intraOpThreads} ONNX Runtime threads (0: its default). */
    static Opened open(byte[] model, Options options, int intraOpThreads, String source) throws ModelException {
        return open(model, options, intraOpThreads, source, null);
    }

    /**
     * {@link #open(byte[], Options, int, String)} of a model its repository's index lists as {@code listedKind} (null:
     * not from an index): a file of another kind is refused before ONNX Runtime starts (re-test: a generator listed as
     * a classifier loaded and sampled; an index is what {@code zoo list} shows and what tools select by).
     */
    private static Opened open(
            byte[] model, Options options, int intraOpThreads, String source, ModelFormat.Kind listedKind)
            throws ModelException {
        ModelScan.Scan scan = check(model, source);
        if (listedKind != null && !scan.metadata().isEmpty()) {
            ModelFormat.Kind actual = ModelFormat.kindOf(scan.metadata());
            if (actual != listedKind) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + " is listed in its repository's index as a " + listedKind.wireName()
                                + ", but its file is a " + actual.wireName() + " (its " + ModelFormat.KIND
                                + " metadata): the index is wrong. Its publisher must correct the entry's \"kind\"");
            }
        }
        OrtEnvironment env = privateEnvironment();
        Device device = options.device();
        String fallback = null;
        if (device.isCuda()) {
            String missing = cudaMissing(device);
            if (missing != null) {
                if (!options.cpuFallback()) {
                    throw new ModelException(
                            Reason.DEVICE,
                            missing + " To run on the CPU instead, choose the CPU device (CLI: --device cpu) or allow"
                                    + " the fallback (Options.builder().optCpuFallback(true); CLI: --cpu-fallback).");
                }
                fallback = missing;
                device = Device.cpu();
            }
        }
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            if (intraOpThreads > 0) {
                so.setIntraOpNumThreads(intraOpThreads);
            }
            // one operator at a time: no inter-op pool beside the intra-op one, so the threads asked for are all
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setInterOpNumThreads(1);
            if (device.isCuda()) {
                so.addCUDA(device.id());
            }
            return new Opened(env.createSession(model, so), device, fallback);
        } catch (OrtException e) {
            throw new ModelException(
                    Reason.MALFORMED, source + " is not a valid ONNX model: " + NativeRuntime.reason(e), e);
        }
    }

    /** The newest ONNX IR version ONNX Runtime 1.28 (the version ganzoo pins) reads; measured, see NewerProducerTest. */
    static final long MAX_IR_VERSION = 13;
    /** The newest default-domain opset ONNX Runtime 1.28 reads; measured, see ModelContractTest. */
    static final long MAX_OPSET = 26;
    /**
     * The newest version of each other operator set ONNX Runtime 1.28 knows and refuses beyond (measured, see
     * ModelContractTest); a ganzoo model uses none of their operators, but an import of a newer version fails the load.
     * Domains it does not know are not checked by it, nor here.
     */
    static final Map<String, Long> MAX_OTHER_OPSETS;

    static {
        Map<String, Long> m = new java.util.LinkedHashMap<>(); // no Map.of on Android API 26
        m.put("ai.onnx.ml", 5L);
        m.put("com.microsoft", 1L);
        m.put("ai.onnx.training", 1L);
        m.put("ai.onnx.preview.training", 1L);
        MAX_OTHER_OPSETS = java.util.Collections.unmodifiableMap(m);
    }

    /**
     * Refuses, before ONNX Runtime is asked, a model it would misread or that is not a ganzoo model's kind of graph:
     * bytes that are not a complete ONNX protobuf, tensors kept in another file, an IR version or opset newer than the
     * pinned ONNX Runtime reads, an operator outside {@link ModelFormat#OPERATORS} (control flow such as a
     * {@code Loop} runs unbounded).
     */
    static ModelScan.Scan check(byte[] model, String source) throws ModelException {
        ModelScan.Scan scan;
        try {
            scan = ModelScan.scan(model);
        } catch (ModelScan.Unreadable e) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is not a valid ONNX model: its bytes are not a complete ONNX protobuf (" + e.getMessage()
                            + "). Give a .onnx file exported by ganzoo-trainer, or a zoo name.");
        }
        if (scan.external() != null) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + " keeps tensor values in another file ('" + scan.external() + "', ONNX's"
                            + " external data format). ganzoo loads only self-contained models, whose verified file is all they"
                            + " read, never a file beside them or in the working directory; re-save the model with its weights"
                            + " inside (onnx.save_model(m, path, save_as_external_data=False)).");
        }
        if (model.length == 0) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is empty (0 bytes), not an ONNX model. Give a .onnx file exported by ganzoo-trainer, or"
                            + " a zoo name.");
        }
        if (scan.irVersion() <= 0) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is not a valid ONNX model: it declares "
                            + (scan.irVersion() == 0 ? "no IR version" : "IR version " + scan.irVersion())
                            + " (every ONNX model declares one from 1 up; ganzoo-trainer writes 8). Export it again.");
        }
        if (scan.irVersion() > MAX_IR_VERSION) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + " needs a newer ONNX Runtime: it is ONNX IR version " + scan.irVersion()
                            + ", and this build (ONNX Runtime 1.28) reads IR versions up to " + MAX_IR_VERSION
                            + ". Export it with an older IR version (ganzoo-trainer writes IR 8), or use a ganzoo built"
                            + " on a newer ONNX Runtime.");
        }
        if (scan.opsets().isEmpty()) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is not a valid ONNX model: it imports no operator set (its opset_import list is empty;"
                            + " every ONNX model names the version of ONNX's operators it uses). Export it again with"
                            + " an exporter that writes one (ganzoo-trainer writes opset 13).");
        }
        for (Map.Entry<String, Long> o : scan.opsets().entrySet()) {
            Long max = MAX_OTHER_OPSETS.get(o.getKey());
            if (max != null && o.getValue() > max) {
                throw new ModelException(
                        Reason.UNSUPPORTED,
                        source + " needs a newer ONNX Runtime: it imports operator set " + o.getKey() + " version "
                                + o.getValue() + ", and this build (ONNX Runtime 1.28) reads " + o.getKey()
                                + " versions up to " + max + ". A ganzoo model uses none of its operators: export it"
                                + " without that import, or use a ganzoo built on a newer ONNX Runtime.");
            }
        }
        Long opset = scan.opsets().get("");
        if (opset != null && opset > MAX_OPSET) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + " needs a newer ONNX Runtime: it imports ONNX opset " + opset
                            + ", and this build (ONNX Runtime 1.28) reads opsets up to " + MAX_OPSET
                            + ". Export it with an older opset (ganzoo-trainer writes opset 13), or use a ganzoo built on"
                            + " a newer ONNX Runtime.");
        }
        for (String op : scan.operators()) {
            if (!ModelFormat.OPERATORS.contains(op)) {
                throw new ModelException(
                        Reason.UNSUPPORTED,
                        source + " uses the operator '" + op + "', which a ganzoo model does not: a generator or"
                                + " classifier is a feed-forward graph of ONNX's default-domain operators "
                                + ModelFormat.OPERATORS + " (no control flow, randomness or custom domains, so"
                                + " every run ends). Export the network without it.");
            }
        }
        return scan;
    }

    /** Whether a model reference names a file ({@code .onnx}, or with a folder) rather than a zoo model. */
    static boolean isPath(String ref) {
        return ref.endsWith(".onnx") || ref.contains("/") || ref.contains("\\");
    }

    /** The verified bytes of a zoo model, and its {@code name@version}. */
    private static Zoo.Fetched fetch(String ref, ModelFormat.Kind kind, Zoo zoo) throws ModelException {
        try {
            io.ganzoo.zoo.ModelRef.parse(ref);
        } catch (IllegalArgumentException e) { // a malformed reference alone: settings' errors are said as they are
            throw new IllegalArgumentException(e.getMessage() + " (or give the path of an .onnx file)", e);
        }
        return (zoo != null ? zoo : Zoo.configured()).fetch(ref, kind, io.ganzoo.zoo.ModelCache.Listener.NONE);
    }

    /**
     * Why CUDA device {@code d} cannot be used, or {@code null} when it can: this ONNX Runtime must have been built
     * with CUDA, and CUDA must start on that device.
     */
    private static String cudaMissing(Device d) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return "CUDA was asked for (" + d + ") but the ONNX Runtime on the classpath is the CPU build (providers: "
                    + OrtEnvironment.getAvailableProviders()
                    + "). Use com.microsoft.onnxruntime:onnxruntime_gpu instead"
                    + " of onnxruntime in your build (building ganzoo itself: mvn -Pgpu) on a host with CUDA 12 and cuDNN 9.";
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(d.id());
            return null;
        } catch (OrtException e) {
            return "CUDA was asked for (" + d + ") but could not start: " + e.getMessage()
                    + ". Check the GPU number, the driver, CUDA 12 and cuDNN 9.";
        }
    }
}
