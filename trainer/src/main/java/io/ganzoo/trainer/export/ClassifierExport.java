package io.ganzoo.trainer.export;

import com.google.gson.Gson;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.train.ClassifierTrainer;
import io.ganzoo.zoo.ModelFormat;

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
    private ClassifierExport() {}

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
     * @param datasetSha256 SHA-256 of the data files read, training and test ({@link DatasetHash}); empty when not
     *                      known, and then not written
     */
    public static void write(
            ClassifierTrainer trainer,
            String name,
            String version,
            String dataset,
            int[] imageShape,
            List<String> classNames,
            String testSet,
            double accuracy,
            String trainingJson,
            double seconds,
            Map<String, String> datasetSha256,
            Path file)
            throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
        m.put(ModelFormat.NAME, name);
        m.put(ModelFormat.VERSION, version);
        m.put(ModelFormat.KIND, ModelFormat.Kind.CLASSIFIER.wireName());
        m.put(ModelFormat.IMAGE_SHAPE, imageShape[0] + "," + imageShape[1] + "," + imageShape[2]);
        m.put(ModelFormat.VALUE_RANGE, ModelFormat.DEFAULT_RANGE);
        m.put(ModelFormat.DATASET, dataset);
        if (!datasetSha256.isEmpty()) {
            m.put(ModelFormat.DATASET_SHA256, DatasetHash.toJson(datasetSha256));
        }
        m.put(ModelFormat.CLASSES, new Gson().toJson(classNames));
        m.put(ModelFormat.CLASSIFIER_ACCURACY, String.format(Locale.ROOT, "%.4f", accuracy));
        m.put(ModelFormat.CLASSIFIER_TEST_SET, testSet);
        m.put(ModelFormat.TRAINING_CONFIG, trainingJson);
        m.put(ModelFormat.TRAINING_SECONDS, String.format(Locale.ROOT, "%.1f", seconds));
        m.put(ModelFormat.TOOL_VERSIONS, GeneratorExport.toolsJson());
        m.put(ModelFormat.CREATED, Instant.now().toString());
        int classes = classNames.size();
        OnnxExporter.write(
                OnnxExporter.buildClassifier(
                        trainer.network(),
                        imageShape,
                        classes,
                        ClassifierTrainer.featureLayer(classes, imageShape[1]),
                        ClassifierTrainer.FEATURES,
                        m),
                file);
    }
}
