package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Messages that hid the cause: each failure names what failed and why. */
class CauseInMessagesTest {
    @TempDir
    Path dir;

    LoopbackServer server;
    final byte[] m = HttpRepositoryTest.bytes(70_000, 31);

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        server.serveModel(m);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Zoo zoo(boolean offline) {
        return Zoo.builder()
                .addRepository(new HttpRepository(server.base(), 5_000, 5_000))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optOffline(offline)
                .optNotices(n -> {})
                .build();
    }

    /** Was "m@1.0.0 is not in the cache": the copy had been there, failed its checksum and been deleted. */
    @Test
    void offlineATamperedCachedCopyIsSaidToHaveFailedItsChecksumAndBeenRemoved() throws Exception {
        zoo(false).fetch("m");
        Path f = dir.resolve("cache").resolve("files").resolve(Zoo.sha256(m));
        byte[] b = Files.readAllBytes(f);
        b[100] ^= 1;
        Files.write(f, b);
        ZooException e = assertThrows(ZooException.class, () -> zoo(true).fetch("m"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage().startsWith("the cached copy of m@1.0.0 (" + f + ") failed its checksum (sha256 "),
                e.getMessage());
        assertTrue(e.getMessage().contains("and was removed; ganzoo is offline"), e.getMessage());
        assertTrue(e.getMessage().contains("ganzoo zoo pull m@1.0.0"), e.getMessage());
        assertFalse(Files.exists(f));
        assertArrayEquals(m, zoo(false).fetch("m").bytes(), "online it is fetched again");
    }

    /** Was "download of m@1.0.0 ... broke off after 0 of N bytes: No space left on device. Run ... again". */
    @Test
    void aFullDiskNamesTheFileAndTheReason() throws Exception {
        assumeTrue(Files.exists(Paths.get("/dev/full")), "Linux /dev/full: every write fails with ENOSPC");
        Path part =
                Files.createDirectories(dir.resolve("cache").resolve("partial")).resolve(Zoo.sha256(m) + ".part");
        Files.createSymbolicLink(part, Paths.get("/dev/full"));
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot write " + part + ": No space left on device: the download of"
                                + " m@1.0.0 stopped after 0 of " + m.length + " bytes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("GANZOO_HOME"), e.getMessage());
        assertFalse(e.getMessage().contains("run the same command again"), e.getMessage());
        assertFalse(Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the partial file is removed");
    }

    /** Legal names of 234-254 characters were refused as "File name too long": the temporary name was longer. */
    @Test
    void temporaryNamesAreNeverLongerThanTheFinalNameAllows() throws Exception {
        for (int len : new int[] {200, 234, 240, 250, 254, 255}) {
            Path target = dir.resolve("x".repeat(len - 4) + ".png");
            AtomicFiles.write(target, new byte[] {1, 2, 3});
            assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target), len + " characters");
            assertTrue(AtomicFiles.temporary(target).getFileName().toString().length() <= 255);
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(6, s.count(), "no temporary file left");
        }
        // a published file name of 250 characters (name of 100, a long pre-release): its copy's temporary name too
        Path file = dir.resolve("export.onnx");
        Files.write(file, "model".getBytes(StandardCharsets.UTF_8));
        String name = "n".repeat(100);
        String version = "1.0.0-" + "r".repeat(138);
        Map<String, String> md = Map.of("ganzoo.format", "1", "ganzoo.name", name, "ganzoo.version", version);
        Path repo = dir.resolve("repo");
        ModelEntry e = Publisher.publish(repo, file, md, Publisher.card(md, null, null, "MIT"));
        assertEquals(250, e.file().length());
        try (Stream<Path> s = Files.list(repo)) {
            assertEquals(
                    List.of("index.json", e.file()),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aFileSystemFailureIsItsPathAndTheReason() {
        assertEquals(
                "/c/locks/a.lock: permission denied",
                IoErrors.describe(new java.nio.file.AccessDeniedException("/c/locks/a.lock")));
        assertEquals(
                "/c/partial/a.part: No space left on device",
                IoErrors.describe(new IOException("No space left on device"), Paths.get("/c/partial/a.part")));
    }
}
