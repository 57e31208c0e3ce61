package io.ganzoo.sdk;

import io.ganzoo.zoo.FolderRepository;
import io.ganzoo.zoo.ModelCache;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Publisher;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 26, an open zoo: an application configures its repositories in code ({@code Options.optZoo(Zoo)}) instead of
 * through environment variables and system properties, which were the only way before.
 */
class ZooInCodeTest {
    @TempDir
    Path dir;

    @Test
    void namesResolveInTheZooGivenInCode() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.writeString(repo.resolve("index.json"), "{\"schemaVersion\": 1, \"models\": []}");
        Path file = Fixtures.copy(dir, "tiny-dcgan.onnx");
        Map<String, String> md = ModelMetadata.read(file);
        Publisher.publish(repo, file, md, Publisher.card(md, "tiny", "test", "MIT"));
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(repo))
                .optCache(new ModelCache(dir.resolve("cache")))
                .build();
        Options options = Options.builder().optZoo(zoo).build();
        try (Generator inCode = Generator.load("tiny-dcgan", options);
                Generator byFile = Generator.load(file)) {
            assertEquals("tiny-dcgan@0.1.0", inCode.source());
            assertArrayEquals(
                    byFile.sample(4, 9L).pixels(), inCode.sample(4, 9L).pixels());
        }
        // the environment's zoo (the embedded models) does not know it
        assertThrows(ModelException.class, () -> Generator.load("tiny-dcgan"));
        // and the zoo in code knows only its own repository
        assertThrows(ModelException.class, () -> Generator.load("fashion-dcgan", options));
        assertEquals(zoo, options.zoo());
    }

    /**
     * An index that lists a file as another kind than the file says is refused when the model loads (re-test: a
     * generator listed as a classifier loaded and sampled), as a generator and as a classifier.
     */
    @Test
    void aFileOfAnotherKindThanItsIndexSaysIsRefused() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("lies"));
        Files.writeString(repo.resolve("index.json"), "{\"schemaVersion\": 1, \"models\": []}");
        Path file = Fixtures.copy(dir, "tiny-dcgan.onnx");
        Map<String, String> md = ModelMetadata.read(file);
        Publisher.publish(repo, file, md, null);
        Path index = repo.resolve("index.json");
        String listed = Files.readString(index);
        assertTrue(listed.contains("\"kind\": \"generator\""), listed);
        Files.writeString(index, listed.replace("\"kind\": \"generator\"", "\"kind\": \"classifier\""));
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(repo))
                .optCache(new ModelCache(dir.resolve("lies-cache")))
                .build();
        Options options = Options.builder().optZoo(zoo).build();
        ModelException g = assertThrows(ModelException.class, () -> Generator.load("tiny-dcgan", options));
        assertEquals(ModelException.Reason.MALFORMED, g.reason());
        assertEquals(
                "tiny-dcgan@0.1.0 is listed in its repository's index as a classifier, but its file is a generator (its"
                        + " ganzoo.kind metadata): the index is wrong. Its publisher must correct the entry's \"kind\"",
                g.getMessage());
        ModelException c = assertThrows(ModelException.class, () -> Classifier.load("tiny-dcgan", options));
        assertEquals(ModelException.Reason.MALFORMED, c.reason(), c.getMessage());
    }

    /**
     * Models that arrive in memory load from their bytes (Spark wrote a temporary file for that), checked against a
     * SHA-256 when one is given; {@link Generator#sha256()} is the bytes' hash, the zoo index's for a zoo model.
     */
    @Test
    void aModelLoadsFromBytesCheckedByItsSha256() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx"));
        String sha = io.ganzoo.zoo.Zoo.sha256(bytes);
        try (Generator fromBytes = Generator.load(bytes, "assets/tiny.onnx", sha.toUpperCase(), Options.defaults());
                Generator fromStream =
                        Generator.load(new java.io.ByteArrayInputStream(bytes), "stream", null, Options.defaults());
                Generator fromFile = Generator.load(dir.resolve("tiny-dcgan.onnx"))) {
            assertEquals("assets/tiny.onnx", fromBytes.source());
            assertEquals(sha, fromBytes.sha256());
            assertEquals(sha, fromFile.sha256());
            assertArrayEquals(
                    fromFile.sample(3, 2L).pixels(), fromBytes.sample(3, 2L).pixels());
            assertArrayEquals(
                    fromFile.sample(3, 2L).pixels(), fromStream.sample(3, 2L).pixels());
        }
        byte[] altered = bytes.clone();
        altered[altered.length / 2] ^= 1;
        ModelException e = assertThrows(
                ModelException.class, () -> Generator.load(altered, "assets/tiny.onnx", sha, Options.defaults()));
        assertEquals(ModelException.Reason.CHECKSUM, e.reason());
        assertEquals(
                true,
                e.getMessage().startsWith("assets/tiny.onnx failed its checksum: its " + bytes.length + " bytes have"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Generator.load(bytes, "x", "not-a-sha", Options.defaults()));
        try (Generator embedded = Generator.load("fashion-dcgan")) {
            String listed = Zoo.configured().fetch("fashion-dcgan").entry().sha256();
            assertEquals(listed, embedded.sha256(), "a zoo model's is its index entry's");
        }
    }

    /**
     * Attack pass: every IllegalArgumentException from the zoo got "(or give the path of an .onnx file)", settings'
     * errors included; only a malformed model reference is one that a file path could replace.
     */
    @Test
    void onlyAMalformedReferenceSuggestsAFilePath() {
        IllegalArgumentException ref = assertThrows(IllegalArgumentException.class, () -> Generator.load("Tiny DCGAN"));
        org.junit.jupiter.api.Assertions.assertTrue(
                ref.getMessage().endsWith("(or give the path of an .onnx file)"), ref.getMessage());
        System.setProperty("ganzoo.offline", "maybe");
        try {
            IllegalArgumentException setting =
                    assertThrows(IllegalArgumentException.class, () -> Generator.load("tiny-dcgan"));
            org.junit.jupiter.api.Assertions.assertTrue(
                    setting.getMessage().startsWith("GANZOO_OFFLINE / ganzoo.offline: expected one of"),
                    setting.getMessage());
            org.junit.jupiter.api.Assertions.assertFalse(
                    setting.getMessage().contains(".onnx file"), setting.getMessage());
        } finally {
            System.clearProperty("ganzoo.offline");
        }
    }
}
