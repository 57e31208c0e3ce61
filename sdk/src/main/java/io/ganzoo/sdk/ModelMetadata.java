package io.ganzoo.sdk;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a ganzoo generator file says about itself, read from the ONNX {@code metadata_props}. The trainer writes
 * these keys; the sdk needs nothing else to sample the model.
 */
public final class ModelMetadata {
    /** Format of the metadata itself; readers refuse a newer major version. */
    public static final String FORMAT = "ganzoo.format";
    /** Current metadata format version. */
    public static final String FORMAT_VERSION = "1";
    public static final String NAME = "ganzoo.name";
    public static final String VERSION = "ganzoo.version";
    /** Model family, e.g. {@code dcgan}. */
    public static final String KIND = "ganzoo.kind";
    /** {@link #KIND} of an evaluator classifier (not a generator); see {@link Classifier}. */
    public static final String KIND_CLASSIFIER = "classifier";
    /** A classifier's accuracy on its test set, e.g. {@code 0.9123}. */
    public static final String CLASSIFIER_ACCURACY = "ganzoo.classifier.accuracy";
    /** The data a classifier's accuracy was measured on, e.g. {@code fashion-mnist/test}. */
    public static final String CLASSIFIER_TEST_SET = "ganzoo.classifier.test-set";
    /** Training objective, e.g. {@code non-saturating}. */
    public static final String OBJECTIVE = "ganzoo.objective";
    public static final String LATENT_SIZE = "ganzoo.latent.size";
    /** Latent prior: {@code normal(0,1)} (default) or {@code uniform(-1,1)}; see {@link Prior}. */
    public static final String LATENT_PRIOR = "ganzoo.latent.prior";
    /** Output shape per image, channel-first, e.g. {@code 1,28,28}. */
    public static final String IMAGE_SHAPE = "ganzoo.image.shape";
    /** Output value range, e.g. {@code -1,1}. */
    public static final String VALUE_RANGE = "ganzoo.image.range";
    public static final String DATASET = "ganzoo.dataset";
    /** Class names for conditional models, JSON array in label order. */
    public static final String CLASSES = "ganzoo.classes";
    /** Training configuration as JSON. */
    public static final String TRAINING_CONFIG = "ganzoo.training.config";
    public static final String TRAINING_SEED = "ganzoo.training.seed";
    public static final String TRAINING_STEPS = "ganzoo.training.steps";
    public static final String TRAINING_SECONDS = "ganzoo.training.seconds";
    /** Tool versions as JSON (ganzoo, DJL, PyTorch, Java). */
    public static final String TOOL_VERSIONS = "ganzoo.tools";
    public static final String CREATED = "ganzoo.created";

    /** The standard-normal prior's name. */
    public static final String PRIOR_NORMAL = "normal(0,1)";

    private final Map<String, String> raw;
    private final int latentSize;
    private final int channels;
    private final int height;
    private final int width;
    private final float min;
    private final float max;

    private ModelMetadata(Map<String, String> raw, int latentSize, int channels, int height, int width, float min,
                          float max) {
        this.raw = raw;
        this.latentSize = latentSize;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.min = min;
        this.max = max;
    }

    /**
     * Reads and checks the metadata of a generator.
     *
     * @param props  the ONNX {@code metadata_props}
     * @param source where they came from, for error messages
     * @throws GeneratorException when a required key is missing or malformed
     */
    public static ModelMetadata parse(Map<String, String> props, String source) throws GeneratorException {
        Map<String, String> m = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        String format = m.get(FORMAT);
        if (format == null) {
            throw new GeneratorException(source + " is not a ganzoo generator: its ONNX metadata has no '" + FORMAT
                    + "' entry. Export generators with the ganzoo trainer ('ganzoo-trainer export').");
        }
        if (!format.equals(FORMAT_VERSION)) {
            throw new GeneratorException(source + ": metadata format " + format + " is not supported; this sdk reads format "
                    + FORMAT_VERSION + ". Upgrade ganzoo.");
        }
        if (KIND_CLASSIFIER.equals(m.get(KIND))) {
            throw new GeneratorException(source + " is a classifier (an evaluator model), not a generator: load it with"
                    + " Classifier.load, or choose a generator such as fashion-dcgan.");
        }
        int latent = positiveInt(m, LATENT_SIZE, source);
        if (latent > MAX_LATENT) {
            throw new GeneratorException(source + ": metadata '" + LATENT_SIZE + "' is " + latent + ", more than any"
                    + " generator ganzoo runs (at most " + MAX_LATENT + "); the file is damaged or not meant for ganzoo");
        }
        try {
            Prior.of(m.getOrDefault(LATENT_PRIOR, PRIOR_NORMAL));
        } catch (IllegalArgumentException e) {
            throw new GeneratorException(source + ": " + e.getMessage() + ". Upgrade ganzoo, or re-export the model.", e);
        }
        int[] shape = ints(m, IMAGE_SHAPE, 3, source);
        checkShape(shape, source);
        float[] range = floats(m.getOrDefault(VALUE_RANGE, "-1,1"), VALUE_RANGE, source);
        return new ModelMetadata(m, latent, shape[0], shape[1], shape[2], range[0], range[1]);
    }

