package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifierTest {

    @Test
    void embeddedClassifiersAreListedAsClassifiersAndRecordTheirAccuracy() throws Exception {
        List<ModelEntry> classifiers = Zoo.defaultZoo().list().stream()
                .filter(e -> e.modelKind() == ModelFormat.Kind.CLASSIFIER)
                .toList();
        assertEquals(
                List.of("fashion-classifier", "mnist-classifier", "emoji-classifier"),
                classifiers.stream().map(ModelEntry::name).toList());
        try (Classifier f = Classifier.load("fashion-classifier");
                Classifier m = Classifier.load("mnist-classifier")) {
            assertTrue(f.accuracy() >= 0.90, "fashion accuracy " + f.accuracy());
            assertEquals("fashion-mnist/test", f.testSet());
            assertTrue(m.accuracy() >= 0.98, "mnist accuracy " + m.accuracy());
            assertEquals(10, f.classes().size());
            assertEquals(128, f.featureSize());
        }
    }

    @Test
    void readsTheClassesAConditionalGeneratorWasAskedFor() throws Exception {
        // The cGAN draws the class it is given, so the classifier must mostly agree with the requested labels.
        try (Classifier c = Classifier.load("fashion-classifier");
                Generator g = Generator.load("fashion-cgan")) {
            int[] labels = new int[200];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            Classifier.Scores s = c.classify(g.sample(labels, 3L));
            assertEquals(200, s.count());
            assertEquals(200 * 128, s.features().length);
            int right = 0;
            for (int i = 0; i < labels.length; i++) {
                right += s.predicted(i) == labels[i] ? 1 : 0;
            }
            assertTrue(right >= 150, right + " of 200 samples classified as the requested class");
        }
    }

    @Test
    void refusesWrongShapesAndWrongKinds() throws Exception {
        try (Classifier c = Classifier.load("mnist-classifier")) {
            Images rgb = Images.of(new float[2 * 3 * 28 * 28], 2, 3, 28, 28, -1f, 1f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.classify(rgb));
            assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("3x28x28"), e.getMessage());
        }
        ModelException notGenerator = assertThrows(ModelException.class, () -> Generator.load("mnist-classifier"));
        assertEquals(Reason.WRONG_KIND, notGenerator.reason(), notGenerator.getMessage());
        assertTrue(notGenerator.getMessage().contains("is a classifier"), notGenerator.getMessage());
        ModelException notClassifier = assertThrows(ModelException.class, () -> Classifier.load("fashion-dcgan"));
        assertEquals(Reason.WRONG_KIND, notClassifier.reason(), notClassifier.getMessage());
        assertTrue(
                notClassifier.getMessage().contains("is a generator (family dcgan), not a classifier"),
                notClassifier.getMessage());
    }
}
