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
}
