package io.ganzoo.zoo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote repositories against a real HTTP server on loopback: every failure ends in a clear error or a correct
 * result, and never in an unverified file in the cache.
 */
class HttpRepositoryTest {
    @TempDir
    Path dir;

    HttpServer server;
    String base;
    final byte[] model = bytes(300_000, 7);
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    /** path -> handler override */
    final Map<String, Handler> special = new ConcurrentHashMap<>();

    final Map<String, byte[]> files = new ConcurrentHashMap<>();

    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String entry(String name, String version, String file, String sha, long size) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"file\":\"" + file + "\",\"sha256\":\""
                + sha + "\",\"size\":" + size + "}";
    }

    static String index(String... entries) {
        return "{\"schemaVersion\":1,\"models\":[" + String.join(",", entries) + "]}";
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            try {
                Handler h = special.get(path);
                if (h != null) {
                    h.handle(ex);
                    return;
                }
                byte[] body = files.get(path);
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                String range = ex.getRequestHeaders().getFirst("Range");
                if (range != null && range.startsWith("bytes=")) {
                    int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
                    ex.getResponseHeaders()
                            .add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
                    ex.sendResponseHeaders(206, body.length - from);
                    ex.getResponseBody().write(body, from, body.length - from);
                } else {
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
            } finally {
                ex.close();
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo/";
        files.put("/repo/m.onnx", model);
        files.put(
                "/repo/index.json",
                index(entry("m", "1.0.0", "m.onnx", Zoo.sha256(model), model.length))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Zoo zoo(boolean offline) {
        return Zoo.builder()
                .addRepository(new HttpRepository(URI.create(base), 10_000, 10_000))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optOffline(offline)
                .build();
    }

    /** Files in the cache's verified folder. */
    List<Path> cached() throws IOException {
        Path f = dir.resolve("cache").resolve("files");
        if (!Files.isDirectory(f)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(f)) {
            return s.toList();
        }
    }

    void assertNothingUnverifiedCached() throws IOException {
        for (Path p : cached()) {
            assertEquals(p.getFileName().toString(), ModelCache.hash(p), "cached file named by its own hash");
        }
    }

    @Test
    void downloadsVerifiesCachesAndThenWorksOffline() throws Exception {
        List<Long> progress = new ArrayList<>();
        Zoo.Fetched f = zoo(false).fetch("m", (e, done, total) -> progress.add(done));
        assertArrayEquals(model, f.bytes());
        assertEquals(List.of(dir.resolve("cache").resolve("files").resolve(Zoo.sha256(model))), cached());
        assertEquals(model.length, progress.get(progress.size() - 1));
        assertTrue(progress.size() > 2, "progress reported while streaming: " + progress.size());
        server.stop(0);
        assertArrayEquals(model, zoo(true).fetch("m@1.0.0").bytes(), "offline: index and file from the cache");
        assertArrayEquals(model, zoo(true).fetch("m@1").bytes());
    }

    @Test
    void offlineWithoutACachedCopySaysHowToGetIt() throws Exception {
        ZooException never = assertThrows(ZooException.class, () -> zoo(true).fetch("m"));
        assertEquals(Reason.ACCESS, never.reason(), never.getMessage());
        assertTrue(never.getMessage().contains("offline"), never.getMessage());
        assertEquals(
                0,
                hits.getOrDefault("/repo/index.json", new AtomicInteger()).get(),
                "offline never touches the network");
        zoo(false).find("m"); // reads (and saves) the index, not the file
        ZooException notCached =
                assertThrows(ZooException.class, () -> zoo(true).fetch("m"));
        assertEquals(Reason.ACCESS, notCached.reason(), notCached.getMessage());
        assertTrue(
                notCached.getMessage().contains("not in the cache")
                        && notCached.getMessage().contains("zoo pull m@1.0.0"),
                notCached.getMessage());
    }

    @Test
    void aCorruptedCacheEntryIsDetectedAndFetchedAgain() throws Exception {
        zoo(false).fetch("m");
        Path cachedFile = cached().get(0);
        byte[] bad = model.clone();
        bad[1000] ^= 1;
        Files.write(cachedFile, bad);
        assertArrayEquals(model, zoo(false).fetch("m").bytes());
        assertEquals(2, hits.get("/repo/m.onnx").get());
        assertNothingUnverifiedCached();
    }

    @Test
    void notFoundAndServerErrorsAreClearAndCacheNothing() throws Exception {
        files.remove("/repo/m.onnx");
        ZooException missing = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.NOT_FOUND, missing.reason(), missing.getMessage());
        assertTrue(
                missing.getMessage().contains("HTTP 404")
                        && missing.getMessage().contains("m.onnx"),
                missing.getMessage());
        special.put("/repo/index.json", ex -> ex.sendResponseHeaders(500, -1));
        ZooException error = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.ACCESS, error.reason(), error.getMessage());
        assertTrue(
                error.getMessage().contains("HTTP 500") && error.getMessage().contains("server error"),
                error.getMessage());
        assertEquals(List.of(), cached());
    }

    /** A URL that serves no index.json is a repository that cannot be read, as a folder without one is. */
    @Test
    void aRepositoryUrlWithoutAnIndexIsARepositoryError() {
        Repository wrong = new HttpRepository(URI.create(base + "nothing-here/"), 10_000, 10_000);
        ZooException e = assertThrows(ZooException.class, wrong::index);
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("index.json"), e.getMessage());
    }

    @Test
    void aWrongChecksumIsRefusedAndLeavesNothing() throws Exception {
        byte[] other = bytes(model.length, 8);
        files.put("/repo/m.onnx", other);
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.CHECKSUM, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Checksum error for m@1.0.0"), e.getMessage());
        assertEquals(List.of(), cached());
        try (Stream<Path> parts = Files.list(dir.resolve("cache").resolve("partial"))) {
            assertEquals(0, parts.count(), "no partial file kept for a finished, wrong download");
        }
    }

    @Test
    void aTruncatedBodyIsKeptOnlyAsPartialAndResumedWithARange() throws Exception {
        special.put("/repo/m.onnx", ex -> {
            ex.sendResponseHeaders(200, model.length); // promises everything, sends half, hangs up
            OutputStream out = ex.getResponseBody();
            out.write(model, 0, model.length / 2);
            out.flush();
            throw new IOException("connection dropped on purpose");
        });
        ZooException cut = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(
                Reason.ACCESS,
                cut.reason(),
                "a broken-off download is the network's, not the file's: " + cut.getMessage());
        assertTrue(cut.getMessage().contains("m@1.0.0") && cut.getMessage().contains("again"), cut.getMessage());
        assertEquals(List.of(), cached());
        special.remove("/repo/m.onnx");
        List<String> ranges = new ArrayList<>();
        special.put("/repo/m.onnx", ex -> {
            ranges.add(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
            special.remove("/repo/m.onnx");
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = range == null ? 0 : Integer.parseInt(range.substring(6, range.indexOf('-')));
            if (from > 0) {
                ex.getResponseHeaders()
                        .add("Content-Range", "bytes " + from + "-" + (model.length - 1) + "/" + model.length);
            }
            ex.sendResponseHeaders(from == 0 ? 200 : 206, model.length - from);
            ex.getResponseBody().write(model, from, model.length - from);
        });
        assertArrayEquals(model, zoo(false).fetch("m").bytes());
        assertEquals(1, ranges.size());
        assertTrue(ranges.get(0).startsWith("bytes=") && !ranges.get(0).equals("bytes=0-"), "resumed: " + ranges);
        assertNothingUnverifiedCached();
    }

    @Test
    void aSlowServerTimesOut() {
        special.put("/repo/index.json", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(500, -1);
        });
        Zoo impatient = Zoo.builder()
                .addRepository(new HttpRepository(URI.create(base), 2000, 500))
                .optCache(new ModelCache(dir.resolve("cache")))
                .build();
        long t0 = System.nanoTime();
        ZooException e = assertThrows(ZooException.class, () -> impatient.fetch("m"));
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 2.9, "gave up at the read timeout, before the server answered");
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        String moved = "http://127.0.0.1:" + server.getAddress().getPort() + "/old/";
        special.put("/old/index.json", ex -> {
            ex.getResponseHeaders().add("Location", "/repo/index.json");
            ex.sendResponseHeaders(302, -1);
        });
        special.put("/old/m.onnx", ex -> {
            ex.getResponseHeaders().add("Location", base + "m.onnx");
            ex.sendResponseHeaders(301, -1);
        });
        Zoo z = Zoo.builder()
                .addRepository(new HttpRepository(URI.create(moved)))
                .optCache(new ModelCache(dir.resolve("c2")))
                .build();
        assertArrayEquals(model, z.fetch("m").bytes());
    }

    @Test
    void badIndexesAreClearErrors() {
        files.put("/repo/index.json", "<html>not json</html>".getBytes(StandardCharsets.UTF_8));
        ZooException notJson = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.MALFORMED, notJson.reason(), notJson.getMessage());
        assertTrue(notJson.getMessage().contains("index.json"), notJson.getMessage());
        files.put(
                "/repo/index.json",
                "{\"schemaVersion\":1,\"models\":[{\"name\":\"m\",\"version\":\"1.0.0\",\"file\":\"m.onnx\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        ZooException fields = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.MALFORMED, fields.reason(), fields.getMessage());
        assertTrue(fields.getMessage().contains("expected a string 'sha256'"), fields.getMessage());
        files.put("/repo/index.json", "{\"schemaVersion\":2,\"models\":[]}".getBytes(StandardCharsets.UTF_8));
        ZooException newer = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.UNSUPPORTED, newer.reason(), newer.getMessage());
        assertTrue(newer.getMessage().contains("schema version 2 is not supported"), newer.getMessage());
    }

    @Test
    void namesAndPathsThatEscapeTheCacheAreRefused() throws Exception {
        for (String file : new String[] {"../m.onnx", "/etc/passwd", "sub/m.onnx", "..", "C:\\\\x"}) {
            files.put(
                    "/repo/index.json",
                    index(entry("m", "1.0.0", file, Zoo.sha256(model), model.length))
                            .getBytes(StandardCharsets.UTF_8));
            ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("m"), file);
            assertEquals(Reason.MALFORMED, e.reason(), file + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("plain file name"), e.getMessage());
        }
        files.put(
                "/repo/index.json",
                index(entry("m", "1.0.0", "m.onnx", "../../../etc", model.length))
                        .getBytes(StandardCharsets.UTF_8));
        ZooException sha = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.MALFORMED, sha.reason(), sha.getMessage());
        assertTrue(sha.getMessage().contains("'sha256' must be 64 hex digits"), sha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> zoo(false).fetch("../m"));
        assertEquals(List.of(), cached());
        assertFalse(Files.exists(dir.resolve("m.onnx")));
    }

    @Test
    void twoProcessesPullingAtOnceBothSucceedAndDownloadOnce() throws Exception {
        special.put("/repo/m.onnx", ex -> {
            try {
                Thread.sleep(800); // long enough for both to be waiting at once
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, model.length);
            ex.getResponseBody().write(model);
        });
        Path cache = dir.resolve("shared-cache");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ps.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            PullMain.class.getName(),
                            cache.toString(),
                            base,
                            "m@1.0.0")
                    .redirectErrorStream(true)
                    .start());
        }
        for (Process p : ps) {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.exitValue(), out);
            assertEquals(String.valueOf(model.length), out);
        }
        assertEquals(1, hits.get("/repo/m.onnx").get(), "downloaded once");
        assertEquals(Zoo.sha256(model), ModelCache.hash(cache.resolve("files").resolve(Zoo.sha256(model))));
    }

    /** Starts {@link PullMain} for "m" into {@code cache} and returns once its .part file has bytes. */
    private Process pullInAnotherProcess(Path cache, CountDownLatch started) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PullMain.class.getName(),
                        cache.toString(),
                        base,
                        "m")
                .redirectErrorStream(true)
                .start();
        assertTrue(started.await(30, TimeUnit.SECONDS), "the download started");
        Path part = cache.resolve("partial").resolve(Zoo.sha256(model) + ".part");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((!Files.exists(part) || Files.size(part) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return p;
    }

    @Test
    void aKilledDownloadLeavesOnlyAPartialThatALaterRunResumes() throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        special.put("/repo/m.onnx", ex -> {
            ex.sendResponseHeaders(200, model.length);
            OutputStream out = ex.getResponseBody();
            out.write(model, 0, model.length / 2);
            out.flush();
            halfSent.countDown();
            try {
                Thread.sleep(10_000); // the client is killed meanwhile
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Path cache = dir.resolve("killed-cache");
        Process p = pullInAnotherProcess(cache, halfSent);
        Path part = cache.resolve("partial").resolve(Zoo.sha256(model) + ".part");
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL mid-download
        assertTrue(Files.size(part) > 0 && Files.size(part) < model.length, "a partial file only");
        assertFalse(Files.exists(cache.resolve("files").resolve(Zoo.sha256(model))), "nothing that looks finished");
        special.remove("/repo/m.onnx");
        Zoo later = Zoo.builder()
                .addRepository(new HttpRepository(URI.create(base)))
                .optCache(new ModelCache(cache))
                .build();
        assertArrayEquals(model, later.fetch("m").bytes());
        assertFalse(Files.exists(part));
        assertEquals(Zoo.sha256(model), ModelCache.hash(cache.resolve("files").resolve(Zoo.sha256(model))));
    }

    /** gc while another process pulls deleted the active .part, and the pull failed with a raw path. */
    @Test
    void gcLeavesADownloadInProgressAloneAndThePullCompletes() throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        CountDownLatch gcDone = new CountDownLatch(1);
        special.put("/repo/m.onnx", ex -> {
            ex.sendResponseHeaders(200, model.length);
            OutputStream out = ex.getResponseBody();
            out.write(model, 0, model.length / 2);
            out.flush();
            halfSent.countDown();
            try {
                gcDone.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(model, model.length / 2, model.length - model.length / 2);
            ex.close();
        });
        Path cache = dir.resolve("gc-cache");
        Process p = pullInAnotherProcess(cache, halfSent);
        Path part = cache.resolve("partial").resolve(Zoo.sha256(model) + ".part");
        Files.createDirectories(cache.resolve("files"));
        Files.write(cache.resolve("files").resolve("0".repeat(64)), new byte[] {1, 2, 3}); // unlisted: collectable
        ModelCache.Collected c = new ModelCache(cache).collect(List.of());
        gcDone.countDown();
        assertEquals(1, c.inUse(), "the .part of the running pull is left alone");
        assertEquals(3, c.freedBytes(), "what nobody holds is collected");
        assertTrue(Files.exists(part) || Files.exists(cache.resolve("files").resolve(Zoo.sha256(model))));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        assertEquals(String.valueOf(model.length), out);
        assertEquals(Zoo.sha256(model), ModelCache.hash(cache.resolve("files").resolve(Zoo.sha256(model))));
    }

    @Test
    void verifyAndGcKeepOnlyGoodFilesThatAreStillWanted() throws Exception {
        Zoo z = zoo(false);
        z.fetch("m");
        ModelCache c = z.cache();
        Files.write(c.root().resolve("files").resolve("0".repeat(64)), new byte[] {1, 2, 3});
        List<ModelCache.Checked> checked = c.verify();
        assertEquals(2, checked.size());
        assertEquals(1, checked.stream().filter(ModelCache.Checked::ok).count());
        assertEquals(1, cached().size(), "the bad file was removed");
        assertEquals(model.length, c.gc(List.of()));
        assertEquals(List.of(), cached());
    }

    /** A redirect to file:, ftp: or any scheme but http(s) was a ClassCastException that also stopped the lookup. */
    @Test
    void aRedirectToAnotherSchemeIsThatRepositorysErrorAndTheNextRepositoryIsTried() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.write(folder.resolve("m.onnx"), model);
        Files.write(folder.resolve("index.json"), files.get("/repo/index.json"));
        for (String target : new String[] {"file:///etc/passwd", "ftp://127.0.0.1/m.onnx", "jar:file:/x.jar!/m"}) {
            special.put("/repo/index.json", ex -> {
                ex.getResponseHeaders().add("Location", target);
                ex.sendResponseHeaders(302, -1);
            });
            Repository http = new HttpRepository(URI.create(base), 10_000, 10_000);
            ZooException alone = assertThrows(ZooException.class, http::index);
            assertEquals(Reason.ACCESS, alone.reason(), alone.getMessage());
            assertTrue(
                    alone.getMessage().contains("redirects to " + target.substring(0, target.indexOf(':')))
                            && alone.getMessage().contains("may only redirect to http or https"),
                    alone.getMessage());
            Zoo zoo = Zoo.builder()
                    .addRepository(http)
                    .addRepository(new FolderRepository(folder))
                    .optCache(new ModelCache(dir.resolve("cache-" + target.hashCode())))
                    .build();
            assertArrayEquals(
                    model, zoo.fetch("m").bytes(), target + ": the folder repository after it serves the model");
        }
    }

    /**
     * Attack pass: a redirect to port 99999 ended the command with a raw "IllegalArgumentException: port out of
     * range:99999" (exit 2); it is that repository's ACCESS failure, and the lookup goes on.
     */
    @Test
    void aRedirectToAnImpossiblePortIsThatRepositorysErrorAndTheNextRepositoryIsTried() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.write(folder.resolve("m.onnx"), model);
        Files.write(folder.resolve("index.json"), files.get("/repo/index.json"));
        special.put("/repo/index.json", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:99999/repo/index.json");
            ex.sendResponseHeaders(302, -1);
        });
        Repository http = new HttpRepository(URI.create(base), 10_000, 10_000);
        ZooException alone = assertThrows(ZooException.class, http::index);
        assertEquals(Reason.ACCESS, alone.reason(), alone.getMessage());
        assertTrue(
                alone.getMessage()
                        .contains("redirects to http://127.0.0.1:99999/repo/index.json, which has port 99999"),
                alone.getMessage());
        Zoo zoo = Zoo.builder()
                .addRepository(http)
                .addRepository(new FolderRepository(folder))
                .optCache(new ModelCache(dir.resolve("cache-port")))
                .optNotices(n -> {})
                .build();
        assertArrayEquals(model, zoo.fetch("m").bytes(), "the folder repository after it serves the model");
    }

    /** A server trickling a byte every 50 ms never hit the read timeout: a 3 MB model would take days. */
    @Test
    void aServerBelowTheMinimumRateIsGivenUpOnWithTheRateSeen() throws Exception {
        special.put("/repo/m.onnx", ex -> {
            ex.sendResponseHeaders(200, model.length);
            OutputStream out = ex.getResponseBody();
            try {
                for (int i = 0; i < 200; i++) { // bounded: 10 s at most
                    out.write(model[i]);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client gave up: what is wanted
            }
        });
        Zoo zoo = Zoo.builder()
                .addRepository(new HttpRepository(URI.create(base), 10_000, 10_000, 1024, 500))
                .optCache(new ModelCache(dir.resolve("cache")))
                .build();
        long t0 = System.nanoTime();
        ZooException e = assertThrows(ZooException.class, () -> zoo.fetch("m"));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up soon after the grace time");
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains(base + "m.onnx is too slow: this connection received ")
                        && e.getMessage().contains("bytes/s, the minimum" + " is 1024 bytes/s"),
                e.getMessage());
        assertNothingUnverifiedCached();
        special.put("/repo/index.json", ex -> {
            byte[] body = files.get("/repo/index.json");
            ex.sendResponseHeaders(200, body.length);
            try {
                for (int i = 0; i < 200; i++) {
                    ex.getResponseBody().write(body[i % body.length]);
                    ex.getResponseBody().flush();
                    Thread.sleep(50);
                }
            } catch (InterruptedException | IOException ignored) {
                // the client gave up
            }
        });
        ZooException index = assertThrows(
                ZooException.class, () -> new HttpRepository(URI.create(base), 10_000, 10_000, 1024, 500).index());
        assertEquals(
                Reason.ACCESS, index.reason(), "a slow index is the server's, not malformed: " + index.getMessage());
        assertTrue(index.getMessage().contains("index.json is too slow"), index.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HttpRepository(URI.create(base), 1, 1, -1));
    }

    /**
     * A raw loopback server that answers every request with {@code head} and then sends {@code drip} one byte every
     * 50 ms (bounded: 10 s), as servers that trickle their headers or a chunked body's size lines do.
     */
    private static ServerSocket trickling(String head, char drip) throws IOException {
        ServerSocket ss = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket sock = ss.accept()) {
                sock.getInputStream().read(new byte[4096]);
                OutputStream out = sock.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 200; i++) {
                    out.write(drip);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up: what is wanted
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    /** Headers, or a chunked body's size line, sent a byte at a time never reached the minimum-rate check. */
    @Test
    void trickledHeadersAndChunkLinesAreGivenUpOnToo() throws Exception {
        try (ServerSocket ss = trickling("HTTP/1.1 200 OK\r\nX-Slow: ", 'x')) {
            HttpRepository r = new HttpRepository(
                    URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/"), 10_000, 10_000, 1024, 500);
            long t0 = System.nanoTime();
            ZooException e = assertThrows(ZooException.class, r::index);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up soon after the grace time");
            assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage().contains("is too slow: no complete response headers within 0.5 s"), e.getMessage());
        }
        try (ServerSocket ss = trickling("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", '0')) {
            HttpRepository r = new HttpRepository(
                    URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/"), 10_000, 10_000, 1024, 500);
            long t0 = System.nanoTime();
            ZooException e = assertThrows(ZooException.class, r::index);
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "gave up soon after the grace time");
            assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage().contains("index.json is too slow: this connection received 0 bytes in"),
                    e.getMessage());
        }
    }

    /** "model not found ... Known models: none" hid the HTTP 500 at its end. */
    @Test
    void whenNoRepositoryCanBeReadTheMessageLeadsWithWhy() {
        special.put("/repo/index.json", ex -> ex.sendResponseHeaders(500, -1));
        ZooException e = assertThrows(ZooException.class, () -> zoo(false).fetch("m"));
        assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().startsWith("cannot look up model 'm': no repository could be read: ")
                        && e.getMessage().contains("HTTP 500"),
                e.getMessage());
    }
}
