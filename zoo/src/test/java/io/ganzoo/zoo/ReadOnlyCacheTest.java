package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A cache this user can only read (filled by another user, a read-only mount, a Docker image): verified files are
 * read without a lock or any write, and whatever must write says the cache is read-only and how to use another.
 */
class ReadOnlyCacheTest {
    @TempDir
    Path dir;

    LoopbackServer server;
    final byte[] m = HttpRepositoryTest.bytes(50_000, 1);
    final byte[] n = HttpRepositoryTest.bytes(40_000, 2);
    Path cache;

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
        cache = dir.resolve("cache");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        try (Stream<Path> s = Files.walk(dir)) { // give the temporary folder back its write permission
            for (Path p : s.toList()) {
                p.toFile().setWritable(true, true);
            }
        }
    }

    Zoo zoo(boolean offline) {
        return Zoo.builder()
                .addRepository(new HttpRepository(server.base(), 10_000, 10_000))
                .optCache(new ModelCache(cache))
                .optOffline(offline)
                .build();
    }

    /** Takes the write permission from every file and folder of {@code root}, as a cache filled by another user. */
    static void readOnly(Path root) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.toList();
        }
        for (Path p : all) {
            Files.setPosixFilePermissions(
                    p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
        }
    }

    /** Replaces the cache's lock folder with a file: no lock can be created there, whoever runs the test. */
    void makeLocksImpossible() throws IOException {
        Path locks = cache.resolve("locks");
        try (Stream<Path> s = Files.walk(locks)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.write(locks, new byte[0]);
    }

    @Test
    void aVerifiedCachedFileIsReadWithoutTakingALock() throws Exception {
        assertArrayEquals(m, zoo(false).fetch("m").bytes());
        makeLocksImpossible();
        assertArrayEquals(m, zoo(false).fetch("m").bytes(), "online");
        assertArrayEquals(m, zoo(true).fetch("m").bytes(), "offline");
    }

    /**
     * A cache whose lock folder is a file: said as that, not as "read-only" (attack pass: "read-only for this user or
     * on a read-only file system" was said whatever the cause), and a corrupt copy's sentence reads right (it was
     * "so it its copy of ... failed its checksum").
     */
    @Test
    void aDownloadIntoACacheThatCannotBeWrittenSaysWhyAndWhatToDo() throws Exception {
        zoo(false).fetch("m");
        makeLocksImpossible();
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("n"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(e.getMessage().startsWith("the model cache " + cache + " cannot be written ("), e.getMessage());
        assertTrue(e.getMessage().contains(cache.resolve("locks") + " is a file, not a folder"), e.getMessage());
        assertTrue(!e.getMessage().contains("read-only"), "not a permission problem: " + e.getMessage());
        assertTrue(e.getMessage().contains("so n@1.0.0 cannot be downloaded into it."), e.getMessage());
        assertTrue(e.getMessage().contains("point GANZOO_HOME"), e.getMessage());

        // a corrupt copy that cannot be removed: said as such, not as a lock path
        Path f = cache.resolve("files").resolve(Zoo.sha256(m));
        byte[] bad = m.clone();
        bad[7] ^= 1;
        Files.write(f, bad);
        ZooException c = assertThrows(ZooException.class, () -> zoo(true).fetch("m"));
        assertEquals(Reason.ACCESS, c.reason());
        assertTrue(
                c.getMessage().contains(", so its copy of m@1.0.0, which failed its checksum (sha256 "),
                c.getMessage());
        assertTrue(c.getMessage().contains("), cannot be removed or replaced."), c.getMessage());
        assertTrue(c.getMessage().contains("point GANZOO_HOME"), c.getMessage());
    }

    @Test
    void aCacheWithoutWritePermissionServesItsFilesAndRefusesWrites() throws Exception {
        zoo(false).fetch("m");
        readOnly(cache);
        // Permission bits do not stop root: this sub-case needs an ordinary user (the lock-file case above runs
        // always).
        assumeFalse(Files.isWritable(cache.resolve("locks")), "running as root: permission bits do not stop writes");
        assertArrayEquals(m, zoo(true).fetch("m").bytes(), "offline, read-only");
        assertArrayEquals(m, zoo(false).fetch("m").bytes(), "online, read-only");
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("n"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains("GANZOO_HOME"), e.getMessage());
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    }

    /**
     * verify of a cache this user can only read checks every file and says why a corrupt one stays (attack re-test:
     * the first corrupt file ended it with exit 7; the others were never checked).
     */
    @Test
    void verifyOfAReadOnlyCacheChecksEveryFile() throws Exception {
        zoo(false).fetch("m");
        zoo(false).fetch("n");
        for (byte[] b : new byte[][] {m, n}) {
            byte[] bad = b.clone();
            bad[3] ^= 1;
            Files.write(cache.resolve("files").resolve(Zoo.sha256(b)), bad);
        }
        readOnly(cache);
        assumeFalse(Files.isWritable(cache.resolve("files")), "running as root: permission bits do not stop deletes");
        List<ModelCache.Checked> checked = new ModelCache(cache).verify();
        assertEquals(2, checked.size(), "every file checked");
        for (ModelCache.Checked c : checked) {
            assertTrue(!c.ok() && c.notRemoved() != null && c.notRemoved().contains("GANZOO_HOME"), c.toString());
            assertTrue(Files.exists(c.file()));
        }
    }

    /**
     * Offline, a model that is not cached, in a cache that cannot be written: the message talked about downloading
     * (attack pass); it is the offline message a writable cache gives.
     */
    @Test
    void offlineAModelNotCachedIsSaidAsOfflineWhateverTheCache() throws Exception {
        zoo(false).fetch("m");
        makeLocksImpossible();
        ZooException e = assertThrows(ZooException.class, () -> zoo(true).fetch("n"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage().startsWith("n@1.0.0 is not in the cache (" + cache + ") and ganzoo is offline"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("ganzoo zoo pull n@1.0.0"), e.getMessage());
        assertTrue(!e.getMessage().contains("download"), e.getMessage());
    }

    /** A dangling symbolic link or a loop of links where the cache should be: named, never "read-only". */
    @Test
    void aCacheBehindABrokenLinkNamesTheLink() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        cache = dangling;
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("n"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage()
                        .contains(dangling + " is a symbolic link to " + dir.resolve("nowhere")
                                + ", which does not exist"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("read-only"), e.getMessage());

        Path a = dir.resolve("a");
        Files.createSymbolicLink(a, dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), a);
        cache = a;
        ZooException loop = assertThrows(ZooException.class, () -> zoo(false).fetch("n"));
        assertTrue(loop.getMessage().contains(" is a symbolic link in a loop of links"), loop.getMessage());
        assertTrue(!loop.getMessage().contains("read-only"), loop.getMessage());
    }

    /**
     * GANZOO_HOME=/etc/passwd (a file): a download was refused as "read-only", and zoo verify and gc said "0 files in
     * /etc/passwd/cache" (attack pass). The file in the way is named, with what to do.
     */
    @Test
    void aCacheUnderAFileNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
        cache = file.resolve("cache");
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("n"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage()
                                .startsWith("the model cache " + cache + " cannot be made: " + file
                                        + " is a file, not a folder")
                        && !e.getMessage().contains("read-only")
                        && e.getMessage().contains("Point GANZOO_HOME"),
                e.getMessage());
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> new ModelCache(cache).verify(), () -> new ModelCache(cache).gc(List.of()))) {
            IOException x = assertThrows(IOException.class, call);
            assertTrue(x.getMessage().contains(file + " is a file, not a folder"), x.getMessage());
        }
        // the file is left as it was
        assertEquals("root:x:0:0\n", Files.readString(file));
    }

    /** The same kind wherever a path goes through a file: the file is named, not only "Not a directory". */
    @Test
    void aPathThroughAFileNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        IOException w = assertThrows(
                IOException.class, () -> AtomicFiles.write(file.resolve("d").resolve("x.png"), new byte[1]));
        assertEquals(
                "cannot write " + file.resolve("d").resolve("x.png") + ": " + file + " is a file, not a folder",
                w.getMessage());
        java.nio.file.FileSystemException raw =
                assertThrows(java.nio.file.FileSystemException.class, () -> Files.createDirectories(file.resolve("d")));
        assertEquals(
                file.resolve("d") + ": Not a directory (" + file + " is a file, not a folder)", IoErrors.describe(raw));
        assertEquals(null, IoErrors.whyNoFolder(dir));
        assertEquals("folder " + dir.resolve("none") + " does not exist", IoErrors.whyNoFolder(dir.resolve("none")));
    }

    /** Re-test: a FIFO in the cache's files made zoo verify hang for ever; a folder there was "Is a directory". */
    @Test
    void aFifoOrAFolderAmongTheCachedFilesIsNamedNotOpened() throws Exception {
        Path files = Files.createDirectories(cache.resolve("files"));
        Path folder = Files.createDirectories(files.resolve("a-folder"));
        IOException f = assertThrows(IOException.class, () -> new ModelCache(cache).verify());
        assertTrue(f.getMessage().contains(folder + ", which is a folder, not a downloaded model"), f.getMessage());
        Files.delete(folder);
        Path fifo = files.resolve("a-fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo");
        IOException p = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> new ModelCache(cache).verify()),
                "verify must not open a FIFO");
        assertTrue(p.getMessage().contains("not a regular file (a FIFO or device)"), p.getMessage());
    }
}
