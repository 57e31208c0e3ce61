package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP bodies that are not the file: compressed unasked, a 200 or a misplaced 206 to a range request, a length that
 * disagrees with the index. Each ends in the right file or in a reason, never in advice that cannot succeed.
 */
class HttpBodiesTest {
    @TempDir
    Path dir;

    LoopbackServer server;
    final byte[] model = HttpRepositoryTest.bytes(200_000, 11);

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        server.serveModel(model);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Zoo zoo() {
        return Zoo.builder()
                .addRepository(new HttpRepository(server.base(), 5_000, 5_000))
                .optCache(new ModelCache(dir.resolve("cache")))
                .optNotices(n -> {})
                .build();
    }

    Path part() throws IOException {
        return Files.createDirectories(dir.resolve("cache").resolve("partial")).resolve(Zoo.sha256(model) + ".part");
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** Was "the download was cut short; run the same command again" for ever. */
    @Test
    void aBodyCompressedUnaskedIsDecompressedAndIdentityIsAskedFor() throws Exception {
        for (String path : List.of("/repo/m.onnx", "/repo/index.json")) {
            byte[] plain = server.files.get(path);
            server.special.put(path, ex -> {
                byte[] z = gzip(plain);
                ex.getResponseHeaders().add("Content-Encoding", "gzip");
                ex.sendResponseHeaders(200, z.length);
                ex.getResponseBody().write(z);
            });
        }
        assertArrayEquals(model, zoo().fetch("m").bytes());
        assertTrue(server.requests.stream().allMatch(r -> "identity".equals(r.acceptEncoding())), "asked for identity");
    }

    @Test
    void anEncodingThatCannotBeDecodedIsRefusedWithTheReason() {
        server.special.put("/repo/m.onnx", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "br");
            ex.sendResponseHeaders(200, 10);
            ex.getResponseBody().write(new byte[10]);
        });
        ZooException e = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage()
                        .contains("answered with Content-Encoding: br although ganzoo asked for the file as it"
                                + " is (Accept-Encoding: identity)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("run the same command again"), e.getMessage());
    }

