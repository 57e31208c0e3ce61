package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The models of several jars (ganzoo-models, ganzoo-evaluators) seen as one repository, each jar optional. */
class EmbeddedRepositoryTest {
    private static final ClassLoader LOADER = EmbeddedRepositoryTest.class.getClassLoader();

    @Test
    void foldersFromSeveralJarsMakeOneIndexAndEachFileIsReadFromItsOwn() throws Exception {
        Zoo zoo = Zoo.of(new EmbeddedRepository(LOADER, "testzoo/", "testzoo2"));
        assertEquals("second zoo file\n", new String(zoo.fetch("second").bytes(), StandardCharsets.UTF_8));
        assertEquals(ModelFormat.Kind.CLASSIFIER, zoo.find("second").modelKind());
        assertEquals(
                "version one point two\n", new String(zoo.fetch("dummy@1.2.0").bytes(), StandardCharsets.UTF_8));
        assertEquals(6, zoo.list().size());
    }

    @Test
    void anArtifactMissingFromTheClasspathIsNamedWhenItsModelIsAskedFor() throws Exception {
        EmbeddedRepository r = new EmbeddedRepository(LOADER, "testzoo/", EmbeddedRepository.EVALUATORS);
        assertEquals(List.of("io.ganzoo:ganzoo-evaluators (the evaluator classifiers)"), r.absent());
        ZooException e = assertThrows(ZooException.class, () -> Zoo.of(r).find("fashion-classifier"));
        assertEquals(ModelException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("The classpath lacks io.ganzoo:ganzoo-evaluators"), e.getMessage());
        assertEquals("1.3.0-rc.1", Zoo.of(r).find("dummy").version(), "the folders that are there still serve");
    }

    @Test
    void noArtifactAtAllIsAnEmptyRepositoryThatSaysWhatToAdd() throws Exception {
        EmbeddedRepository none =
                new EmbeddedRepository(LOADER, EmbeddedRepository.GENERATORS, EmbeddedRepository.EVALUATORS);
        assertTrue(none.index().models().isEmpty());
        ZooException e = assertThrows(ZooException.class, () -> Zoo.of(none).find("fashion-dcgan"));
        assertEquals(ModelException.Reason.NOT_FOUND, e.reason());
        assertTrue(
                e.getMessage().contains("io.ganzoo:ganzoo-models (the generators) and io.ganzoo:ganzoo-evaluators"),
                e.getMessage());
    }

    @Test
    void aModelListedInTwoFoldersIsRefused() {
        ZooException e = assertThrows(
                ZooException.class, () -> new EmbeddedRepository(LOADER, "testzoo/", "testzoo-clash/").index());
        assertEquals(ModelException.Reason.MALFORMED, e.reason());
        assertTrue(
                e.getMessage().contains("dummy@1.0.0") && e.getMessage().contains("two embedded folders"),
                e.getMessage());
    }

    @Test
    void aRepositoryNeedsAFolder() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedRepository(LOADER));
    }
}
