package io.ganzoo.trainer.train;

import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.export.ClassifierExport;
import io.ganzoo.trainer.export.ExportTest;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator classifier: trains, exports with its accuracy, and ONNX Runtime predicts what DJL predicts. */
class ClassifierTrainerTest {
    @TempDir
    Path dir;

    @Test
    void learnsTheQuadrantsExportsAndRunsTheSameInTheSdk() throws Exception {
        ImageDataset train = SyntheticData.rectangles(640, 28, 1L);
        ImageDataset test = SyntheticData.rectangles(200, 28, 2L);
        Path onnx = dir.resolve("quadrants.onnx");
        int[] djl;
        try (ClassifierTrainer t =
                new ClassifierTrainer(new ClassifierTrainer.Config(2, 64, 1e-3f, 1, 3L), 4, new int[] {1, 28, 28})) {
            List<Double> acc = t.train(train, test, null);
            assertEquals(2, acc.size());
            assertTrue(acc.get(1) >= 0.95, "accuracy on held-out rectangles " + acc);
            djl = t.predict(test);
            ClassifierExport.write(
                    t,
                    "quadrants-classifier",
                    "0.1.0",
                    train.name(),
                    new int[] {1, 28, 28},
                    SyntheticData.CLASSES,
                    test.name(),
                    acc.get(1),
                    "{}",
                    1.0,
                    Map.of(), // data made in memory: no files to hash
                    onnx);
        }
        ExportTest.assertChecked(onnx);
        try (Classifier c = Classifier.load(onnx, Options.defaults())) {
            assertEquals(SyntheticData.CLASSES, c.classes());
            assertEquals(ClassifierTrainer.FEATURES, c.featureSize());
            assertEquals(ModelFormat.Kind.CLASSIFIER.wireName(), c.metadata().get(ModelFormat.KIND));
            assertTrue(c.accuracy() >= 0.95);
            Classifier.Scores s = c.classify(Evaluation.images(test));
            assertArrayEquals(djl, s.predicted(), "ONNX Runtime and DJL predict the same classes");
        }
    }

    @Test
    void refusesDataOfAnotherShape() {
        try (ClassifierTrainer t =
                new ClassifierTrainer(new ClassifierTrainer.Config(1, 8, 1e-3f, 0, 1L), 4, new int[] {3, 28, 28})) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> t.train(SyntheticData.rectangles(16, 28, 1L), SyntheticData.rectangles(16, 28, 2L), null));
            assertTrue(e.getMessage().contains("3x28x28") && e.getMessage().contains("1x28x28"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer.Config(0, 8, 1e-3f, 0, 1L));
    }
}
