package io.ganzoo.trainer.export;

import com.google.gson.Gson;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.TrainConfig;

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
    private GeneratorExport() {
    }

    /**
     * The metadata of a generator trained with {@code config} for {@code steps} steps taking {@code seconds}.
     */
    public static Map<String, String> metadata(GanModel model, long steps, double seconds, List<String> classNames) {
        TrainConfig c = model.config();
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelMetadata.FORMAT, ModelMetadata.FORMAT_VERSION);
        m.put(ModelMetadata.NAME, c.name());
        m.put(ModelMetadata.VERSION, c.version());
        m.put(ModelMetadata.KIND, c.family().wireName());
        m.put(ModelMetadata.OBJECTIVE, c.objective().wireName());
        m.put(ModelMetadata.LATENT_SIZE, Integer.toString(c.latentSize()));
        m.put(ModelMetadata.LATENT_PRIOR, ModelMetadata.PRIOR_NORMAL);
        m.put(ModelMetadata.IMAGE_SHAPE, model.channels() + "," + model.height() + "," + model.width());
        m.put(ModelMetadata.VALUE_RANGE, "-1,1");
        m.put(ModelMetadata.DATASET, c.dataset());
        if (model.classes() > 0) {
            if (classNames.size() != model.classes()) {
                throw new IllegalArgumentException("class names: expected " + model.classes() + ", found " + classNames);
            }
            m.put(ModelMetadata.CLASSES, new Gson().toJson(classNames));
        }
        m.put(ModelMetadata.TRAINING_CONFIG, c.toJson());
        m.put(ModelMetadata.TRAINING_SEED, Long.toString(c.seed()));
        m.put(ModelMetadata.TRAINING_STEPS, Long.toString(steps));
        m.put(ModelMetadata.TRAINING_SECONDS, String.format(Locale.ROOT, "%.1f", seconds));
        m.put(ModelMetadata.TOOL_VERSIONS, toolsJson());
        m.put(ModelMetadata.CREATED, Instant.now().toString());
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

    /**
     * Writes the generator to {@code file}.
     *
     * @param classNames class names in label order (conditional models; ignored otherwise)
     */
    public static void write(GanModel model, long steps, double seconds, List<String> classNames, Path file)
            throws IOException {
        OnnxExporter.write(model.generator(), model.config().latentSize(), model.classes(),
                new int[] {model.channels(), model.height(), model.width()},
                metadata(model, steps, seconds, classNames), file);
    }
}
