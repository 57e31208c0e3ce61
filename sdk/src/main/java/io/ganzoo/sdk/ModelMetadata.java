package io.ganzoo.sdk;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a ganzoo generator file says about itself, read from the ONNX {@code metadata_props}. The trainer writes
 * these keys; the sdk needs nothing else to sample the model.
 */
public final class ModelMetadata {
    private final Map<String, String> raw;
    private final int latentSize;
    private final int channels;
    private final int height;
    private final int width;
    private final float min;
    private final float max;
    private final List<String> classes;

    private ModelMetadata(
            Map<String, String> raw,
            int latentSize,
            int channels,
            int height,
            int width,
            float min,
            float max,
            List<String> classes) {
        this.raw = raw;
        this.classes = classes;
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
     * @throws ModelException when a required key is missing or malformed
     */
    public static ModelMetadata parse(Map<String, String> props, String source) throws ModelException {
        Map<String, String> m = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        String format = m.get(ModelFormat.SCHEMA);
        if (format == null) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + " is not a ganzoo generator: its ONNX metadata has no '" + ModelFormat.SCHEMA
                            + "' entry. Export generators with the ganzoo trainer ('ganzoo-trainer export').");
        }
        if (!format.equals(ModelFormat.SCHEMA_VERSION)) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + ": metadata format " + format + " is not supported; this sdk reads format "
                            + ModelFormat.SCHEMA_VERSION + ". Upgrade ganzoo.");
        }
        if (ModelFormat.check(m, source) == ModelFormat.Kind.CLASSIFIER) {
            throw new ModelException(
                    Reason.WRONG_KIND,
                    source + " is a classifier (an evaluator model), not a generator: load it with"
                            + " Classifier.load, or choose a generator such as fashion-dcgan.");
        }
        int latent = positiveInt(m, ModelFormat.LATENT_SIZE, source);
        if (latent > MAX_LATENT) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + ": metadata '" + ModelFormat.LATENT_SIZE + "' is " + latent + ", more than any"
                            + " generator ganzoo runs (at most " + MAX_LATENT
                            + "); the file is damaged or not meant for ganzoo");
        }
        try {
            Prior.of(m.getOrDefault(ModelFormat.LATENT_PRIOR, ModelFormat.PRIOR_NORMAL));
        } catch (IllegalArgumentException e) {
            throw new ModelException(
                    Reason.UNSUPPORTED,
                    source + ": " + e.getMessage() + ". Upgrade ganzoo, or re-export the model.",
                    e);
        }
        int[] shape = ints(m, ModelFormat.IMAGE_SHAPE, 3, source);
        checkShape(shape, source);
        float[] range = floats(
                m.getOrDefault(ModelFormat.VALUE_RANGE, ModelFormat.DEFAULT_RANGE), ModelFormat.VALUE_RANGE, source);
        return new ModelMetadata(m, latent, shape[0], shape[1], shape[2], range[0], range[1], classes(m, source));
    }

    /**
     * The raw ganzoo metadata of any ONNX file (generator or classifier), read from its protobuf without starting ONNX
     * Runtime (as {@code zoo publish} and a Spark driver need it: no native library, no session).
     *
     * @throws ModelException when the file is missing or not a complete ONNX protobuf
     */
    public static Map<String, String> read(Path onnx) throws ModelException {
        return read(ModelLoader.read(onnx), onnx.toString());
    }

    /**
     * {@link #read(Path)} of a model's bytes; {@code source} names it in messages.
     *
     * @throws ModelException when the bytes are not a complete ONNX protobuf, or break the model-file contract
     *     ({@code ModelLoader.check}: external data, a newer IR version or opset, an operator outside it)
     */
    public static Map<String, String> read(byte[] onnx, String source) throws ModelException {
        // the model-file contract first, as a load does (a file ganzoo cannot load is not published either); its
        // scan holds the metadata
        return ModelLoader.check(onnx, source).metadata();
    }

    /**
     * Reads and checks the metadata of an evaluator classifier ({@link ModelFormat#KIND} {@code classifier}): image shape,
     * value range and class names are required; {@link #latentSize()} is 0.
     *
     * @throws ModelException when the file is not a ganzoo classifier or a required key is missing or malformed
     */
    public static ModelMetadata parseClassifier(Map<String, String> props, String source) throws ModelException {
        Map<String, String> m = Collections.unmodifiableMap(new LinkedHashMap<>(props));
        if (ModelFormat.check(m, source) != ModelFormat.Kind.CLASSIFIER) {
            String family = ModelFormat.familyOf(m);
            throw new ModelException(
                    Reason.WRONG_KIND,
                    source + " is a generator" + (family == null ? "" : " (family " + family + ")")
                            + ", not a classifier (an evaluator model): load it with Generator.load, or choose a"
                            + " classifier such as fashion-classifier. Evaluator classifiers come from"
                            + " 'ganzoo-trainer classifier'.");
        }
        int[] shape = ints(m, ModelFormat.IMAGE_SHAPE, 3, source);
        checkShape(shape, source);
        float[] range = floats(
                m.getOrDefault(ModelFormat.VALUE_RANGE, ModelFormat.DEFAULT_RANGE), ModelFormat.VALUE_RANGE, source);
        ModelMetadata md =
                new ModelMetadata(m, 0, shape[0], shape[1], shape[2], range[0], range[1], classes(m, source));
        if (md.classes().isEmpty()) {
            throw new ModelException(
                    Reason.MALFORMED, source + ": a classifier needs its class names in '" + ModelFormat.CLASSES + "'");
        }
        String accuracy = m.get(ModelFormat.CLASSIFIER_ACCURACY);
        if (accuracy != null) {
            double a;
            try {
                a = Double.parseDouble(accuracy);
            } catch (NumberFormatException e) {
                a = Double.NaN;
            }
            if (!(a >= 0 && a <= 1)) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + ": metadata '" + ModelFormat.CLASSIFIER_ACCURACY + "' must be a number in [0, 1],"
                                + " found '" + accuracy + "'");
            }
        }
        return md;
    }

    /** The distribution latent vectors are drawn from (standard normal unless the metadata says otherwise). */
    public Prior latentPrior() {
        return Prior.of(asMap().getOrDefault(ModelFormat.LATENT_PRIOR, ModelFormat.PRIOR_NORMAL));
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
        return raw.getOrDefault(ModelFormat.NAME, "unnamed");
    }

    /** Model version, or {@code "0.0.0"}. */
    public String version() {
        return raw.getOrDefault(ModelFormat.VERSION, "0.0.0");
    }

    /** Generator or classifier ({@link ModelFormat#kindOf}, which also reads files written before 0.1). */
    public ModelFormat.Kind kind() {
        return ModelFormat.kindOf(raw);
    }

    /** A generator's GAN family, e.g. {@code dcgan} ({@link ModelFormat#familyOf}), or {@code null} when not given. */
    public String family() {
        return ModelFormat.familyOf(raw);
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
        return classes;
    }

    /**
     * The class names of {@link ModelFormat#CLASSES}: a JSON array of distinct, non-empty strings (a label picks a
     * class by name, and render makes a folder of each), or none.
     */
    private static List<String> classes(Map<String, String> m, String source) throws ModelException {
        String json = m.get(ModelFormat.CLASSES);
        if (json == null || json.trim().isEmpty()) {
            return Collections.emptyList();
        }
        String[] names;
        try {
            names = new Gson().fromJson(json, String[].class);
        } catch (JsonParseException e) {
            names = null;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names == null ? new String[] {null} : names) {
            if (n == null || n.trim().isEmpty() || !seen.add(n.trim().toLowerCase(java.util.Locale.ROOT))) {
                throw new ModelException(
                        Reason.MALFORMED,
                        source + ": metadata '" + ModelFormat.CLASSES + "' must be a JSON array of distinct, non-empty"
                                + " class names (distinct ignoring case), found " + json);
            }
        }
        return Collections.unmodifiableList(Arrays.asList(names.clone()));
    }

    /** Largest latent size a generator may declare. */
    static final int MAX_LATENT = 1 << 20;
    /** Largest number of values in one image (e.g. 4 x 4096 x 4096). */
    static final long MAX_IMAGE_VALUES = 1L << 26;

    /** Refuses image shapes no generator has (e.g. 1x100000x100000), before anything is allocated for them. */
    static void checkShape(int[] chw, String source) throws ModelException {
        // in double: three ints' product can pass 2^63 and wrap round to a small number in long
        double values = (double) chw[0] * chw[1] * chw[2];
        if (values > MAX_IMAGE_VALUES) {
            throw new ModelException(
                    Reason.MALFORMED,
                    source + ": metadata '" + ModelFormat.IMAGE_SHAPE + "' is " + chw[0] + "x" + chw[1] + "x"
                            + chw[2] + " = " + String.format(Locale.ROOT, "%.0f", values) + " values per image, more"
                            + " than ganzoo runs (at most " + MAX_IMAGE_VALUES
                            + "); the file is damaged or not meant for ganzoo");
        }
    }

    private static int positiveInt(Map<String, String> m, String key, String source) throws ModelException {
        String v = m.get(key);
        try {
            int i = io.ganzoo.zoo.Decimal.parseInt(v == null ? "" : v.trim());
            if (i > 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ModelException(
                Reason.MALFORMED,
                source + ": metadata '" + key + "' must be a positive integer, found "
                        + (v == null ? "nothing" : "'" + v + "'"));
    }

    static int[] ints(Map<String, String> m, String key, int n, String source) throws ModelException {
        String v = m.get(key);
        String[] parts = v == null ? new String[0] : v.split(",");
        if (parts.length == n) {
            try {
                int[] out = new int[n];
                for (int i = 0; i < n; i++) {
                    out[i] = io.ganzoo.zoo.Decimal.parseInt(parts[i].trim());
                    if (out[i] <= 0) {
                        throw new NumberFormatException();
                    }
                }
                return out;
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new ModelException(
                Reason.MALFORMED,
                source + ": metadata '" + key + "' must be " + n
                        + " positive integers separated by commas (channels,height,width), found "
                        + (v == null ? "nothing" : "'" + v + "'"));
    }

    static float[] floats(String v, String key, String source) throws ModelException {
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
        throw new ModelException(
                Reason.MALFORMED,
                source + ": metadata '" + key + "' must be 'min,max', finite, with max > min, found '" + v + "'");
    }
}
