package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository whose whole index is broken, listed before one that reads (attack pass): a name only the broken one
 * could hold was "not found" (exit 3), though docs/zoo.md promises never "not found" when a repository could not be
 * read; {@code zoo list} exited 0; an HTML page was said in Gson's words ("Use JsonReader.setStrictness...").
 */
class BrokenRepositoryTest {
    @TempDir
    Path dir;

    final byte[] model = HttpRepositoryTest.bytes(5_000, 7);
    final List<String> notes = new CopyOnWriteArrayList<>();

    private Zoo zoo(String brokenIndex) throws IOException {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(broken.resolve("index.json"), brokenIndex);
        Path good = Files.createDirectories(dir.resolve("good"));
        Files.write(good.resolve("other.onnx"), model);
        Files.writeString(
                good.resolve("index.json"),
                LoopbackServer.index(
                        LoopbackServer.entry("other", "1.0.0", "other.onnx", Zoo.sha256(model), model.length)));
        return Zoo.builder()
                .addRepository(new FolderRepository(broken))
                .addRepository(new FolderRepository(good))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optNotices(notes::add)
                .build();
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void aNameNoReadableRepositoryListsIsNeverNotFoundWhileAnIndexIsBroken() throws Exception {
        String[][] cases = {
            {"<html><body>Sign in</body></html>", "MALFORMED"},
            {"{\"schemaVersion\": 2, \"models\": {\"tiny-dcgan\": {}}}", "UNSUPPORTED"},
            {"{\"schemaVersion\": 1, \"models\": null}", "MALFORMED"},
            {"{\"schemaVersion\": NaN, \"models\": []}", "MALFORMED"},
            {"{\"schemaVersion\": 1, \"models\": " + nested(100_000) + "}", "MALFORMED"},
        };
        for (String[] c : cases) {
            Zoo zoo = zoo(c[0]);
            String what = c[0].substring(0, Math.min(40, c[0].length()));
            ZooException e = assertThrows(ZooException.class, () -> zoo.find("tiny-dcgan"), what);
            assertEquals(Reason.valueOf(c[1]), e.reason(), what + ": " + e.getMessage());
            assertTrue(
                    e.getMessage().startsWith("cannot tell whether model 'tiny-dcgan' exists: 1 of 2"), e.getMessage());
            assertFalse(e.getMessage().contains("not found"), e.getMessage());
            assertFalse(e.getMessage().contains("JsonReader"), "not Gson's advice: " + e.getMessage());
            assertFalse(e.getMessage().contains("LENIENT"), e.getMessage());
            // the readable repository still serves, and the listing lists it but fails as a lookup would
            assertArrayEquals(model, zoo.fetch("other").bytes(), what);
            Zoo.Listing l = zoo.listing();
            assertEquals(1, l.models().size(), what);
            assertEquals(Reason.valueOf(c[1]), l.failure(), what);
        }
    }

    @Test
    void whatIsFoundInsteadOfJsonIsSaid() throws Exception {
        String html = assertThrows(
                        ZooException.class,
                        () -> zoo("\n<html><head></head></html>").find("x"))
                .getMessage();
        assertTrue(html.contains("it starts with '<html>': an HTML page, not JSON"), html);
        String nan = assertThrows(
                        ZooException.class,
                        () -> zoo("{\"schemaVersion\": NaN}").find("x"))
                .getMessage();
        assertTrue(nan.contains("is not valid JSON: a value that is not JSON (such as NaN"), nan);
        assertTrue(nan.contains("at line 1 column"), nan);
        String deep = assertThrows(
                        ZooException.class,
                        () -> zoo("{\"schemaVersion\": 1, \"models\": " + nested(100_000) + "}")
                                .find("x"))
                .getMessage();
        assertTrue(deep.contains("is not valid JSON: "), deep);
        assertTrue(deep.toLowerCase(java.util.Locale.ROOT).contains("nesting"), deep);
    }

    @Test
    void aNewerSchemaSaysUpgradeGanzooEvenWhenTheRestIsAnotherShape() throws Exception {
        ZooException e = assertThrows(
                ZooException.class,
                () -> zoo("{\"schemaVersion\": 2, \"models\": null, \"more\": 1}")
                        .find("tiny-dcgan"));
        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("Upgrade ganzoo"), e.getMessage());
    }

    /**
     * A repository that cannot be read and has no saved index (a folder that does not exist, a server down on first
     * use), before one that answers: nothing was said, so a model could silently come from the wrong place.
     */
    @Test
    void aRepositoryPassedOverForALaterOneIsNotedOnce() throws Exception {
        Path good = Files.createDirectories(dir.resolve("good"));
        Files.write(good.resolve("other.onnx"), model);
        Files.writeString(
                good.resolve("index.json"),
                LoopbackServer.index(
                        LoopbackServer.entry("other", "1.0.0", "other.onnx", Zoo.sha256(model), model.length)));
        java.net.URI down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort() + "/repo/");
        }
        Path missing = dir.resolve("no-such-folder");
        Zoo zoo = Zoo.builder()
                .addRepository(new FolderRepository(missing))
                .addRepository(new HttpRepository(down, 2_000, 2_000))
                .addRepository(new FolderRepository(good))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optNotices(notes::add)
                .build();
        assertArrayEquals(model, zoo.fetch("other").bytes());
        assertArrayEquals(model, zoo.fetch("other@1.0.0").bytes());
        assertEquals(2, notes.size(), "one note per repository passed over, once: " + notes);
        assertTrue(notes.get(0).startsWith(missing + " could not be read ("), notes.get(0));
        assertTrue(notes.get(0).contains("other@1.0.0 comes from " + good), notes.get(0));
        assertTrue(notes.get(1).startsWith(down + " could not be read ("), notes.get(1));
        assertTrue(notes.get(1).contains("cannot reach"), notes.get(1));
    }
}
