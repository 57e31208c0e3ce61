package io.ganzoo.trainer.export;

import com.google.gson.Gson;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.zoo.ModelFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Exports the generator of a trained {@link GanModel} with its provenance in the file's metadata. */
public final class GeneratorExport {
    private GeneratorExport() {}

    /**
     * The metadata of a generator trained with {@code config} for {@code steps} steps taking {@code seconds}.
     *
     * @param datasetSha256 SHA-256 of the training data ({@link DatasetHash}); empty when not
     *                      known (a run from before it was recorded), and then not written
     */
    public static Map<String, String> metadata(
            GanModel model, long steps, double seconds, List<String> classNames, Map<String, String> datasetSha256) {
        TrainConfig c = model.config();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
        m.put(ModelFormat.NAME, c.name());
        m.put(ModelFormat.VERSION, c.version());
        m.put(ModelFormat.KIND, ModelFormat.Kind.GENERATOR.wireName());
        m.put(ModelFormat.FAMILY, c.family().wireName());
        m.put(ModelFormat.OBJECTIVE, c.objective().wireName());
        m.put(ModelFormat.LATENT_SIZE, Integer.toString(c.latentSize()));
        m.put(ModelFormat.LATENT_PRIOR, ModelFormat.PRIOR_NORMAL);
        m.put(ModelFormat.IMAGE_SHAPE, model.channels() + "," + model.height() + "," + model.width());
        m.put(ModelFormat.VALUE_RANGE, ModelFormat.DEFAULT_RANGE);
        m.put(ModelFormat.DATASET, c.dataset());
        if (!datasetSha256.isEmpty()) {
            m.put(ModelFormat.DATASET_SHA256, DatasetHash.toJson(datasetSha256));
        }
        if (model.classes() > 0) {
            if (classNames.size() != model.classes()) {
                throw new IllegalArgumentException(
                        "class names: expected " + model.classes() + ", found " + classNames);
            }
            m.put(ModelFormat.CLASSES, new Gson().toJson(classNames));
        }
        m.put(ModelFormat.TRAINING_CONFIG, c.toJson());
        m.put(ModelFormat.TRAINING_SEED, Long.toString(c.seed()));
        m.put(ModelFormat.TRAINING_STEPS, Long.toString(steps));
        m.put(ModelFormat.TRAINING_SECONDS, String.format(Locale.ROOT, "%.1f", seconds));
        if (model.ema() != null) {
            m.put(ModelFormat.TRAINING_WEIGHTS, model.emaWeightsInUse() ? "ema" : "raw");
        }
        m.put(ModelFormat.TOOL_VERSIONS, toolsJson());
        m.put(ModelFormat.CREATED, Instant.now().toString());
        return m;
    }

    /** The ganzoo, DJL, PyTorch, Java and opset versions behind an export, as JSON. */
    static String toolsJson() {
        Properties v = OnnxExporter.toolVersions();
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("ganzoo", v.getProperty("ganzoo", "dev"));
        tools.put("djl", v.getProperty("djl", "?"));
        tools.put("pytorch", v.getProperty("pytorch", "?"));
        tools.put("java", System.getProperty("java.version"));
        tools.put("opset", Integer.toString(OnnxExporter.OPSET));
        return new Gson().toJson(tools);
    }

    /** Which of a run's generator weights an export holds ({@link ModelFormat#TRAINING_WEIGHTS}). */
    public enum Weights {
        /** The moving average when the run keeps one ({@code --ema-half-life}), else the raw weights. */
        DEFAULT,
        /** The moving average; refused for a run that keeps none. */
        EMA,
        /** The last optimiser step's weights. */
        RAW
    }

    /**
     * Exports the generator of a run folder's last checkpoint, with the run's training-data hashes: the moving
     * average of its weights when the run keeps one, else its weights.
     *
     * @param run the run folder ({@code train -o DIR})
     * @param out the ONNX file to write
     * @throws IOException when the checkpoint cannot be read or the file written
     */
    public static void writeRun(Path run, Path out) throws IOException {
        writeRun(run, out, Weights.DEFAULT);
    }

    /**
     * Exports the generator of a run folder's last checkpoint with the chosen weights.
     *
     * @throws IllegalArgumentException for {@link Weights#EMA} of a run that keeps no average
     * @throws IOException              when the checkpoint cannot be read or the file written
     */
    public static void writeRun(Path run, Path out, Weights weights) throws IOException {
        Checkpoint ck = Checkpoint.load(run);
        TrainConfig c = ck.header().config();
        if (weights == Weights.EMA && c.emaHalfLife() == 0) {
            throw new IllegalArgumentException("the run in " + run + " keeps no moving average of G's weights (it was"
                    + " trained without --ema-half-life); export its weights with --weights raw");
        }
        List<String> classes = Datasets.classNames(c.dataset());
        int[] shape = Datasets.imageShape(c.dataset());
        try (GanModel model = GanModel.create(c, shape[0], shape[1], shape[2], classes.size())) {
            ck.restore(model.tensors());
            if (model.ema() != null && weights != Weights.RAW) {
                model.useEmaWeights();
            }
            write(model, ck.header().step(), ck.header().seconds(), classes, DatasetHash.read(run), out);
        }
    }

    /**
     * Writes the generator to {@code file}.
     *
     * @param classNames    class names in label order (conditional models; ignored otherwise)
     * @param datasetSha256 SHA-256 of the training data, as recorded in the run folder; empty when not known
     */
    public static void write(
            GanModel model,
            long steps,
            double seconds,
            List<String> classNames,
            Map<String, String> datasetSha256,
            Path file)
            throws IOException {
        OnnxExporter.write(
                model.generator(),
                model.config().latentSize(),
                model.classes(),
                new int[] {model.channels(), model.height(), model.width()},
                metadata(model, steps, seconds, classNames, datasetSha256),
                file);
    }
}
