package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kinds and families of today's files and of files written before ganzoo.family existed. */
class ModelFormatTest {
    private static Map<String, String> md(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void todaysAndOlderFilesReadTheSame() throws ModelException {
        Map<String, String> today = md(ModelFormat.KIND, "generator", ModelFormat.FAMILY, "cgan");
        Map<String, String> older = md(ModelFormat.KIND, "cgan");
        for (Map<String, String> m : java.util.List.of(today, older)) {
            assertEquals(ModelFormat.Kind.GENERATOR, ModelFormat.check(m, "m"));
            assertEquals("cgan", ModelFormat.familyOf(m));
        }
        assertEquals(ModelFormat.Kind.GENERATOR, ModelFormat.check(md(), "m"), "no kind: a generator");
        assertNull(ModelFormat.familyOf(md()));
        Map<String, String> classifier = md(ModelFormat.KIND, "classifier");
        assertEquals(ModelFormat.Kind.CLASSIFIER, ModelFormat.check(classifier, "m"));
        assertNull(ModelFormat.familyOf(classifier));
        assertEquals(
                ModelFormat.Kind.GENERATOR,
                ModelFormat.check(md(ModelFormat.KIND, "rpgan", ModelFormat.FAMILY, "rpgan"), "m"),
                "an old kind and the same family agree");
    }

    @Test
    void unknownKindWordsAreRefusedNamingTheExpectedOnes() {
        for (String kind : new String[] {"Generator", "CLASSIFIER", "", "gan", "wgan-gp", " dcgan"}) {
            ModelException e =
                    assertThrows(ModelException.class, () -> ModelFormat.check(md(ModelFormat.KIND, kind), "m"));
            assertEquals(Reason.UNSUPPORTED, e.reason(), kind);
            assertTrue(e.getMessage().contains("'" + kind + "': expected generator or classifier"), e.getMessage());
        }
    }

    @Test
    void contradictionsAndMissingOrNewerSchemasAreRefused() {
        ModelException conflict = assertThrows(
                ModelException.class,
                () -> ModelFormat.check(md(ModelFormat.KIND, "cgan", ModelFormat.FAMILY, "dcgan"), "m"));
        assertEquals(Reason.MALFORMED, conflict.reason());
        ModelException familyOnClassifier = assertThrows(
                ModelException.class,
                () -> ModelFormat.check(md(ModelFormat.KIND, "classifier", ModelFormat.FAMILY, "dcgan"), "m"));
        assertEquals(Reason.MALFORMED, familyOnClassifier.reason());
        ModelException none = assertThrows(ModelException.class, () -> ModelFormat.check(Map.of(), "m"));
        assertEquals(Reason.MALFORMED, none.reason());
        ModelException newer =
                assertThrows(ModelException.class, () -> ModelFormat.check(Map.of(ModelFormat.SCHEMA, "2"), "m"));
        assertEquals(Reason.UNSUPPORTED, newer.reason());
        assertTrue(newer.getMessage().contains("Upgrade ganzoo"), newer.getMessage());
    }

    @Test
    void kindWireNamesRoundTrip() {
        for (ModelFormat.Kind k : ModelFormat.Kind.values()) {
            assertEquals(k, ModelFormat.Kind.parse(k.wireName()));
        }
        assertThrows(IllegalArgumentException.class, () -> ModelFormat.Kind.parse("Generator"));
    }
}
