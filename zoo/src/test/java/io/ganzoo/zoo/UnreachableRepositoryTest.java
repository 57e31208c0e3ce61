package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * A server that went down after a pull: the cached model still serves (said once), a model it lists but that is not
 * cached fails naming the repository, and neither is ever "not found".
 */
class UnreachableRepositoryTest {
    @TempDir
    Path dir;

    LoopbackServer server;
    final byte[] m = HttpRepositoryTest.bytes(30_000, 3);
    final byte[] n = HttpRepositoryTest.bytes(20_000, 4);
    final List<String> notes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        server.files.put("/repo/m.onnx", m);
        server.files.put("/repo/n.onnx", n);
        server.put(
                "/repo/index.json",
                LoopbackServer.index(
                        LoopbackServer.entry("m", "1.0.0", "m.onnx", Zoo.sha256(m), m.length),
                        LoopbackServer.entry("n", "1.0.0", "n.onnx", Zoo.sha256(n), n.length)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Zoo zoo(String cache) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.write(folder.resolve("mm.onnx"), n);
        Files.writeString(
                folder.resolve("index.json"),
                LoopbackServer.index(LoopbackServer.entry("mm", "1.0.0", "mm.onnx", Zoo.sha256(n), n.length)));
        return Zoo.builder()
                .addRepository(new HttpRepository(server.base(), 2_000, 2_000))
                .addRepository(new FolderRepository(folder))
                .optCache(new ModelCache(dir.resolve(cache)))
                .optNotices(notes::add)
                .build();
    }

    @Test
    void aCachedModelIsUsedWhenItsRepositoryIsDownAndThatIsSaidOnce() throws Exception {
        assertArrayEquals(m, zoo("cache").fetch("m").bytes());
        assertTrue(notes.isEmpty(), notes.toString());
        server.close();

        Zoo down = zoo("cache");
        assertArrayEquals(m, down.fetch("m").bytes(), "the verified cached copy of the resolved version");
        assertArrayEquals(m, down.fetch("m@1.0.0").bytes());
        assertEquals(1, notes.size(), "said once: " + notes);
        assertTrue(notes.get(0).startsWith(server.base() + " cannot be read now: "), notes.get(0));
        assertTrue(notes.get(0).contains("GANZOO_OFFLINE"), notes.get(0));

        // listed but never pulled: the repository is named, never "not found"
        ZooException e = assertThrows(ZooException.class, () -> down.fetch("n"));
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("n@1.0.0 is listed by " + server.base()), e.getMessage());
        assertTrue(e.getMessage().contains("GANZOO_OFFLINE"), e.getMessage());
    }

    /**
     * A server that answers with something that is not its index (a captive portal's login page, an empty body) is as
     * good as down: the cached model serves (attack re-test: exit 5, "not valid JSON" / a raw parser message).
     */
    @Test
    void aCachedModelIsUsedWhenTheServerAnswersWithSomethingElseThanItsIndex() throws Exception {
        assertArrayEquals(m, zoo("cache").fetch("m").bytes());
        String[] bodies = {"<html><body>Log in to the hotel wifi</body></html>", ""};
        for (String body : bodies) {
            notes.clear();
            server.put("/repo/index.json", body);
            Zoo portal = zoo("cache");
            assertArrayEquals(m, portal.fetch("m").bytes(), "body '" + body + "'");
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).startsWith(server.base() + " cannot be read now: "), notes.get(0));
        }
        // without a copy of the index, the failure is said as it is
        ZooException e = assertThrows(ZooException.class, () -> zoo("fresh").fetch("m"));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
    }

    @Test
    void aRepositoryThatCannotBeReadIsNeverReportedAsAModelNotFound() throws Exception {
        server.close();
        ZooException e = assertThrows(ZooException.class, () -> zoo("fresh").fetch("m"));
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().startsWith("cannot tell whether model 'm' exists: 1 of 2 repositories"), e.getMessage());
        assertTrue(e.getMessage().contains(server.base().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("GANZOO_OFFLINE=true"), e.getMessage());
        assertFalse(e.getMessage().contains("not found"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean mm?"), e.getMessage());
    }
}
