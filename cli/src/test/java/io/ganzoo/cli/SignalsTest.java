package io.ganzoo.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, "signals during a run": SIGINT or SIGTERM while ONNX Runtime ran could kill the JVM (SIGSEGV in
 * libonnxruntime, an hs_err_pid*.log in the working directory) and printed nothing. A real render process is sent the
 * signal while a batch of 16,384 images is inside ONNX Runtime: the run is terminated and awaited, one line says what
 * was kept, the exit code is the signal's (143, 130), and a second render resumes.
 */
class SignalsTest {
    @TempDir
    Path dir;

    private Process render(Path out) throws Exception {
        return render(out, "16384");
    }

    private Process render(Path out, String batch) throws Exception {
        return new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "render",
                        "fashion-dcgan",
                        "-n",
                        "1000000",
                        "--batch-size",
                        batch,
                        "--threads",
                        "1",
                        "-q",
                        "-o",
                        out.toString()))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(out.resolveSibling(out.getFileName() + ".err").toFile())
                .start();
    }

    private void assertStoppedCleanly(Process p, Path out, int code, String what) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), what);
        String err = Files.readString(out.resolveSibling(out.getFileName() + ".err"), StandardCharsets.UTF_8);
        assertEquals(code, p.exitValue(), what + ": " + err);
        assertTrue(
                err.contains("stopped before the end: the ")
                                && err.contains(" images listed in ")
                                && err.contains("run the same command again to resume")
                        || err.contains("stopped before the end: no image was complete yet; run the same command"
                                + " again to start it"),
                what + ": " + err);
        assertEquals(1, err.strip().lines().count(), what + ", one line: " + err);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("hs_err")), what + ": JVM crash log");
        }
    }

    @Test
    void sigtermStopsTheRunInFlightAndSaysWhatIsKept() throws Exception {
        Path out = dir.resolve("term");
        Process p = render(out);
        Thread.sleep(6000); // the model loaded, a batch inside ONNX Runtime
        p.destroy(); // SIGTERM
        assertStoppedCleanly(p, out, 143, "SIGTERM");
    }

    /**
     * A PNG render stopped while it writes: the count said is what the manifest lists, every listed file is whole, and no
     * temporary file is left (re-test: a 0-byte .part was left, and the count said could be one batch short).
     */
    @Test
    void aStoppedPngRenderSaysExactlyWhatItListsAndLeavesNoPart() throws Exception {
        Path out = dir.resolve("png");
        Process p = render(out, "64");
        Path manifest = out.resolve("manifest.jsonl");
        long until = System.nanoTime() + 60_000_000_000L;
        while ((!Files.exists(manifest) || Files.size(manifest) < 64 * 200) && System.nanoTime() < until) {
            Thread.sleep(50); // units of 64 PNGs being written one after another
        }
        p.destroy(); // SIGTERM
        assertStoppedCleanly(p, out, 143, "SIGTERM while writing");
        String err = Files.readString(out.resolveSibling("png.err"), StandardCharsets.UTF_8);
        List<String> listed = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        assertTrue(listed.size() > 0, err);
        assertTrue(
                err.contains(String.format(java.util.Locale.ROOT, "the %,d images listed in ", listed.size())),
                "said " + err + " but the manifest lists " + listed.size());
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> pngs = files.filter(f -> f.getFileName().toString().endsWith(".png"))
                    .toList();
            assertEquals(listed.size(), pngs.size(), "every PNG written is listed");
        }
        try (Stream<Path> files = Files.walk(out)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.getFileName().toString().endsWith(".part"))
                            .toList(),
                    "no temporary file left");
        }
    }

    @Test
    void sigintStopsTheRunInFlightAndSaysWhatIsKept() throws Exception {
        Path out = dir.resolve("int");
        Process p = render(out);
        Thread.sleep(6000);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            // a process started without job control inherits SIGINT ignored (a background shell), so the JVM never
            // sees it: nothing to test here
            Assumptions.abort("SIGINT is ignored in this process tree (started in the background)");
        }
        assertStoppedCleanly(p, out, 130, "SIGINT");
    }

    /**
     * A stopped zoo pull said "nothing is left half-written" though it keeps a resumable .part (attack pass): it says
     * the partial download is kept and that the same command resumes it.
     */
    @Test
    void aStoppedPullSaysItsPartialDownloadIsKeptAndResumable() throws Exception {
        byte[] model = new byte[1 << 20];
        new java.util.Random(5).nextBytes(model);
        String index = "{\"schemaVersion\":1,\"models\":[{\"name\":\"m\",\"version\":\"1.0.0\",\"file\":"
                + "\"m.onnx\",\"sha256\":\"" + io.ganzoo.zoo.Zoo.sha256(model) + "\",\"size\":" + model.length + "}]}";
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            try {
                if (ex.getRequestURI().getPath().endsWith("index.json")) {
                    byte[] b = index.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                } else { // half the file, then silence: the pull waits with a .part
                    ex.sendResponseHeaders(200, model.length);
                    ex.getResponseBody().write(model, 0, model.length / 2);
                    ex.getResponseBody().flush();
                    Thread.sleep(60_000);
                }
            } catch (InterruptedException | java.io.IOException e) {
                // the client went away
            } finally {
                ex.close();
            }
        });
        server.start();
        Path err = dir.resolve("pull.err");
        Path home = dir.resolve("home");
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            Main.class.getName(),
                            "zoo",
                            "pull",
                            "-q",
                            "m"))
                    .directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile());
            pb.environment()
                    .put(
                            "GANZOO_REPOSITORIES",
                            "http://127.0.0.1:" + server.getAddress().getPort() + "/");
            pb.environment().put("GANZOO_HOME", home.toString());
            pb.environment().put("GANZOO_MIN_RATE", "0");
            Process p = pb.start();
            Path part = home.resolve("cache").resolve("partial").resolve(io.ganzoo.zoo.Zoo.sha256(model) + ".part");
            long until = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(part) && Files.size(part) > 0) && System.nanoTime() < until && p.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(part), "the download started: " + Files.readString(err));
            p.destroy(); // SIGTERM: the same stop line as SIGINT
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String text = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(143, p.exitValue(), text);
            assertTrue(
                    text.contains("any partial download is kept in "
                            + home.resolve("cache").resolve("partial")),
                    text);
            assertTrue(text.contains("run the same command again to resume it: ganzoo zoo pull m"), text);
            assertTrue(!text.contains("nothing is left half-written"), text);
            assertTrue(Files.exists(part), "the .part is kept");
        } finally {
            server.stop(0);
        }
    }
}
