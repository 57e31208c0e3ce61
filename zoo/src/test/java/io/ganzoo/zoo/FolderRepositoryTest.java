package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local repository folders, publishing into them, deprecation and required versions. */
class FolderRepositoryTest {
    @TempDir
    Path dir;

    @Test
    void publishWritesAnIndexTheFolderRepositoryServesAndNeverOverwrites() throws Exception {
        Path file = dir.resolve("export.onnx");
        Files.write(file, "model bytes".getBytes(StandardCharsets.UTF_8));
        Path repo = dir.resolve("repo");
        Map<String, String> md = Map.of(
                "ganzoo.format",
                "1",
                "ganzoo.name",
                "celeba-dcgan",
                "ganzoo.version",
                "1.0.0",
                "ganzoo.kind",
                "dcgan",
                "ganzoo.dataset",
                "folder/64",
                "ganzoo.training.steps",
                "12");
        ModelEntry e = Publisher.publish(repo, file, md, Publisher.card(md, null, "train ...", "MIT"));
        assertEquals("celeba-dcgan-1.0.0.onnx", e.file());
        assertEquals(12, e.card().trainingSteps());
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(repo))
                .optCache(new ModelCache(dir.resolve("c")))
                .build();
        assertArrayEquals(Files.readAllBytes(file), zoo.fetch("celeba-dcgan").bytes());
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> Publisher.publish(repo, file, md, e.card()));
        assertTrue(twice.getMessage().contains("already published"), twice.getMessage());
        Map<String, String> v2 = Map.of("ganzoo.format", "1", "ganzoo.name", "celeba-dcgan", "ganzoo.version", "1.1.0");
        Publisher.publish(repo, file, v2, Publisher.card(v2, "t", null, "MIT"));
        assertEquals("1.1.0", zoo.find("celeba-dcgan@latest").version());
        assertEquals(2, new FolderRepository(repo).index().models().size());
        // metadata whose training time is not a JSON number (1e9999 reads as Infinity): the card leaves the figures
        // out and the index is written (it was not, and the copied file was orphaned)
        Map<String, String> inf = Map.of(
                "ganzoo.format",
                "1",
                "ganzoo.name",
                "celeba-dcgan",
                "ganzoo.version",
                "1.2.0",
                "ganzoo.training.seconds",
                "1e9999",
                "ganzoo.training.steps",
                "5");
        Publisher.publish(repo, file, inf, Publisher.card(inf, "t", null, "MIT"));
        assertEquals(3, new FolderRepository(repo).index().models().size());
        assertEquals(
                0.0, new FolderRepository(repo).index().models().get(2).card().trainingSeconds());
        ZooException noName = assertThrows(
                ZooException.class, () -> Publisher.publish(repo, file, Map.of("ganzoo.format", "1"), null));
        assertEquals(Reason.MALFORMED, noName.reason(), noName.getMessage());
        assertTrue(noName.getMessage().contains("publish files exported by ganzoo-trainer"), noName.getMessage());
        // what is published must be a ganzoo model of a kind this build knows (the index could not list it otherwise)
        ZooException none = assertThrows(ZooException.class, () -> Publisher.publish(repo, file, Map.of(), null));
        assertEquals(Reason.MALFORMED, none.reason(), none.getMessage());
        assertTrue(none.getMessage().contains("has no 'ganzoo.format'"), none.getMessage());
        Map<String, String> newer = Map.of("ganzoo.format", "2", "ganzoo.name", "x", "ganzoo.version", "1.0.0");
        ZooException two = assertThrows(ZooException.class, () -> Publisher.publish(repo, file, newer, null));
        assertEquals(Reason.UNSUPPORTED, two.reason(), two.getMessage());
        for (String kind : new String[] {"Generator", "", "gan", "Classifier"}) {
            Map<String, String> odd =
                    Map.of("ganzoo.format", "1", "ganzoo.name", "x", "ganzoo.version", "1.0.0", "ganzoo.kind", kind);
            ZooException e2 = assertThrows(ZooException.class, () -> Publisher.publish(repo, file, odd, null), kind);
            assertEquals(Reason.UNSUPPORTED, e2.reason(), e2.getMessage());
            assertTrue(e2.getMessage().contains("expected generator or classifier"), e2.getMessage());
        }
        assertEquals(3, new FolderRepository(repo).index().models().size(), "nothing refused was published");
    }

    @Test
    void deprecatedVersionsAreSkippedUnlessAskedForAndRequiredVersionsAreChecked() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("r"));
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        Files.write(repo.resolve("m.bin"), b);
        String sha = Zoo.sha256(b);
        Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":["
                        + "{\"name\":\"m\",\"version\":\"1.0.0\",\"file\":\"m.bin\",\"sha256\":\"" + sha
                        + "\",\"size\":1},"
                        + "{\"name\":\"m\",\"version\":\"1.1.0\",\"file\":\"m.bin\",\"sha256\":\"" + sha
                        + "\",\"size\":1,"
                        + "\"deprecated\":\"draws noise; use 1.0.0\"},"
                        + "{\"name\":\"m\",\"version\":\"2.0.0\",\"file\":\"m.bin\",\"sha256\":\"" + sha
                        + "\",\"size\":1,"
                        + "\"requires\":\"99.0.0\"}]}");
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(repo))
                .optCache(new ModelCache(dir.resolve("c")))
                .build();
        assertEquals("1.0.0", zoo.find("m@1").version(), "1.1.0 is deprecated");
        assertEquals("1.1.0", zoo.find("m@1.1.0").version(), "but can be asked for exactly");
        assertEquals("draws noise; use 1.0.0", zoo.find("m@1.1.0").deprecated());
        ZooException newer = assertThrows(ZooException.class, () -> zoo.fetch("m"));
        assertEquals(Reason.UNSUPPORTED, newer.reason(), newer.getMessage());
        assertTrue(newer.getMessage().contains("needs ganzoo 99.0.0 or newer"), newer.getMessage());
        assertEquals(1, zoo.fetch("m@1").bytes().length);
    }

    @Test
    void aMissingIndexOrFileIsAClearError() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("empty"));
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(repo))
                .optCache(new ModelCache(dir.resolve("c")))
                .build();
        ZooException e = assertThrows(ZooException.class, () -> zoo.fetch("m"));
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("no index.json"), e.getMessage());
        ZooException direct = assertThrows(ZooException.class, () -> new FolderRepository(repo).index());
        assertEquals(Reason.ACCESS, direct.reason(), direct.getMessage());
        ZooException escape = assertThrows(ZooException.class, () -> new FolderRepository(repo).resolve("../x"));
        assertEquals(Reason.MALFORMED, escape.reason(), escape.getMessage());
    }

    /** A repository whose model file is a symlink (to /etc/passwd), a FIFO (sample hung for ever) or a folder. */
    @Test
    void aModelFileThatIsNotARegularFileIsRefusedBeforeOpening() throws Exception {
        for (String kind : new String[] {"symlink", "fifo", "folder"}) {
            Path repo = Files.createDirectories(dir.resolve("repo-" + kind));
            Path file = repo.resolve("m.onnx");
            switch (kind) {
                case "symlink" -> Files.createSymbolicLink(file, Path.of("/etc/passwd"));
                case "fifo" ->
                    assertEquals(
                            0,
                            new ProcessBuilder("mkfifo", file.toString())
                                    .start()
                                    .waitFor());
                default -> Files.createDirectory(file);
            }
            Files.writeString(
                    repo.resolve("index.json"),
                    "{\"schemaVersion\":1,\"models\":[{\"name\":\"m\","
                            + "\"version\":\"1.0.0\",\"file\":\"m.onnx\",\"sha256\":\"" + "0".repeat(64)
                            + "\",\"size\":1}]}");
            Zoo zoo = Zoo.builder()
                    .addRepository(new FolderRepository(repo))
                    .optCache(new ModelCache(dir.resolve("c")))
                    .build();
            long t0 = System.nanoTime();
            ZooException e = assertThrows(ZooException.class, () -> zoo.fetch("m"));
            assertTrue(System.nanoTime() - t0 < 10_000_000_000L, kind + ": answered, did not wait on the file");
            assertEquals(Reason.ACCESS, e.reason(), kind + ": " + e.getMessage());
            String want = switch (kind) {
                case "symlink" -> "m@1.0.0's file 'm.onnx' is a symbolic link";
                case "fifo" -> "m@1.0.0's file 'm.onnx' is not a regular file (a FIFO, socket or device)";
                default -> "m@1.0.0's file 'm.onnx' is a folder";
            };
            assertTrue(e.getMessage().contains(want), kind + ": " + e.getMessage());
        }
        Path linkedIndex = Files.createDirectories(dir.resolve("repo-index"));
        Files.createSymbolicLink(linkedIndex.resolve("index.json"), Path.of("/etc/hostname"));
        ZooException e = assertThrows(ZooException.class, () -> new FolderRepository(linkedIndex).index());
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("index.json is a symbolic link"), e.getMessage());
    }
}
