package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Indexes that are too big or half wrong: a stated limit, and one bad entry never takes the others with it. */
class IndexLimitsTest {
    @TempDir
    Path dir;

    LoopbackServer server;
    final List<String> notes = new CopyOnWriteArrayList<>();
    final byte[] m = HttpRepositoryTest.bytes(5_000, 21);
    final byte[] q = HttpRepositoryTest.bytes(4_000, 22);

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
        System.clearProperty("ganzoo.index-limit");
    }

    Zoo zoo(boolean offline, Repository... more) {
        Zoo.Builder b = Zoo.builder()
                .addRepository(new HttpRepository(server.base(), 5_000, 5_000))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optOffline(offline)
                .optNotices(notes::add);
        for (Repository r : more) {
            b.addRepository(r);
        }
        return b.build();
    }

    /** An endless index.json grew to 6.46 GB RSS, then "not valid JSON" (once an OutOfMemoryError). */
    @Test
    void anEndlessIndexIsCutAtTheStatedLimit() {
        server.special.put("/repo/index.json", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no end
            OutputStream out = ex.getResponseBody();
            out.write("{\"schemaVersion\":1,\"models\":[".getBytes(StandardCharsets.UTF_8));
            String sha = "0".repeat(64);
            try {
                for (long i = 0; ; i++) {
                    out.write((LoopbackServer.entry("m" + i, "1.0.0", "m" + i + ".onnx", sha, 1) + ",")
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException gone) {
                // the client stopped reading
            }
        });
        long t0 = System.nanoTime();
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("m1"));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("index.json is larger than the limit of " + ZooIndex.DEFAULT_LIMIT
                                + " bytes for an index; stopped reading there"),
                e.getMessage());
        assertTrue(e.getMessage().contains("GANZOO_INDEX_LIMIT"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "stopped at the limit");

        System.setProperty("ganzoo.index-limit", "1000");
        ZooException small = assertThrows(ZooException.class, () -> zoo(false).fetch("m1"));
        assertTrue(small.getMessage().contains("larger than the limit of 1000 bytes"), small.getMessage());
        System.setProperty("ganzoo.index-limit", "lots");
        assertThrows(IllegalArgumentException.class, () -> zoo(false).fetch("m1"));
    }

    @Test
    void oneBadEntryIsSkippedAndNamedWhileTheOthersAndTheNextRepositoriesServe() throws Exception {
        String sha = Zoo.sha256(m);
        server.files.put("/repo/m.onnx", m);
        server.put(
                "/repo/index.json",
                LoopbackServer.index(
                        LoopbackServer.entry("m", "1.0", "m.onnx", sha, m.length),
                        LoopbackServer.entry("m", "1.0.1", "m.onnx", sha, m.length),
                        LoopbackServer.entry("x", "01.0.0", "m.onnx", sha, m.length),
                        LoopbackServer.entry("y", "1.0.0", "m.onnx", sha, "3064801.7"),
                        LoopbackServer.entry("z", "1.0.0", "m.onnx", sha, "99999999999999999999999"),
                        LoopbackServer.entry("w", "1.0.0", "m.onnx", sha, "1e999"),
                        "{\"name\":\"v\",\"version\":\"1.0.0\",\"file\":\"m.onnx\",\"sha256\":\"" + sha + "\",\"size\":"
                                + m.length + ",\"card\":{\"trainingSeconds\":1e999}}",
                        LoopbackServer.entry("m", "1.0.1", "m.onnx", sha, m.length)));
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.write(folder.resolve("q.onnx"), q);
        Files.writeString(
                folder.resolve("index.json"),
                LoopbackServer.index(LoopbackServer.entry("q", "1.0.0", "q.onnx", Zoo.sha256(q), q.length)));
        Zoo zoo = zoo(false, new FolderRepository(folder));

        assertArrayEquals(m, zoo.fetch("m@1.0.1").bytes(), "1.0 beside 1.0.1 broke every lookup of m");
        assertEquals("1.0.1", zoo.find("m").version());
        assertArrayEquals(q, zoo.fetch("q").bytes(), "the next repository serves");
        assertEquals(1, notes.size(), notes.toString());
        String note = notes.get(0);
        assertTrue(note.startsWith(server.base() + ": 7 entries of its index could not be read"), note);
        for (String named : new String[] {
            "models[0] (m@1.0) skipped: version: expected major.minor.patch",
            "models[2] (x@01.0.0) skipped: version:",
            "models[3] (y@1.0.0) skipped: 'size' must be a whole number up to 9223372036854775807, found 3064801.7",
            "models[4] (z@1.0.0) skipped: 'size' must be a whole number up to 9223372036854775807, found"
                    + " 99999999999999999999999",
            "models[5] (w@1.0.0) skipped: 'size' must be a whole number",
            "models[6] (v@1.0.0) skipped: 'card.trainingSeconds' must be a finite number, found 1e999",
            "models[7] (m@1.0.1) skipped: m@1.0.1 is listed twice"
        }) {
            assertTrue(note.contains(server.base() + "index.json: " + named), named + " in " + note);
        }
        for (String bad : new String[] {"x", "y", "z", "w", "v"}) {
            ZooException e = assertThrows(ZooException.class, () -> zoo.fetch(bad));
            assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .startsWith("model '" + bad + "' is listed, but no entry of it could be read: "
                                    + server.base() + "index.json: models["),
                    e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        assertEquals(2, zoo.listAll(problems, skipped).size());
        assertEquals(List.of(), problems);
        assertEquals(7, skipped.size());

        // the saved copy (1e999 broke every HTTP command in saveIndex) serves offline
        server.close();
        assertArrayEquals(m, zoo(true).fetch("m@1.0.1").bytes());
    }

    @Test
    void versionsAreStrictSemver() {
        for (String bad : new String[] {"01.0.0", "1.0", "1.0.0-", "1.00.0", "1.0.0-01", "1.0.0+build", "v1.0.0"}) {
            assertThrows(IllegalArgumentException.class, () -> Version.parse(bad), bad);
        }
        assertTrue(Version.parse("1.0.0-rc.2").compareTo(Version.parse("1.0.0-rc.10")) < 0, "numeric identifiers");
        assertTrue(Version.parse("1.0.0-alpha").compareTo(Version.parse("1.0.0-alpha.1")) < 0);
        assertTrue(Version.parse("1.0.0-1").compareTo(Version.parse("1.0.0-alpha")) < 0);
        assertThrows(IllegalArgumentException.class, () -> ModelRef.parse("m@01"));
        assertEquals("1.2", ModelRef.parse("m@1.2").version());
    }

    /**
     * GANZOO_INDEX_LIMIT=1 was exit 7 "cannot read: index larger than the limit" while 10 was exit 5 with the full
     * message (attack pass): the first bytes, read to tell gzip data, hit the limit outside the JSON reader.
     */
    @Test
    void everyLimitBelowTheIndexIsTheSameFailure() {
        byte[] index = LoopbackServer.index(LoopbackServer.entry("m", "1.0.0", "m.onnx", "0".repeat(64), 10))
                .getBytes(StandardCharsets.UTF_8);
        for (long limit : new long[] {1, 2, 10, 63, 64, 65, index.length - 1}) {
            ZooException e = assertThrows(
                    ZooException.class,
                    () -> ZooIndex.read(new java.io.ByteArrayInputStream(index), "t", limit),
                    "limit " + limit);
            assertEquals(Reason.MALFORMED, e.reason(), "limit " + limit + ": " + e.getMessage());
            assertTrue(
                    e.getMessage().startsWith("t is larger than the limit of " + limit + " bytes for an index;"),
                    e.getMessage());
        }
    }

    /**
     * Attack pass: an index with a second document or garbage after its object was accepted; schemaVersion "1" or 1.0
     * was "missing numeric 'schemaVersion'" though it is there. Both are named for what they are.
     */
    @Test
    void trailingDocumentsAndNonIntegerSchemaVersionsAreNamed() {
        String one = "{\"schemaVersion\": 1, \"models\": []}";
        for (String tail : new String[] {one, " garbage", "[]"}) {
            ZooException e = assertThrows(ZooException.class, () -> read(one + tail));
            assertEquals(ModelException.Reason.MALFORMED, e.reason(), tail);
            assertTrue(
                    e.getMessage().contains("holds more after its JSON object")
                            || e.getMessage().contains("is not valid JSON"),
                    e.getMessage());
        }
        assertEquals(0, assertDoesNotThrow(() -> read(one + "\n  ")).models().size(), "white space after is fine");
        String text = assertThrows(ZooException.class, () -> read("{\"schemaVersion\": \"1\", \"models\": []}"))
                .getMessage();
        assertTrue(text.contains("'schemaVersion' must be a whole number (expected 1), found the text \"1\""), text);
        String real = assertThrows(ZooException.class, () -> read("{\"schemaVersion\": 1.0, \"models\": []}"))
                .getMessage();
        assertTrue(real.contains("found 1.0"), real);
    }

    private static ZooIndex read(String json) throws ZooException {
        return ZooIndex.read(
                new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "test.json");
    }
}
