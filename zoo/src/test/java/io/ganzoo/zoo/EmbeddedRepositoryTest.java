package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * Issue 25: render's not-found advice named ganzoo-evaluators for a generator (the CLI carries the generators'
     * artifact, not the evaluators'). A lookup of a kind is told only of the missing artifacts of that kind.
     */
    @Test
    void aLookupOfAKindIsToldOnlyOfTheArtifactsOfThatKind() throws Exception {
        EmbeddedRepository r = new EmbeddedRepository(LOADER, "testzoo/", EmbeddedRepository.EVALUATORS);
        Zoo zoo = Zoo.of(r);
        ZooException generator =
                assertThrows(ZooException.class, () -> zoo.fetch("fashon-dcgan", ModelFormat.Kind.GENERATOR, null));
        assertEquals(ModelException.Reason.NOT_FOUND, generator.reason());
        assertFalse(generator.getMessage().contains("ganzoo-evaluators"), generator.getMessage());
        ZooException classifier = assertThrows(
                ZooException.class, () -> zoo.fetch("fashion-classifier", ModelFormat.Kind.CLASSIFIER, null));
        assertTrue(
                classifier.getMessage().contains("The classpath lacks io.ganzoo:ganzoo-evaluators"),
                classifier.getMessage());
        EmbeddedRepository none =
                new EmbeddedRepository(LOADER, EmbeddedRepository.GENERATORS, EmbeddedRepository.EVALUATORS);
        ZooException both =
                assertThrows(ZooException.class, () -> Zoo.of(none).fetch("x", ModelFormat.Kind.GENERATOR, null));
        assertTrue(
                both.getMessage().contains("The classpath lacks io.ganzoo:ganzoo-models (the generators): add it")
                        && !both.getMessage().contains("ganzoo-evaluators"),
                both.getMessage());
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
    void aFolderThatClashesOrIsDamagedIsSkippedAndNamedWhileTheOthersServe() throws Exception {
        EmbeddedRepository clash = new EmbeddedRepository(LOADER, "testzoo/", "testzoo-clash/");
        assertEquals(5, clash.index().models().size(), "the first folder serves");
        assertTrue(
                clash.skipped().get(0).contains("dummy@1.0.0")
                        && clash.skipped().get(0).contains("another"),
                clash.skipped().toString());
        EmbeddedRepository damaged = new EmbeddedRepository(LOADER, "testzoo-damaged/", "testzoo2/");
        assertEquals("second", Zoo.of(damaged).find("second").name(), "a damaged folder does not take the others");
        ZooException e = assertThrows(ZooException.class, () -> Zoo.of(damaged).find("dummy"));
        assertEquals(ModelException.Reason.NOT_FOUND, e.reason());
        assertTrue(
                e.getMessage().contains("Skipped: embedded:testzoo-damaged/index.json is not valid JSON"),
                e.getMessage());
        assertTrue(!e.getMessage().contains(".."), e.getMessage());
        ZooException alone =
                assertThrows(ZooException.class, () -> new EmbeddedRepository(LOADER, "testzoo-damaged/").index());
        assertEquals(ModelException.Reason.MALFORMED, alone.reason(), "nothing readable: the folder's own reason");
    }

    @Test
    void aRepositoryNeedsAFolder() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedRepository(LOADER));
    }
}