    /**
     * The raw ganzoo metadata of any ONNX file (generator or classifier), read through ONNX Runtime.
     *
     * @throws GeneratorException when the file is missing or not a valid ONNX model
     */
    public static Map<String, String> read(java.nio.file.Path onnx) throws GeneratorException {
        try (ai.onnxruntime.OrtSession s = Generator.open(Generator.read(onnx), Generator.Options.defaults(),
                onnx.toString()).session()) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(s.getMetadata().getCustomMetadata()));
        } catch (ai.onnxruntime.OrtException e) {
            throw new GeneratorException(onnx + ": cannot read its metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the metadata of an evaluator classifier ({@link #KIND} {@value #KIND_CLASSIFIER}): image shape,
     * value range and class names are required; {@link #latentSize()} is 0.
     *
     * @throws GeneratorException when the file is not a ganzoo classifier or a required key is missing or malformed
     */
    public static ModelMetadata parseClassifier(Map<String, String> props, String source) throws GeneratorException {
        Map<String, String> m = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        if (!FORMAT_VERSION.equals(m.get(FORMAT)) || !KIND_CLASSIFIER.equals(m.get(KIND))) {
            throw new GeneratorException(source + " is not a ganzoo classifier: expected metadata '" + FORMAT + "' = "
                    + FORMAT_VERSION + " and '" + KIND + "' = " + KIND_CLASSIFIER + ", found " + m.get(FORMAT) + " and "
                    + m.get(KIND) + ". Evaluator classifiers come from 'ganzoo-trainer classifier'.");
        }
        int[] shape = ints(m, IMAGE_SHAPE, 3, source);
        checkShape(shape, source);
        float[] range = floats(m.getOrDefault(VALUE_RANGE, "-1,1"), VALUE_RANGE, source);
        ModelMetadata md = new ModelMetadata(m, 0, shape[0], shape[1], shape[2], range[0], range[1]);
        if (md.classes().isEmpty()) {
            throw new GeneratorException(source + ": a classifier needs its class names in '" + CLASSES + "'");
        }
        return md;
    }

    /** The distribution latent vectors are drawn from (standard normal unless the metadata says otherwise). */
    public Prior latentPrior() {
        return Prior.of(asMap().getOrDefault(LATENT_PRIOR, PRIOR_NORMAL));
    }

    /** Size of one latent vector. */
    public int latentSize() {
        return latentSize;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Smallest output value (shown as black). */
    public float minValue() {
        return min;
    }

    /** Largest output value (shown as white). */
    public float maxValue() {
        return max;
    }

    /** Model name, or {@code "unnamed"}. */
    public String name() {
        return raw.getOrDefault(NAME, "unnamed");
    }

    /** Model version, or {@code "0.0.0"}. */
    public String version() {
        return raw.getOrDefault(VERSION, "0.0.0");
    }

    /** The value of any key, or {@code null}. */
    public String get(String key) {
        return raw.get(key);
    }

    /** Every entry, unmodifiable. */
    public Map<String, String> asMap() {
        return raw;
    }

    /** Class names of a conditional model (empty when unconditional). */
    public List<String> classes() {
        String json = raw.get(CLASSES);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            String[] names = new Gson().fromJson(json, String[].class);
            return names == null ? List.of() : List.of(names);
        } catch (JsonParseException e) {
            throw new IllegalStateException("metadata '" + CLASSES + "' is not a JSON array of strings: " + json, e);
        }
    }

    /** Largest latent size a generator may declare. */
    static final int MAX_LATENT = 1 << 20;
    /** Largest number of values in one image (e.g. 4 x 4096 x 4096). */
    static final long MAX_IMAGE_VALUES = 1L << 26;

    /** Refuses image shapes no generator has (e.g. 1x100000x100000), before anything is allocated for them. */
    static void checkShape(int[] chw, String source) throws GeneratorException {
        // in double: three ints' product can pass 2^63 and wrap round to a small number in long
        double values = (double) chw[0] * chw[1] * chw[2];
        if (values > MAX_IMAGE_VALUES) {
            throw new GeneratorException(source + ": metadata '" + IMAGE_SHAPE + "' is " + chw[0] + "x" + chw[1] + "x"
                    + chw[2] + " = " + String.format(java.util.Locale.ROOT, "%.0f", values) + " values per image, more"
                    + " than ganzoo runs (at most " + MAX_IMAGE_VALUES
                    + "); the file is damaged or not meant for ganzoo");
        }
    }

    private static int positiveInt(Map<String, String> m, String key, String source) throws GeneratorException {
        String v = m.get(key);
        try {
            int i = Integer.parseInt(v == null ? "" : v.trim());
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GeneratorException(source + ": metadata '" + key + "' must be a positive integer, found "
                + (v == null ? "nothing" : "'" + v + "'"));
    }

    static int[] ints(Map<String, String> m, String key, int n, String source) throws GeneratorException {
        String v = m.get(key);
        String[] parts = v == null ? new String[0] : v.split(",");
        if (parts.length == n) {
            try {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = Integer.parseInt(parts[i].trim());
                    if (out[i] <= 0) {
                        throw new NumberFormatException();
                    }
                }
                return out;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new GeneratorException(source + ": metadata '" + key + "' must be " + n
                + " positive integers separated by commas (channels,height,width), found "
                + (v == null ? "nothing" : "'" + v + "'"));
    }

    static float[] floats(String v, String key, String source) throws GeneratorException {
        String[] parts = v.split(",");
        try {
            if (parts.length == 2) {
                float lo = Float.parseFloat(parts[0].trim());
                float hi = Float.parseFloat(parts[1].trim());
                if (hi > lo && Float.isFinite(lo) && Float.isFinite(hi)) {
                    return new float[] {lo, hi};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GeneratorException(source + ": metadata '" + key + "' must be 'min,max', finite, with max > min, found '" + v + "'");
    }
}
