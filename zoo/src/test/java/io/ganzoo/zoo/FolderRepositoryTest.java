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

    /**
     * A publish that cannot finish leaves the folder as it was and names what is in the way (re-test: an index.json that
     * is a symbolic link left the copied model unlisted; --repo onto a file, a link to nothing or /proc said "already
     * exists" / "file not found: .index.lock"; a bad name or version in the metadata did not name the file).
     */
    @Test
    void aPublishThatCannotFinishLeavesNothingAndSaysWhy() throws Exception {
        Path file = dir.resolve("export.onnx");
        Files.write(file, "model bytes".getBytes(StandardCharsets.UTF_8));
        Map<String, String> md = Map.of("ganzoo.format", "1", "ganzoo.name", "m", "ganzoo.version", "1.0.0");
        Path repo = Files.createDirectories(dir.resolve("linked"));
        Path real = dir.resolve("real-index.json");
        Files.writeString(real, "{\"schemaVersion\":1,\"models\":[]}");
        Files.createSymbolicLink(repo.resolve("index.json"), real);
        java.io.IOException linked =
                assertThrows(java.io.IOException.class, () -> Publisher.publish(repo, file, md, null));
        assertTrue(linked.getMessage().contains("index.json: it is a symbolic link"), linked.getMessage());
        try (var listed = Files.list(repo)) {
            assertEquals(
                    java.util.List.of("index.json"),
                    listed.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no model copied, no lock left");
        }
        assertEquals("{\"schemaVersion\":1,\"models\":[]}", Files.readString(real));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Object[][] folders = {
            {aFile, "cannot publish into " + aFile + ": it is a file, not a folder"},
            {
                aFile.resolve("sub"),
                "cannot publish into " + aFile.resolve("sub") + ": " + aFile + " is a file, not a" + " folder"
            },
            {
                dangling,
                "cannot publish into " + dangling + ": it is a symbolic link to " + dir.resolve("nowhere")
                        + ", which does not exist"
            }
        };
        for (Object[] c : folders) {
            java.io.IOException e =
                    assertThrows(java.io.IOException.class, () -> Publisher.publish((Path) c[0], file, md, null));
            assertEquals(c[1], e.getMessage());
        }
        Path loopA = dir.resolve("loop-a");
        Files.createSymbolicLink(loopA, dir.resolve("loop-b"));
        Files.createSymbolicLink(dir.resolve("loop-b"), loopA);
        java.io.IOException loop =
                assertThrows(java.io.IOException.class, () -> Publisher.publish(loopA, file, md, null));
        assertEquals( // it was "a symbolic link to .../loop-b, which does not exist"
                "cannot publish into " + loopA
                        + ": it is a symbolic link in a loop of links (it never reaches a file or" + " folder)",
                loop.getMessage());
        assertEquals("x", Files.readString(aFile));
        assertTrue(Files.isSymbolicLink(dangling) && !Files.exists(dir.resolve("nowhere")));
        if (Files.isDirectory(Path.of("/proc/self"))) { // takes no new files, even from root
            java.io.IOException proc = assertThrows(
                    java.io.IOException.class, () -> Publisher.publish(Path.of("/proc/self"), file, md, null));
            assertTrue(
                    proc.getMessage().startsWith("cannot publish into /proc/self: cannot create its lock file"),
                    proc.getMessage());
        }
        Path fresh = dir.resolve("fresh");
        for (String[] nv : new String[][] {{"Bad Name", "1.0.0"}, {"m", "one"}, {"m", ""}}) {
            Map<String, String> bad = Map.of("ganzoo.format", "1", "ganzoo.name", nv[0], "ganzoo.version", nv[1]);
            ZooException e = assertThrows(ZooException.class, () -> Publisher.publish(fresh, file, bad, null));
            assertEquals(Reason.MALFORMED, e.reason());
            assertTrue(e.getMessage().startsWith(file + " cannot be published: its metadata"), e.getMessage());
        }
        // what was found is shown escaped, the real reason given (attack re-test: an escape sequence reached the
        // terminal, a newline broke the line, a 128-character name was blamed for its characters, "latest" or
        // "1.0.0+b1" got the lookup's "1.2 or 1, or latest" advice)
        String[][] said = {
            {"x\u001b[31mred", "1.0.0", "found 'x\\u001b[31mred'"},
            {"m", "1.0.0\nforged line", "found '1.0.0\\u000aforged line'"},
            {"a".repeat(128), "1.0.0", "model name: expected at most 100 characters, found 128"},
            {"m", "latest", "version: expected major.minor.patch (e.g. 1.0.0, or 1.0.0-rc.1), found 'latest'"},
            {"m", "1.0.0+b1", "build metadata ('+...') is not taken: give the version without it, found '1.0.0+b1'"},
            {"m", "1.02.0", "; no leading zeros, found '1.02.0'"},
            {"m", "1.0.99999999999999999999", "each of major, minor and patch is at most 2147483647"}
        };
        for (String[] c : said) {
            Map<String, String> bad = Map.of("ganzoo.format", "1", "ganzoo.name", c[0], "ganzoo.version", c[1]);
            ZooException e = assertThrows(ZooException.class, () -> Publisher.publish(fresh, file, bad, null));
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
            assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), "no control character: " + e);
        }
        assertTrue(!Files.exists(fresh), "nothing made for a file that cannot be published");
    }

    /** An index entry whose card is not an object is refused with the reason (re-test: "card": "text" was no card). */
    @Test
    void aCardThatIsNoObjectFailsItsEntry() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("cards"));
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        Files.write(repo.resolve("m.bin"), b);
        String entry = "{\"name\":\"m\",\"version\":\"1.0.0\",\"file\":\"m.bin\",\"sha256\":\"" + Zoo.sha256(b)
                + "\",\"size\":1,\"card\":";
        Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":[" + entry + "\"text\"}," + entry.replace("1.0.0", "1.1.0")
                        + "null}]}");
        ZooIndex index = new FolderRepository(repo).index();
        assertEquals(1, index.models().size(), "the entry whose card is null has none");
        // a key given twice, and negative training figures, fail their entry (attack re-test: last-wins; accepted)
        Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":[" + entry + "null,\"name\":\"other\"},"
                        + entry.replace("1.0.0", "1.2.0") + "{\"trainingSteps\":-1}},"
                        + entry.replace("1.0.0", "1.3.0") + "{\"trainingSeconds\":-5}}]}");
        ZooIndex odd = new FolderRepository(repo).index();
        assertEquals(0, odd.models().size(), odd.models().toString());
        assertEquals(3, odd.skipped().size(), odd.skipped().toString());
        // a reference render with a field missing or wrong fails the entry; a whole one is read
        String st = "{\"seed\":0,\"images\":16,\"sha256\":\"" + "a".repeat(64) + "\",\"file\":\"m.selftest.png\","
                + "\"fileSha256\":\"" + "b".repeat(64) + "\",\"fileSize\":12}";
        Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":[" + entry + "{\"selftest\":" + st + "}},"
                        + entry.replace("1.0.0", "1.2.0") + "{\"selftest\":" + st.replace("\"images\":16,", "") + "}},"
                        + entry.replace("1.0.0", "1.3.0") + "{\"selftest\":\"yes\"}}]}");
        ZooIndex tests = new FolderRepository(repo).index();
        assertEquals(1, tests.models().size(), tests.skipped().toString());
        assertEquals(
                new ModelCard.Selftest(0, 16, "a".repeat(64), "m.selftest.png", "b".repeat(64), 12),
                tests.models().get(0).card().selftest());
        assertTrue(
                tests.skipped().get(0).contains("'card.selftest' needs seed, images (1-1024)"),
                tests.skipped().get(0));
        assertTrue(
                tests.skipped().get(1).contains("expected an object 'card.selftest'"),
                tests.skipped().get(1));
        assertTrue(
                odd.skipped().get(0).contains("'name' is given twice"),
                odd.skipped().get(0));
        assertTrue(
                odd.skipped().get(1).contains("'card.trainingSteps' of at least 0, found -1"),
                odd.skipped().get(1));
        assertTrue(
                odd.skipped().get(2).contains("'card.trainingSeconds' of at least 0"),
                odd.skipped().get(2));
        Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":[" + entry + "\"text\"}," + entry.replace("1.0.0", "1.1.0")
                        + "null}]}");
        index = new FolderRepository(repo).index();
        assertEquals("1.1.0", index.models().get(0).version());
        assertEquals(1, index.skipped().size(), index.skipped().toString());
        assertTrue(
                index.skipped().get(0).contains("expected an object 'card' (title, dataset, ...), found a string"),
                index.skipped().toString());
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
