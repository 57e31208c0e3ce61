package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resolution and verification against {@code testzoo/} on the test classpath. */
class ZooTest {
    static final Zoo ZOO = Zoo.of(new EmbeddedRepository(ZooTest.class.getClassLoader(), "testzoo/"));

    @Test
    void nameResolvesToTheNewestReleaseAndVersionsResolveExactly() throws ZooException {
        assertEquals("1.3.0-rc.1", ZOO.find("dummy").version(), "pre-release of 1.3.0 is newer than 1.2.0");
        assertEquals("1.0.0", ZOO.find("dummy@1.0.0").version());
        assertEquals("1.2.0", ZOO.find("dummy@1.2.0").version());
        assertEquals("1.2.0", ZOO.find("dummy@1").version(), "a prefix takes the newest release under it");
        assertEquals("1.1.0", ZOO.find("dummy@1.1").version());
        assertEquals("1.3.0-rc.1", ZOO.find("dummy@latest").version());
        assertEquals("first", ZOO.find("dummy@1.0.0").card().title());
    }

    @Test
    void fetchVerifiesAndReturnsTheBytes() throws ZooException {
        Zoo.Fetched f = ZOO.fetch("dummy@1.2.0");
        assertEquals("version one point two\n", new String(f.bytes(), StandardCharsets.UTF_8));
        assertEquals("dummy@1.2.0", f.entry().id());
    }

    @Test
    void checksumMismatchIsRefused() {
        ZooException e = assertThrows(ZooException.class, () -> ZOO.fetch("dummy@1.1.0"));
        assertEquals(Reason.CHECKSUM, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Checksum error for dummy@1.1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("expected sha256 ") && e.getMessage().contains(", actual "), e.getMessage());
    }

    @Test
    void sizeMismatchAndMissingFileAreRefused() {
        ZooException size = assertThrows(ZooException.class, () -> ZOO.fetch("other"));
        assertEquals(Reason.CHECKSUM, size.reason(), size.getMessage());
        assertTrue(size.getMessage().contains("expected 999 bytes, found 18"), size.getMessage());
        ZooException missing = assertThrows(ZooException.class, () -> ZOO.fetch("dummy@1.3.0-rc.1"));
        assertEquals(Reason.NOT_FOUND, missing.reason(), missing.getMessage());
        assertTrue(
                missing.getMessage().contains("lists file 'missing.bin' but the jar does not contain it"),
                missing.getMessage());
    }

    @Test
    void unknownNamesAndVersionsListWhatIsKnown() {
        ZooException name = assertThrows(ZooException.class, () -> ZOO.find("dumy"));
        assertEquals(Reason.NOT_FOUND, name.reason(), name.getMessage());
        assertTrue(name.getMessage().contains("Known models: [dummy, other]"), name.getMessage());
        assertTrue(name.getMessage().contains("Did you mean dummy?"), name.getMessage());
        ZooException version = assertThrows(ZooException.class, () -> ZOO.find("dummy@9.0.0"));
        assertEquals(Reason.NOT_FOUND, version.reason(), version.getMessage());
        assertTrue(
                version.getMessage().contains("has versions [1.0.0, 1.1.0, 1.2.0, 1.3.0-rc.1]"), version.getMessage());
    }

    /** A resource folder without index.json is a repository that cannot be read, as a folder without one is. */
    @Test
    void anEmbeddedFolderNotOnTheClasspathIsAnArtifactTheAppLacks() throws ZooException {
        // An app that left out a model artifact: its models are not found, and the message names the folder missing.
        EmbeddedRepository none = new EmbeddedRepository(ZooTest.class.getClassLoader(), "no-such-zoo/");
        assertTrue(none.index().models().isEmpty());
        ZooException viaZoo =
                assertThrows(ZooException.class, () -> Zoo.of(none).find("dummy"));
        assertEquals(Reason.NOT_FOUND, viaZoo.reason(), viaZoo.getMessage());
        assertTrue(viaZoo.getMessage().contains("The classpath lacks no-such-zoo/"), viaZoo.getMessage());
    }

    @Test
    void malformedReferencesAreCallerErrors() {
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("Fashion DCGAN"));
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("fashion-dcgan@1.0.x"));
        assertEquals(new ModelRef("fashion-dcgan", "1.0"), ModelRef.parse("fashion-dcgan@1.0"));
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("../etc/passwd"));
        assertEquals(new ModelRef("a", null), ModelRef.parse("a@latest"));
    }

    @Test
    void indexErrorsSayWhichFieldIsWrong() {
        assertTrue(read("not json", Reason.MALFORMED).contains("is not valid JSON"));
        assertTrue(read("[]", Reason.MALFORMED).contains("expected a JSON object"));
        assertTrue(read("{\"schemaVersion\": 2, \"models\": []}", Reason.UNSUPPORTED)
                .contains("schema version 2 is not supported"));
        assertTrue(read("{\"models\": []}", Reason.MALFORMED).contains("missing numeric 'schemaVersion'"));
        // a wrong entry is skipped and named; the index itself reads
        assertEquals(
                List.of("t: models[0] (a) skipped: expected a string 'version', found nothing"),
                skipped("{\"schemaVersion\": 1, \"models\": [{\"name\": \"a\"}]}"));
        String escape = "{\"schemaVersion\": 1, \"models\": [{\"name\": \"a\", \"version\": \"1.0.0\", \"file\": "
                + "\"../../x\", \"sha256\": \"" + "0".repeat(64) + "\", \"size\": 1}]}";
        assertTrue(skipped(escape).get(0).contains("'file' must be a plain file name"));
    }

    static List<String> skipped(String json) {
        try {
            return ZooIndex.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t")
                    .skipped();
        } catch (ZooException e) {
            throw new AssertionError(e);
        }
    }

    /** The message of the index error {@code json} raises, which must have reason {@code expected}. */
    static String read(String json, Reason expected) {
        ZooException e = assertThrows(
                ZooException.class,
                () -> ZooIndex.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t"));
        assertEquals(expected, e.reason(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void versionsOrderBySemverPrecedence() {
        assertTrue(Version.parse("1.10.0").compareTo(Version.parse("1.9.9")) > 0);
        assertTrue(Version.parse("2.0.0-rc.1").compareTo(Version.parse("2.0.0")) < 0);
        assertEquals("1.2.3", Version.parse("1.2.3").toString());
    }
}
