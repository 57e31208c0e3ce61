package io.ganzoo.trainer.export;

import com.google.gson.Gson;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.trainer.train.ClassifierTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports an evaluator classifier ({@link ClassifierTrainer}) with its accuracy and provenance in the file's
 * metadata. The sdk's {@code Classifier} reads it.
 */
public final class ClassifierExport {
    private ClassifierExport() {
    }

    /**
     * Writes the classifier to {@code file}.
     *
     * @param name          model name in the zoo, e.g. {@code fashion-classifier}
     * @param version       model version
     * @param dataset       training data, e.g. {@code fashion-mnist/train}
     * @param classNames    class names in label order
     * @param testSet       the data the accuracy was measured on
     * @param accuracy      accuracy on {@code testSet}
     * @param trainingJson  the training configuration as JSON
     */
    public static void write(ClassifierTrainer trainer, String name, String version, String dataset, int[] imageShape,
                             List<String> classNames, String testSet, double accuracy, String trainingJson,
                             double seconds, Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelMetadata.FORMAT, ModelMetadata.FORMAT_VERSION);
        m.put(ModelMetadata.NAME, name);
        m.put(ModelMetadata.VERSION, version);
        m.put(ModelMetadata.KIND, ModelMetadata.KIND_CLASSIFIER);
        m.put(ModelMetadata.IMAGE_SHAPE, imageShape[0] + "," + imageShape[1] + "," + imageShape[2]);
        m.put(ModelMetadata.VALUE_RANGE, "-1,1");
        m.put(ModelMetadata.DATASET, dataset);
        m.put(ModelMetadata.CLASSES, new Gson().toJson(classNames));
        m.put(ModelMetadata.CLASSIFIER_ACCURACY, String.format(Locale.ROOT, "%.4f", accuracy));
        m.put(ModelMetadata.CLASSIFIER_TEST_SET, testSet);
        m.put(ModelMetadata.TRAINING_CONFIG, trainingJson);
        m.put(ModelMetadata.TRAINING_SECONDS, String.format(Locale.ROOT, "%.1f", seconds));
        m.put(ModelMetadata.TOOL_VERSIONS, GeneratorExport.toolsJson());
        m.put(ModelMetadata.CREATED, Instant.now().toString());
        int classes = classNames.size();
        OnnxExporter.write(OnnxExporter.buildClassifier(trainer.network(), imageShape, classes,
                ClassifierTrainer.featureLayer(classes), ClassifierTrainer.FEATURES, m), file);
    }
}
