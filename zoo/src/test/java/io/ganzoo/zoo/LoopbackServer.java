package io.ganzoo.zoo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback for the zoo's tests: serves {@link #files} (honouring {@code Range} with a correct
 * 206), records every request's headers, and lets a test replace the answer of one path with a handler that
 * misbehaves.
 */
final class LoopbackServer implements AutoCloseable {
    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    /** A request as the server saw it: path and the headers that matter here. */
    record Request(String path, String range, String acceptEncoding) {}

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, Handler> special = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            requests.add(new Request(
                    path,
                    ex.getRequestHeaders().getFirst("Range"),
                    ex.getRequestHeaders().getFirst("Accept-Encoding")));
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
                    if (from >= body.length) {
                        ex.getResponseHeaders().add("Content-Range", "bytes */" + body.length);
                        ex.sendResponseHeaders(416, -1);
                        return;
                    }
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
    }

    /** {@code http://127.0.0.1:PORT/repo/}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/repo/");
    }

    void put(String path, String text) {
        files.put(path, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Serves {@code model} as {@code /repo/m.onnx}, listed as {@code m@1.0.0} in {@code /repo/index.json}. */
    void serveModel(byte[] model) {
        files.put("/repo/m.onnx", model);
        put("/repo/index.json", index(entry("m", "1.0.0", "m.onnx", Zoo.sha256(model), model.length)));
    }

    long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    static String entry(String name, String version, String file, String sha, Object size) {
        return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"file\":\"" + file + "\",\"sha256\":\""
                + sha + "\",\"size\":" + size + "}";
    }

    static String index(String... entries) {
        return "{\"schemaVersion\":1,\"models\":[" + String.join(",", entries) + "]}";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
