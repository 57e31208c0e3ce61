package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelMetadataTest {
    static Map<String, String> good() {
        Map<String, String> m = new HashMap<>();
        m.put(ModelFormat.SCHEMA, "1");
        m.put(ModelFormat.LATENT_SIZE, "100");
        m.put(ModelFormat.IMAGE_SHAPE, "3,64,32");
        m.put(ModelFormat.CLASSES, "[\"T-shirt/top\",\"Trouser\"]");
        return m;
    }

    @Test
    void parsesShapeRangeAndClasses() throws ModelException {
        ModelMetadata md = ModelMetadata.parse(good(), "m");
        assertEquals(100, md.latentSize());
        assertEquals(3, md.channels());
        assertEquals(64, md.height());
        assertEquals(32, md.width());
        assertEquals(-1f, md.minValue());
        assertEquals(1f, md.maxValue());
        assertEquals(List.of("T-shirt/top", "Trouser"), md.classes());
    }

    @Test
    void classNamesMustBeDistinctNonEmptyStrings() {
        for (String bad :
                new String[] {"[\"a\",null]", "[\"Dress\",\"dress\"]", "[\"a\",\" \"]", "{}", "[1,[2]]", "nope"}) {
            Map<String, String> m = good();
            m.put(ModelFormat.CLASSES, bad);
            ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parse(m, "m.onnx"), bad);
            assertEquals(Reason.MALFORMED, e.reason(), bad);
            assertTrue(e.getMessage().contains("distinct, non-empty class names"), e.getMessage());
        }
    }

    @Test
    void unknownKindWordsAndOldFamilyKindsAreToldApart() throws ModelException {
        Map<String, String> old = good();
        old.put(ModelFormat.KIND, "cgan");
        assertEquals("cgan", ModelMetadata.parse(old, "m").family(), "a file written before ganzoo.family");
        for (String kind : new String[] {"Generator", "gan", ""}) {
            Map<String, String> m = good();
            m.put(ModelFormat.KIND, kind);
            ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parse(m, "m"), kind);
            assertEquals(Reason.UNSUPPORTED, e.reason(), kind);
        }
    }

    @Test
    void aClassifiersAccuracyIsANumberInZeroToOne() throws ModelException {
        Map<String, String> c = good();
        c.put(ModelFormat.KIND, "classifier");
        c.put(ModelFormat.CLASSIFIER_ACCURACY, "0.9208");
        assertEquals("0.9208", ModelMetadata.parseClassifier(c, "c").get(ModelFormat.CLASSIFIER_ACCURACY));
        for (String bad : new String[] {"high", "1.5", "NaN", "-0.1"}) {
            c.put(ModelFormat.CLASSIFIER_ACCURACY, bad);
            ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parseClassifier(c, "c"), bad);
            assertEquals(Reason.MALFORMED, e.reason(), bad);
        }
        Map<String, String> newer = good();
        newer.put(ModelFormat.SCHEMA, "2");
        newer.put(ModelFormat.KIND, "classifier");
        ModelException two = assertThrows(ModelException.class, () -> ModelMetadata.parseClassifier(newer, "c"));
        assertEquals(Reason.UNSUPPORTED, two.reason());
        assertTrue(two.getMessage().contains("Upgrade ganzoo"), two.getMessage());
        ModelException generator = assertThrows(ModelException.class, () -> ModelMetadata.parseClassifier(good(), "g"));
        assertEquals(Reason.WRONG_KIND, generator.reason());
        assertTrue(generator.getMessage().contains("is a generator"), generator.getMessage());
    }

    @Test
    void malformedEntriesAreNamedWithWhatWasFound() {
        Map<String, String> m = good();
        m.put(ModelFormat.LATENT_SIZE, "-4");
        ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parse(m, "m.onnx"));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertEquals("m.onnx: metadata 'ganzoo.latent.size' must be a positive integer, found '-4'", e.getMessage());
        Map<String, String> s = good();
        s.put(ModelFormat.IMAGE_SHAPE, "28,28");
        ModelException e2 = assertThrows(ModelException.class, () -> ModelMetadata.parse(s, "m.onnx"));
        assertEquals(Reason.MALFORMED, e2.reason(), e2.getMessage());
        assertTrue(e2.getMessage().contains("found '28,28'"), e2.getMessage());
        Map<String, String> f = good();
        f.put(ModelFormat.SCHEMA, "2");
        ModelException e3 = assertThrows(ModelException.class, () -> ModelMetadata.parse(f, "m.onnx"));
        assertEquals(Reason.UNSUPPORTED, e3.reason(), e3.getMessage());
        assertTrue(e3.getMessage().contains("format 2 is not supported"), e3.getMessage());
    }

    @Test
    void theLatentPriorComesFromTheMetadata() throws ModelException {
        assertEquals(Prior.NORMAL, ModelMetadata.parse(good(), "m").latentPrior(), "normal by default");
        Map<String, String> u = good();
        u.put(ModelFormat.LATENT_PRIOR, "uniform(-1,1)");
        assertEquals(Prior.UNIFORM, ModelMetadata.parse(u, "m").latentPrior());
        Map<String, String> bad = good();
        bad.put(ModelFormat.LATENT_PRIOR, "cauchy(0,1)");
        ModelException e = assertThrows(ModelException.class, () -> ModelMetadata.parse(bad, "m.onnx"));
        assertEquals(Reason.UNSUPPORTED, e.reason(), "a prior this build does not know: " + e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("latent prior 'cauchy(0,1)' is not supported; expected normal(0,1) or"
                                + " uniform(-1,1)"),
                e.getMessage());
    }

    /**
     * Issue 26: metadata is read from the ONNX bytes without starting ONNX Runtime (zoo publish opened a session just
     * for it); it equals what ONNX Runtime reads, for every embedded model, evaluator and fixture.
     */
    @Test
    void metadataFromTheBytesEqualsOnnxRuntimes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<byte[]> models = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (io.ganzoo.zoo.ModelEntry e : io.ganzoo.zoo.Zoo.configured().list()) {
            models.add(io.ganzoo.zoo.Zoo.configured().fetch(e.id()).bytes());
            names.add(e.id());
        }
        for (String f : new String[] {"tiny-dcgan.onnx", "tiny-cgan.onnx"}) {
            models.add(java.nio.file.Files.readAllBytes(Fixtures.copy(dir, f)));
            names.add(f);
        }
        assertTrue(models.size() > 8, names.toString());
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        for (int i = 0; i < models.size(); i++) {
            Map<String, String> ort;
            try (ai.onnxruntime.OrtSession.SessionOptions so = new ai.onnxruntime.OrtSession.SessionOptions();
                    ai.onnxruntime.OrtSession s = env.createSession(models.get(i), so)) {
                ort = s.getMetadata().getCustomMetadata();
            }
            Map<String, String> ours = ModelMetadata.read(models.get(i), names.get(i));
            assertTrue(ours.containsKey(ModelFormat.NAME), names.get(i) + ": " + ours.keySet());
            assertEquals(ort, ours, names.get(i));
        }
        ModelException e = assertThrows(
                ModelException.class, () -> ModelMetadata.read(java.util.Arrays.copyOf(models.get(0), 1000), "cut"));
        assertEquals(Reason.MALFORMED, e.reason());
    }
}