    /** Was a raw Gson message. */
    @Test
    void aGzippedIndexWithoutItsHeaderIsNamedAsSuch() throws Exception {
        server.files.put("/repo/index.json", gzip(server.files.get("/repo/index.json")));
        ZooException e = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("index.json is gzip-compressed data, not JSON"), e.getMessage());
    }

    /**
     * An index whose bytes did not arrive whole, or that is no UTF-8 JSON at all, is said as such (attack re-test: a
     * gzip body cut in half was "not valid JSON: Unexpected end of ZLIB input stream"; an empty body a raw parser
     * message; UTF-16 a stray character).
     */
    @Test
    void anIndexCutShortEmptyOrInUtf16IsSaidAsSuch() throws Exception {
        byte[] index = server.files.get("/repo/index.json");
        server.special.put("/repo/index.json", ex -> {
            byte[] z = gzip(index);
            byte[] half = java.util.Arrays.copyOf(z, z.length / 2);
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, half.length);
            ex.getResponseBody().write(half);
        });
        ZooException cut = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertEquals(Reason.ACCESS, cut.reason(), cut.getMessage());
        assertTrue(
                cut.getMessage().contains("index.json could not be read whole: ")
                        && cut.getMessage().contains("(the transfer was cut short or damaged on the way)"),
                cut.getMessage());
        assertFalse(cut.getMessage().contains("not valid JSON"), cut.getMessage());
        server.special.remove("/repo/index.json");
        server.files.put("/repo/index.json", new byte[0]);
        ZooException empty = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertEquals(Reason.MALFORMED, empty.reason());
        assertTrue(
                empty.getMessage().contains("index.json is empty (0 bytes), not a ganzoo index"), empty.getMessage());
        server.files.put(
                "/repo/index.json",
                new String(index, java.nio.charset.StandardCharsets.UTF_8)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_16));
        ZooException utf16 = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertEquals(Reason.MALFORMED, utf16.reason());
        assertTrue(utf16.getMessage().contains("index.json is UTF-16 (or UTF-32) text, not UTF-8"), utf16.getMessage());
    }

    /**
     * A raw HTTP/1.1 server on loopback for what the JDK's server will not send (a body shorter than its
     * Content-Length, a transfer coding other than chunked): {@code answer} writes the whole response to the request
     * line it is given, for up to {@code connections} connections.
     */
    interface RawAnswer {
        void write(String requestLine, java.io.OutputStream out) throws IOException;
    }

    static java.net.ServerSocket rawServer(int connections, RawAnswer answer) throws IOException {
        java.net.ServerSocket raw = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            for (int i = 0; i < connections; i++) {
                try (java.net.Socket s = raw.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                            s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    String request = in.readLine();
                    for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                        // the headers
                    }
                    answer.write(request, s.getOutputStream());
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    return; // closed, or the client went away
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return raw;
    }

    Zoo rawZoo(java.net.ServerSocket raw, String cache) {
        return Zoo.builder()
                .addRepository(new HttpRepository(
                        java.net.URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/repo/"), 5_000, 5_000))
                .optCache(new ModelCache(dir.resolve(cache)))
                .optNotices(n -> {})
                .build();
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A plain index whose connection closes before its Content-Length is a transfer cut short (exit 7 class), not bad
     * JSON (attack re-test: "not valid JSON: End of input ... Tell the repository's maintainer").
     */
    @Test
    void aPlainIndexCutShortIsATransferFailure() throws Exception {
        byte[] index = server.files.get("/repo/index.json");
        try (java.net.ServerSocket raw = rawServer(1, (request, out) -> {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + index.length + "\r\nConnection: close\r\n\r\n"));
            out.write(index, 0, index.length / 2);
        })) {
            ZooException e = assertThrows(
                    ZooException.class, () -> rawZoo(raw, "short-cache").fetch("m"));
            assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("index.json ended after " + index.length / 2 + " of the " + index.length
                                    + " bytes the server announced (Content-Length)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("not valid JSON"), e.getMessage());
        }
    }

    /**
     * A transfer coding Java's HTTP client does not decode is refused with the reason, never retried (attack re-test:
     * "Transfer-Encoding: gzip, chunked" put the chunk framing into the .part, and each run said to run it again).
     */
    @Test
    void aTransferCodingThatCannotBeDecodedIsRefusedWithTheReason() throws Exception {
        byte[] index = server.files.get("/repo/index.json");
        try (java.net.ServerSocket raw = rawServer(4, (request, out) -> {
            if (request.contains("index.json")) {
                out.write(
                        ascii("HTTP/1.1 200 OK\r\nContent-Length: " + index.length + "\r\nConnection: close\r\n\r\n"));
                out.write(index);
            } else {
                byte[] z = gzip(model);
                out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n"
                        + Integer.toHexString(z.length) + "\r\n"));
                out.write(z);
                out.write(ascii("\r\n0\r\n\r\n"));
            }
        })) {
            ZooException e = assertThrows(
                    ZooException.class, () -> rawZoo(raw, "raw-cache").fetch("m"));
            assertEquals(Reason.ACCESS, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage()
                            .contains("answered with Transfer-Encoding: gzip, chunked, which ganzoo cannot decode"),
                    e.getMessage());
            assertFalse(
                    e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("run the same command again"),
                    e.getMessage());
        }
    }

    /** A server that honours a range but answers 200 with the slice wrote the slice into the .part. */
    @Test
    void aTwoHundredToARangeRequestRestartsFromZero() throws Exception {
        Files.write(part(), Arrays.copyOf(model, 50_000));
        server.special.put("/repo/m.onnx", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            int from = range == null ? 0 : Integer.parseInt(range.substring(6, range.indexOf('-')));
            ex.sendResponseHeaders(200, model.length - from); // the slice, as if it were the file
            ex.getResponseBody().write(model, from, model.length - from);
        });
        assertArrayEquals(model, zoo().fetch("m").bytes());
        List<LoopbackServer.Request> got = server.requests.stream()
                .filter(r -> r.path().equals("/repo/m.onnx"))
                .toList();
        assertEquals("bytes=50000-", got.get(0).range());
        assertNull(got.get(1).range(), "asked again for the whole file");
        assertFalse(Files.exists(part()));
    }

    @Test
    void aPartialAnswerThatStartsElsewhereIsRefusedAndRestarted() throws Exception {
        Files.write(part(), Arrays.copyOf(model, 50_000));
        server.special.put("/repo/m.onnx", ex -> {
            if (ex.getRequestHeaders().getFirst("Range") != null) { // 206 from byte 1000, whatever was asked
                ex.getResponseHeaders().add("Content-Range", "bytes 1000-" + (model.length - 1) + "/" + model.length);
                ex.sendResponseHeaders(206, model.length - 1000);
                ex.getResponseBody().write(model, 1000, model.length - 1000);
            } else {
                ex.sendResponseHeaders(200, model.length);
                ex.getResponseBody().write(model);
            }
        });
        assertArrayEquals(model, zoo().fetch("m").bytes());
        assertEquals(2, server.count("/repo/m.onnx"));
    }

    /**
     * Attack pass: a 206 without Content-Range to a range request was appended to the .part; docs/zoo.md appends only
     * a 206 whose Content-Range starts where asked. Here the server sends the file from byte 0 as its "206".
     */
    @Test
    void aPartialAnswerWithoutContentRangeIsNeverAppended() throws Exception {
        Files.write(part(), Arrays.copyOf(model, 50_000));
        server.special.put("/repo/m.onnx", ex -> {
            if (ex.getRequestHeaders().getFirst("Range") != null) {
                ex.sendResponseHeaders(206, model.length); // no Content-Range: where does it start?
                ex.getResponseBody().write(model);
            } else {
                ex.sendResponseHeaders(200, model.length);
                ex.getResponseBody().write(model);
            }
        });
        assertArrayEquals(model, zoo().fetch("m").bytes());
        List<LoopbackServer.Request> got = server.requests.stream()
                .filter(r -> r.path().equals("/repo/m.onnx"))
                .toList();
        assertEquals(2, got.size(), "asked again for the whole file: " + got);
        assertNull(got.get(1).range());
    }

    /** An index size 1,000 too large looped between "cut short, run again" and "HTTP 416". */
    @Test
    void anIndexSizeTheServersFileDisagreesWithIsNamedAndNotRetriedForEver() throws Exception {
        for (int delta : new int[] {1000, -1000}) {
            server.put(
                    "/repo/index.json",
                    LoopbackServer.index(
                            LoopbackServer.entry("m", "1.0.0", "m.onnx", Zoo.sha256(model), model.length + delta)));
            for (int run = 0; run < 2; run++) {
                ZooException e = assertThrows(ZooException.class, () -> zoo().fetch("m"));
                assertEquals(Reason.CHECKSUM, e.reason(), e.getMessage());
                assertTrue(
                        e.getMessage()
                                .startsWith("Size disagreement for m@1.0.0 in " + server.base()
                                        + ": its index lists " + (model.length + delta)
                                        + " bytes, but the server's file 'm.onnx'"
                                        + " has " + model.length + " bytes."),
                        e.getMessage());
                assertTrue(e.getMessage().contains("running again will not help"), e.getMessage());
            }
        }
        // a .part as long as the server's file (left by an older ganzoo): 416, then the whole file, then the reason
        server.put(
                "/repo/index.json",
                LoopbackServer.index(
                        LoopbackServer.entry("m", "1.0.0", "m.onnx", Zoo.sha256(model), model.length + 1000)));
        Files.write(part(), model);
        ZooException e = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertTrue(e.getMessage().startsWith("Size disagreement"), e.getMessage());
        // a chunked answer (no stated length) that ends short of the index's size from byte 0: the same reason
        server.special.put("/repo/m.onnx", ex -> {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(model);
        });
        ZooException chunked = assertThrows(ZooException.class, () -> zoo().fetch("m"));
        assertTrue(chunked.getMessage().startsWith("Size disagreement"), chunked.getMessage());
        assertFalse(Files.exists(part()));
    }
}
