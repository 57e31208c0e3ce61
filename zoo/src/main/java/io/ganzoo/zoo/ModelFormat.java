package io.ganzoo.zoo;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What makes an ONNX file a ganzoo model: its tensor names and the keys of its ONNX {@code metadata_props}. The one
 * definition; the trainer's exporter writes it, the {@link Publisher}, the sdk and the benchmarks read it.
 *
 * <p>A <b>generator</b> takes {@value #LATENT_INPUT} (float32 {@code [batch, latent size]}) and, when conditional,
 * {@value #LABEL_INPUT} (int64 {@code [batch]}, class indices), and gives {@value #IMAGE_OUTPUT} (float32
 * {@code [batch, channels, height, width]} in the {@link #VALUE_RANGE}). A <b>classifier</b> (an evaluator) takes
 * {@value #CLASSIFIER_INPUT} (float32 {@code [batch, channels, height, width]}) and gives {@value #LOGITS_OUTPUT}
 * ({@code [batch, classes]}) and {@value #FEATURES_OUTPUT} ({@code [batch, features]}).
 *
 * <p>Schema version {@value #SCHEMA_VERSION} (key {@value #SCHEMA}). Since ganzoo 0.1 the {@link #KIND} is
 * {@code generator} or {@code classifier} and the GAN family has its own key, {@link #FAMILY}; files written before
 * held the family in {@link #KIND} ({@code ganzoo.kind = dcgan}), and {@link #check}, {@link #kindOf} and
 * {@link #familyOf} read both; any other kind word is refused.
 * No other key changed meaning, so readers of either version read both kinds of file.
 *
 * <p>Its graph is feed-forward: every node's operator is one of {@link #OPERATORS}, in ONNX's default domain. A
 * generator's run time is then bounded by its size; control flow ({@code Loop}, {@code Scan}, {@code If}), random
 * operators, sequences, strings and custom domains are refused when a model is loaded.
 */
public final class ModelFormat {
    // ---- graph ----
    /**
     * The ONNX operators (default domain, {@code ""} or {@code ai.onnx}) a ganzoo generator, classifier or encoder
     * may use: those ganzoo's exporter writes ({@code Gemm}, {@code Reshape}, {@code ConvTranspose},
     * {@code DepthToSpace}, {@code BatchNormalization}, {@code Relu}, {@code Tanh}, {@code Concat}, {@code Gather},
     * {@code Add}, {@code Resize}, {@code AveragePool}, ...) and the feed-forward arithmetic, activation,
     * normalisation, pooling and shape operators of other exporters' image networks (PyTorch's {@code torch.onnx},
     * tf2onnx). No control flow, randomness, sequences, strings or files: each of these operators does a bounded
     * amount of work for the tensors it is given.
     */
    public static final Set<String> OPERATORS = Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(
            // ganzoo's exporter and evaluators
            "Add",
            "AveragePool",
            "BatchNormalization",
            "Concat",
            "Conv",
            "ConvTranspose",
            "DepthToSpace",
            "Flatten",
            "Gather",
            "Gemm",
            "Identity",
            "LeakyRelu",
            "Relu",
            "Reshape",
            "Resize",
            "Tanh",
            // element-wise arithmetic and activations
            "Abs",
            "Clip",
            "Div",
            "Elu",
            "Erf",
            "Exp",
            "Gelu",
            "HardSigmoid",
            "HardSwish",
            "Log",
            "Max",
            "Min",
            "Mul",
            "Neg",
            "Pow",
            "PRelu",
            "Reciprocal",
            "Selu",
            "Sigmoid",
            "Softmax",
            "LogSoftmax",
            "Softplus",
            "Sqrt",
            "Sub",
            "Sum",
            "Mean",
            "Where",
            "Equal",
            "Greater",
            "Less",
            "Not",
            "Sign",
            "Cast",
            "Dropout",
            // linear algebra, normalisation, pooling, resampling
            "MatMul",
            "Einsum",
            "InstanceNormalization",
            "LayerNormalization",
            "GroupNormalization",
            "LpNormalization",
            "MaxPool",
            "GlobalAveragePool",
            "GlobalMaxPool",
            "ReduceMean",
            "ReduceSum",
            "ReduceMax",
            "ReduceMin",
            "ReduceL2",
            "ReduceSumSquare",
            "Upsample",
            "SpaceToDepth",
            "Pad",
            // shapes and constants
            "Constant",
            "Shape",
            "Squeeze",
            "Unsqueeze",
            "Transpose",
            "Slice",
            "Split",
            "Expand",
            "Tile")));

    // ---- tensor names ----
    /** Generator input: latent vectors, float32 {@code [batch, latent size]}. */
    public static final String LATENT_INPUT = "z";
    /** Conditional generator input: class labels, int64 {@code [batch]}. */
    public static final String LABEL_INPUT = "label";
    /** Generator output: images, float32 {@code [batch, channels, height, width]}. */
    public static final String IMAGE_OUTPUT = "image";
    /** Classifier input: images, float32 {@code [batch, channels, height, width]}. */
    public static final String CLASSIFIER_INPUT = "image";
    /** Classifier output: class logits, float32 {@code [batch, classes]}. */
    public static final String LOGITS_OUTPUT = "logits";
    /** Classifier output: penultimate-layer features (the space of FD, KID, precision/recall), {@code [batch, d]}. */
    public static final String FEATURES_OUTPUT = "features";

    // ---- metadata keys ----
    /** The schema version of the metadata; readers refuse a version they do not know. */
    public static final String SCHEMA = "ganzoo.format";
    /** The schema version this build writes and reads. */
    public static final String SCHEMA_VERSION = "1";
    /** Model name, e.g. {@code fashion-dcgan}. */
    public static final String NAME = "ganzoo.name";
    /** Semantic version, e.g. {@code 1.0.1}. */
    public static final String VERSION = "ganzoo.version";
    /** What the model is: a {@link Kind} wire name ({@code generator}, {@code classifier}); see {@link #kindOf}. */
    public static final String KIND = "ganzoo.kind";
    /** A generator's GAN family, e.g. {@code dcgan}, {@code cgan}, {@code wgan}, {@code rpgan}; see {@link #familyOf}. */
    public static final String FAMILY = "ganzoo.family";
    /** Training objective, e.g. {@code non-saturating}. */
    public static final String OBJECTIVE = "ganzoo.objective";
    /** Latent size, a positive integer. */
    public static final String LATENT_SIZE = "ganzoo.latent.size";
    /** Latent prior: {@value #PRIOR_NORMAL} (the default when absent) or {@code uniform(-1,1)}. */
    public static final String LATENT_PRIOR = "ganzoo.latent.prior";
    /** Output (generator) or input (classifier) shape per image, channel-first, e.g. {@code 1,28,28}. */
    public static final String IMAGE_SHAPE = "ganzoo.image.shape";
    /** Pixel value range, e.g. {@code -1,1} (the default when absent). */
    public static final String VALUE_RANGE = "ganzoo.image.range";
    /** The training data's name, e.g. {@code fashion-mnist}. */
    public static final String DATASET = "ganzoo.dataset";
    /** SHA-256 of the training data files, JSON object {@code {"file name": "hex", ...}}. */
    public static final String DATASET_SHA256 = "ganzoo.dataset.sha256";
    /** Class names of a conditional generator or a classifier, JSON array in label order. */
    public static final String CLASSES = "ganzoo.classes";
    /** A classifier's accuracy on its test set, e.g. {@code 0.9123}. */
    public static final String CLASSIFIER_ACCURACY = "ganzoo.classifier.accuracy";
    /** The data a classifier's accuracy was measured on, e.g. {@code fashion-mnist/test}. */
    public static final String CLASSIFIER_TEST_SET = "ganzoo.classifier.test-set";
    /** Training configuration, JSON. */
    public static final String TRAINING_CONFIG = "ganzoo.training.config";
    /** Training seed, a long. */
    public static final String TRAINING_SEED = "ganzoo.training.seed";
    /** Training steps (generator updates), a long. */
    public static final String TRAINING_STEPS = "ganzoo.training.steps";
    /** Training wall time in seconds. */
    public static final String TRAINING_SECONDS = "ganzoo.training.seconds";
    /**
     * Which of a run's generator weights the file holds: {@code ema} (the exponential moving average of G's weights,
     * with BatchNorm statistics measured for those weights; the half-life is in the training configuration) or
     * {@code raw} (the last optimiser step's). Absent in files exported before the average existed: {@code raw}.
     */
    public static final String TRAINING_WEIGHTS = "ganzoo.training.weights";
    /** Tool versions (ganzoo, DJL, PyTorch, Java), JSON object. */
    public static final String TOOL_VERSIONS = "ganzoo.tools";
    /** Export time, ISO-8601 UTC. */
    public static final String CREATED = "ganzoo.created";

    /** The standard-normal prior's name, the default of {@link #LATENT_PRIOR}. */
    public static final String PRIOR_NORMAL = "normal(0,1)";
    /** The default of {@link #VALUE_RANGE}. */
    public static final String DEFAULT_RANGE = "-1,1";

    /** What a model is; the same words in a model's metadata ({@link #KIND}) and in a zoo index ({@code kind}). */
    public enum Kind {
        /** A GAN generator: latent vectors (and labels) to images. */
        GENERATOR,
        /** An evaluator: images to logits and features. */
        CLASSIFIER;

        /** The lower-case name written in files. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind of a wire name.
         *
         * @throws IllegalArgumentException for any other word, naming the valid ones
         */
        public static Kind parse(String wireName) {
            for (Kind k : values()) {
                if (k.wireName().equals(wireName)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind '" + wireName + "': expected generator or classifier");
        }
    }

    private ModelFormat() {}

    /** GAN family names that files written before {@link #FAMILY} existed held in {@link #KIND}. */
    public static final List<String> LEGACY_FAMILIES =
            Collections.unmodifiableList(Arrays.asList("dcgan", "cgan", "wgan", "rpgan"));

    /**
     * Checks the schema version and the kind of a ganzoo model's metadata and returns the kind: {@link #KIND}'s value,
     * where no value or a GAN family name of {@link #LEGACY_FAMILIES} (files written before {@link #FAMILY} existed)
     * means a generator.
     *
     * @param source where the metadata came from, for messages
     * @throws ModelException {@link ModelException.Reason#MALFORMED} without a schema version, with a kind that is a
     *     family different from {@link #FAMILY}'s, or a classifier with a family; {@link
     *     ModelException.Reason#UNSUPPORTED} for another schema version or a kind word this build does not know
     */
    public static Kind check(Map<String, String> metadata, String source) throws ModelException {
        String schema = metadata.get(SCHEMA);
        if (schema == null) {
            throw new ModelException(
                    ModelException.Reason.MALFORMED,
                    source + " is not a ganzoo model: its ONNX metadata" + " has no '" + SCHEMA
                            + "' entry. Export models with the ganzoo trainer.");
        }
        if (!schema.equals(SCHEMA_VERSION)) {
            throw new ModelException(
                    ModelException.Reason.UNSUPPORTED,
                    source + ": metadata format " + schema + " is not supported; this ganzoo reads format "
                            + SCHEMA_VERSION + ". Upgrade ganzoo.");
        }
        String k = metadata.get(KIND);
        String family = metadata.get(FAMILY);
        if (k == null || k.equals(Kind.GENERATOR.wireName())) {
            return Kind.GENERATOR;
        }
        if (k.equals(Kind.CLASSIFIER.wireName())) {
            if (family != null) {
                throw new ModelException(
                        ModelException.Reason.MALFORMED,
                        source + ": a classifier ('" + KIND
                                + "' = classifier) with a GAN family ('" + FAMILY + "' = " + family
                                + "); the file is damaged"
                                + " or was not written by ganzoo");
            }
            return Kind.CLASSIFIER;
        }
        if (LEGACY_FAMILIES.contains(k)) {
            if (family != null && !family.equals(k)) {
                throw new ModelException(
                        ModelException.Reason.MALFORMED,
                        source + ": '" + KIND + "' says family " + k + " and '" + FAMILY + "' says " + family
                                + "; the file is damaged or was not written by ganzoo");
            }
            return Kind.GENERATOR;
        }
        throw new ModelException(
                ModelException.Reason.UNSUPPORTED,
                source + ": metadata '" + KIND + "' is '" + k
                        + "': expected generator or classifier (or, in files written before ganzoo 0.1, one of "
                        + LEGACY_FAMILIES + "). Upgrade ganzoo if a newer one wrote it.");
    }

    /**
     * The kind of a model whose metadata {@link #check} accepted: {@link Kind#CLASSIFIER} when {@link #KIND} says so,
     * else {@link Kind#GENERATOR}.
     */
    public static Kind kindOf(Map<String, String> metadata) {
        return Kind.CLASSIFIER.wireName().equals(metadata.get(KIND)) ? Kind.CLASSIFIER : Kind.GENERATOR;
    }

    /**
     * A generator's GAN family from its metadata ({@link #FAMILY}, or a {@link #LEGACY_FAMILIES} name in {@link #KIND}
     * of older files), or null for a classifier or a generator that does not say.
     */
    public static String familyOf(Map<String, String> metadata) {
        if (kindOf(metadata) == Kind.CLASSIFIER) {
            return null;
        }
        String family = metadata.get(FAMILY);
        if (family != null) {
            return family;
        }
        String k = metadata.get(KIND);
        return LEGACY_FAMILIES.contains(k) ? k : null;
    }
}
