package io.ganzoo.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.ganzoo.console.ExitCode;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole distribution path through the CLI: publish into a folder, serve it over HTTP on loopback, list, pull
 * into a temporary cache, sample from the cache, verify, work offline, collect garbage.
 */
class ZooCommandTest {
    @TempDir
    Path dir;

    HttpServer server;
    Path repo;
    final java.util.concurrent.atomic.AtomicInteger hits = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeEach
    void serve() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            Path f = repo.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            try {
                if (!f.startsWith(repo) || !Files.isRegularFile(f)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } finally {
                ex.close();
            }
        });
        server.start();
        System.setProperty("ganzoo.home", dir.resolve("home").toString());
        System.setProperty(
                "ganzoo.repositories", "http://127.0.0.1:" + server.getAddress().getPort() + "/,embedded");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        System.clearProperty("ganzoo.home");
        System.clearProperty("ganzoo.repositories");
        System.clearProperty("ganzoo.offline");
    }

    @Test
    void publishServeListPullSampleVerifyOfflineAndGc() throws Exception {
        Path onnx = Fixtures.copy(dir, "tiny-dcgan.onnx");
        SampleCommandTest.Run pub =
                run("zoo", "publish", onnx.toString(), "--repo", repo.toString(), "--license", "MIT");
        assertEquals(ExitCode.OK.code(), pub.code(), pub.err());
        assertTrue(pub.out().contains("published tiny-dcgan@0.1.0"), pub.out());
        assertTrue(Files.isRegularFile(repo.resolve("tiny-dcgan-0.1.0.onnx")));
        SampleCommandTest.Run again = run("zoo", "publish", onnx.toString(), "--repo", repo.toString());
        assertEquals(ExitCode.USAGE.code(), again.code());
        assertTrue(again.err().contains("already published"), again.err());

        JsonObject list =
                JsonParser.parseString(run("zoo", "list", "--json").out()).getAsJsonObject();
        JsonArray models = list.getAsJsonArray("models");
        JsonObject tiny = models.get(0).getAsJsonObject();
        assertEquals("tiny-dcgan", tiny.get("name").getAsString());
        assertEquals("remote", tiny.get("where").getAsString());
        assertTrue(models.size() > 4, "the embedded models are listed after it");
        assertEquals(
                "embedded",
                models.get(models.size() - 1).getAsJsonObject().get("where").getAsString());

        SampleCommandTest.Run pull = run("zoo", "pull", "tiny-dcgan@0.1");
        assertEquals(ExitCode.OK.code(), pull.code(), pull.err());
        assertTrue(pull.out().contains("tiny-dcgan@0.1.0: verified (cached"), pull.out());
        assertTrue(pull.err().contains("100%"), "progress: " + pull.err());
        assertFalse(
                pull.err().contains("\r"),
                "stderr is no terminal here: plain lines, no carriage returns: " + pull.err());
        assertTrue(pull.err().contains("tiny-dcgan@0.1.0: 100% "), pull.err());
        assertTrue(run("zoo", "list").out().contains("cached"));

        JsonObject info = JsonParser.parseString(
                        run("zoo", "info", "tiny-dcgan", "--json").out())
                .getAsJsonObject();
        assertEquals(Files.size(onnx), info.get("size").getAsLong());
        assertEquals("MIT", info.getAsJsonObject("card").get("license").getAsString());

        server.stop(0);
        System.setProperty("ganzoo.offline", "true");
        SampleCommandTest.Run offline = run(
                "sample", "tiny-dcgan", "-n", "4", "-o", dir.resolve("s.png").toString());
        assertEquals(ExitCode.OK.code(), offline.code(), "offline, from the cache: " + offline.err());

        SampleCommandTest.Run ok = run("zoo", "verify");
        assertEquals(ExitCode.OK.code(), ok.code(), ok.out());
        assertTrue(ok.out().contains("1 file in ") && ok.out().contains("0 corrupt"), ok.out());
        Path cached = dir.resolve("home")
                .resolve("cache")
                .resolve("files")
                .resolve(info.get("sha256").getAsString());
        byte[] b = Files.readAllBytes(cached);
        b[b.length / 2] ^= 1;
        Files.write(cached, b);
        SampleCommandTest.Run bad = run("zoo", "verify");
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), bad.code(), bad.out());
        assertTrue(bad.out().contains("CORRUPT"), bad.out());
        SampleCommandTest.Run gone = run(
                "sample", "tiny-dcgan", "-n", "4", "-o", dir.resolve("t.png").toString());
        assertEquals(ExitCode.REPOSITORY.code(), gone.code(), "the corrupt copy was removed and the network is off");
        assertTrue(gone.err().contains("not in the cache"), gone.err());

        SampleCommandTest.Run gc = run("zoo", "gc", "--all");
        assertEquals(ExitCode.OK.code(), gc.code(), gc.err());
        assertTrue(gc.out().contains("freed"), gc.out());
    }

    /**
     * A repository whose index is broken (not JSON, or over the size limit) gave exit 5 to sample and 7 to zoo list
     * (attack pass), and Gson's troubleshooting link as a second line: every command now says it the lookup's way.
     */
    @Test
    void aBrokenIndexIsTheSameFailureForEveryCommand() throws IOException {
        Path repo = java.nio.file.Files.createDirectories(dir.resolve("broken-repo"));
        java.nio.file.Files.writeString(repo.resolve("index.json"), "{\"bad");
        System.setProperty("ganzoo.repositories", repo.toString());
        for (String[] args : new String[][] {
            {"sample", "tiny-dcgan", "-o", dir.resolve("b.png").toString()},
            {"zoo", "info", "tiny-dcgan"},
            {"zoo", "list"}
        }) {
            SampleCommandTest.Run r = run(args);
            assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(repo.resolve("index.json") + " is not valid JSON: "), r.err());
            assertFalse(r.err().contains("gson"), "no link to Gson's troubleshooting: " + r.err());
        }
    }

    /**
     * Issue 26, a reproducibility self-test: every embedded generator draws its recorded reference render identically
     * here; a published model records one; a reference 1 grey level away is "within 1 grey level", one further away
     * "DIFFERENT" with exit 5, with the largest difference.
     */
    @Test
    void selftestSaysIdenticalWithinOneGreyLevelOrDifferent() throws Exception {
        System.setProperty("ganzoo.repositories", "embedded");
        SampleCommandTest.Run all = run("zoo", "selftest");
        assertEquals(ExitCode.OK.code(), all.code(), all.err());
        assertTrue(all.out().startsWith("this machine: "), all.out());
        assertTrue(all.out().contains(", ONNX Runtime 1.28.0, Java "), all.out());
        for (String id : new String[] {"fashion-dcgan@1.1.0", "fashion-cgan@1.0.1", "emoji-dcgan@1.1.0"}) {
            assertTrue(
                    all.out().matches("(?s).*\\R" + java.util.regex.Pattern.quote(id) + " +identical \\(.*"),
                    all.out());
        }

        Path published = dir.resolve("published");
        Path tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        SampleCommandTest.Run pub = run("zoo", "publish", tiny.toString(), "--repo", published.toString());
        assertEquals(ExitCode.OK.code(), pub.code(), pub.err());
        Path png = published.resolve("tiny-dcgan-0.1.0.selftest.png");
        assertTrue(Files.isRegularFile(png), "publish writes the reference render beside the model");
        System.setProperty("ganzoo.repositories", published.toString());
        SampleCommandTest.Run same = run("zoo", "selftest", "tiny-dcgan");
        assertEquals(ExitCode.OK.code(), same.code(), same.err());
        assertTrue(same.out().contains("tiny-dcgan@0.1.0             identical (12,544 values"), same.out());

        // the reference moved by 1 and by 7 grey levels in a few values (its card updated to match): as another
        // machine's rounding, and as a model that draws something else
        byte[] pixels = Selftest.decode(Files.readAllBytes(png));
        for (int shift : new int[] {1, 7}) {
            byte[] moved = pixels.clone();
            for (int i = 0; i < 30; i++) {
                int v = moved[i * 400] & 0xff;
                moved[i * 400] = (byte) (v >= 128 ? v - shift : v + shift);
            }
            byte[] file = io.ganzoo.sdk.Picture.of(moved, 28, 28 * 16, 1).toPng();
            Files.write(png, file);
            Path index = published.resolve("index.json");
            JsonObject root = JsonParser.parseString(Files.readString(index)).getAsJsonObject();
            JsonObject t = root.getAsJsonArray("models")
                    .get(0)
                    .getAsJsonObject()
                    .getAsJsonObject("card")
                    .getAsJsonObject("selftest");
            t.addProperty("sha256", Zoo.sha256(moved));
            t.addProperty("fileSha256", Zoo.sha256(file));
            t.addProperty("fileSize", file.length);
            Files.writeString(index, root.toString());
            SampleCommandTest.Run r = run("zoo", "selftest", "tiny-dcgan");
            if (shift == 1) {
                assertEquals(ExitCode.OK.code(), r.code(), r.err());
                assertTrue(r.out().contains("within 1 grey level: 30 of 12,544 values (0.239%) differ by 1"), r.out());
            } else {
                assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), r.err());
                assertTrue(
                        r.out().contains("DIFFERENT: 30 of 12,544 values (0.239%) differ, by up to 7 grey levels"),
                        r.out());
            }
        }
        // a reference file that is not what the card says is refused by its checksum
        Files.write(png, new byte[] {1, 2, 3});
        SampleCommandTest.Run bad = run("zoo", "selftest", "tiny-dcgan");
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), bad.code(), bad.err());
        assertTrue(bad.err().contains("Size error for tiny-dcgan@0.1.0"), bad.err());
    }

    /**
     * A broken index before {@code embedded} (attack pass): {@code sample tiny-dcgan} was exit 3 "not found" and
     * {@code zoo list} exit 0. The name cannot be told missing, and a list that could not read every repository fails
     * with the lookup's code after listing the others.
     */
    @Test
    void aBrokenIndexBeforeEmbeddedIsNeverNotFoundAndFailsTheList() throws IOException {
        Path repo = java.nio.file.Files.createDirectories(dir.resolve("html-repo"));
        java.nio.file.Files.writeString(repo.resolve("index.json"), "<html><body>login</body></html>");
        System.setProperty("ganzoo.repositories", repo + ",embedded");
        SampleCommandTest.Run sample =
                run("sample", "tiny-dcgan", "-o", dir.resolve("t.png").toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), sample.code(), sample.err());
        assertTrue(sample.err().contains("cannot tell whether model 'tiny-dcgan' exists"), sample.err());
        assertTrue(sample.err().contains("it starts with '<html>': an HTML page, not JSON"), sample.err());
        SampleCommandTest.Run list = run("zoo", "list");
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), list.code(), list.err());
        assertTrue(list.out().contains("fashion-dcgan"), "the readable repository is listed: " + list.out());
        assertTrue(list.err().contains("1 of 2 repositories could not be read"), list.err());
    }

    /** The same cache failure was exit 4 for gc and 7 for verify and sample (attack pass): 7 (ACCESS) for all. */
    @Test
    void aCacheThatCannotBeUsedIsExit7ForGcAndVerifyAlike() throws IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        System.setProperty("ganzoo.home", file.toString());
        System.setProperty("ganzoo.repositories", "embedded");
        for (String[] args : new String[][] {{"zoo", "gc", "--all"}, {"zoo", "gc"}, {"zoo", "verify"}}) {
            SampleCommandTest.Run r = run(args);
            assertEquals(ExitCode.REPOSITORY.code(), r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(file + " is a file, not a folder"), r.err());
        }
    }

    /**
     * Card text was printed as it is (attack pass): an index could forge a line ("\r\nerror: fake line") or send
     * terminal escape sequences through zoo info and zoo list.
     */
    @Test
    void cardTextWithControlCharactersIsPrintedVisibly() throws IOException {
        Path repo = java.nio.file.Files.createDirectories(dir.resolve("forging-repo"));
        byte[] m = new byte[100];
        java.nio.file.Files.write(repo.resolve("m.onnx"), m);
        java.nio.file.Files.writeString(
                repo.resolve("index.json"),
                "{\"schemaVersion\":1,\"models\":[{\"name\":\"m\",\"version\":\"1.0.0\",\"file\":\"m.onnx\","
                        + "\"sha256\":\"" + Zoo.sha256(m) + "\",\"size\":100,"
                        + "\"deprecated\":\"old\\r\\nerror: fake line\","
                        + "\"card\":{\"title\":\"\\u001b[2Jcleared\\u0007\",\"license\":\"MIT\\u202e\"}}]}");
        System.setProperty("ganzoo.repositories", repo.toString());
        SampleCommandTest.Run info = run("zoo", "info", "m");
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("DEPRECATED: old\\u000d\\u000aerror: fake line"), info.out());
        assertTrue(info.out().contains("\\u001b[2Jcleared\\u0007"), info.out());
        assertTrue(info.out().contains("MIT\\u202e"), info.out());
        SampleCommandTest.Run list = run("zoo", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("(deprecated: old\\u000d\\u000aerror: fake line)"), list.out());
        for (String out : new String[] {info.out(), list.out()}) {
            assertFalse(out.contains("\u001b") || out.contains("\r") || out.contains("\u0007"), out);
            assertFalse(out.lines().anyMatch(l -> l.startsWith("error: fake line")), out);
        }
    }

    /** A repository that cannot be reached, or serves no index, is a repository error, not an unknown model. */
    @Test
    void anUnreadableRepositoryExitsWithTheRepositoryCode() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        System.setProperty("ganzoo.repositories", "http://127.0.0.1:" + closed + "/");
        SampleCommandTest.Run info = run("zoo", "info", "tiny-dcgan");
        assertEquals(ExitCode.REPOSITORY.code(), info.code(), info.err());
        assertTrue(
                info.err().startsWith("error: cannot look up model 'tiny-dcgan': no repository could be read"),
                info.err());
        SampleCommandTest.Run sample =
                run("sample", "tiny-dcgan", "-o", dir.resolve("u.png").toString());
        assertEquals(ExitCode.REPOSITORY.code(), sample.code(), sample.err());
        SampleCommandTest.Run list = run("zoo", "list");
        assertEquals(ExitCode.REPOSITORY.code(), list.code(), "an empty listing because nothing could be read");
        assertTrue(list.err().contains("no repository could be read"), list.err());
        SampleCommandTest.Run gc = run("zoo", "gc");
        assertEquals(ExitCode.REPOSITORY.code(), gc.code(), gc.err());
        assertTrue(gc.err().contains("gc needs every repository's index"), gc.err());

        // the server answers, but the folder it serves holds no index.json (404)
        System.setProperty(
                "ganzoo.repositories", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
        SampleCommandTest.Run empty = run("zoo", "info", "tiny-dcgan");
        assertEquals(ExitCode.REPOSITORY.code(), empty.code(), empty.err());
        assertTrue(empty.err().contains("HTTP 404"), empty.err());
        assertFalse(Files.exists(dir.resolve("u.png")));
    }

    /** Was exit 3 "not found ... Did you mean ...?" for a model pulled before the server went down. */
    @Test
    void aPulledModelIsSampledFromTheCacheWhenItsServerIsDown() throws Exception {
        Path onnx = Fixtures.copy(dir, "tiny-dcgan.onnx");
        assertEquals(
                0,
                run("zoo", "publish", onnx.toString(), "--repo", repo.toString())
                        .code());
        Path cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
        assertEquals(
                0,
                run("zoo", "publish", cgan.toString(), "--repo", repo.toString())
                        .code());
        assertEquals(0, run("zoo", "pull", "tiny-dcgan").code());
        server.stop(0);
        java.io.ByteArrayOutputStream note = new java.io.ByteArrayOutputStream();
        java.io.PrintStream was = System.err;
        SampleCommandTest.Run s;
        try {
            System.setErr(new java.io.PrintStream(note, true, java.nio.charset.StandardCharsets.UTF_8));
            s = run(
                    "sample",
                    "tiny-dcgan",
                    "-n",
                    "4",
                    "-o",
                    dir.resolve("down.png").toString());
        } finally {
            System.setErr(was);
        }
        String said = note.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK.code(), s.code(), s.err());
        assertTrue(Files.isRegularFile(dir.resolve("down.png")));
        assertTrue(said.startsWith("note: http://127.0.0.1:"), said);
        assertEquals(said.indexOf("cannot be read now"), said.lastIndexOf("cannot be read now"), "once: " + said);

        // listed, never pulled: the repository and GANZOO_OFFLINE are named (exit 7), never "not found"
        SampleCommandTest.Run notPulled =
                run("sample", "tiny-cgan", "-o", dir.resolve("x.png").toString());
        assertEquals(ExitCode.REPOSITORY.code(), notPulled.code(), notPulled.err());
        assertTrue(notPulled.err().contains("is listed by http://127.0.0.1:"), notPulled.err());
        assertTrue(notPulled.err().contains("GANZOO_OFFLINE"), notPulled.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    /** GANZOO_OFFLINE=yes / on / TRUE silently meant online. */
    @Test
    void anOfflineSwitchTakesTheUsualWordsAndRefusesOthers() throws Exception {
        Path onnx = Fixtures.copy(dir, "tiny-dcgan.onnx");
        assertEquals(
                0,
                run("zoo", "publish", onnx.toString(), "--repo", repo.toString())
                        .code());
        assertEquals(0, run("zoo", "pull", "tiny-dcgan").code());
        for (String on : new String[] {"yes", "ON", "TRUE", "1"}) {
            System.setProperty("ganzoo.offline", on);
            int before = hits.get();
            SampleCommandTest.Run r = run(
                    "sample",
                    "tiny-dcgan",
                    "-n",
                    "2",
                    "-o",
                    dir.resolve(on + ".png").toString());
            assertEquals(ExitCode.OK.code(), r.code(), on + ": " + r.err());
            assertEquals(before, hits.get(), on + ": offline, no request");
        }
        System.setProperty("ganzoo.offline", "maybe");
        SampleCommandTest.Run bad = run("zoo", "list");
        assertEquals(ExitCode.USAGE.code(), bad.code(), bad.err());
        assertTrue(
                bad.err()
                        .startsWith("error: GANZOO_OFFLINE / ganzoo.offline: expected one of true/1/yes/on (on) or"
                                + " false/0/no/off (off), in any case; found 'maybe'"),
                bad.err());
    }

    /** Was "not in the cache": the tampered copy had been found, failed its checksum and been deleted. */
    @Test
    void offlineATamperedCachedCopyIsNamedAsSuch() throws Exception {
        Path onnx = Fixtures.copy(dir, "tiny-dcgan.onnx");
        assertEquals(
                0,
                run("zoo", "publish", onnx.toString(), "--repo", repo.toString())
                        .code());
        assertEquals(0, run("zoo", "pull", "tiny-dcgan").code());
        Path files = dir.resolve("home").resolve("cache").resolve("files");
        Path cached;
        try (java.util.stream.Stream<Path> s = Files.list(files)) {
            cached = s.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(cached);
        b[b.length / 3] ^= 1;
        Files.write(cached, b);
        System.setProperty("ganzoo.offline", "true");
        SampleCommandTest.Run r =
                run("sample", "tiny-dcgan", "-o", dir.resolve("t.png").toString());
        assertEquals(ExitCode.REPOSITORY.code(), r.code(), r.err());
        assertTrue(
                r.err().startsWith("error: the cached copy of tiny-dcgan@0.1.0 (" + cached + ") failed its checksum"),
                r.err());
        assertTrue(r.err().contains("was removed") && r.err().contains("ganzoo zoo pull tiny-dcgan@0.1.0"), r.err());
    }

    @Test
    void unknownNamesSuggestTheNearestOnes() {
        System.setProperty("ganzoo.repositories", "embedded");
        SampleCommandTest.Run r = run("zoo", "info", "fashion-dcgn");
        assertEquals(ExitCode.MODEL_NOT_FOUND.code(), r.code());
        assertTrue(r.err().contains("Did you mean fashion-dcgan"), r.err());
    }

    @Test
    void celebaIsExplainedWithTheRecipeThatMakesIt() {
        System.setProperty("ganzoo.repositories", "embedded");
        for (String[] args : new String[][] {
            {"zoo", "info", "celeba-dcgan"},
            {"sample", "celeba-dcgan", "-o", dir.resolve("c.png").toString()}
        }) {
            SampleCommandTest.Run r = run(args);
            assertEquals(ExitCode.MODEL_NOT_FOUND.code(), r.code(), r.err());
            assertTrue(
                    r.err().startsWith("error: model 'celeba-dcgan' is not distributed with ganzoo: CelebA's"),
                    r.err());
            assertTrue(r.err().contains("non-commercial research only"), r.err());
            assertTrue(r.err().contains(io.ganzoo.zoo.Undistributed.CELEBA_RECIPE), r.err());
            assertTrue(r.err().contains("sample emoji-dcgan"), r.err());
            assertFalse(Files.exists(dir.resolve("c.png")));
        }
    }
}
