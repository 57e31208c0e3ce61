package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A repository on any static HTTP(S) server: {@code <base>/index.json} and the files it lists beside it. Uses
 * {@link HttpURLConnection} (present on Android too) with connect and read timeouts, follows up to five
 * redirects (also from http to https; a redirect to any other scheme, such as {@code file:} or {@code ftp:}, is
 * refused as this repository's error), asks for byte ranges to resume partial downloads, and gives up on a server
 * that sends less than a minimum rate ({@link #MIN_BYTES_PER_SECOND} after a {@link #GRACE_MS} grace, averaged over
 * the whole response; setting {@code ganzoo.min-rate} / {@code GANZOO_MIN_RATE}, bytes per second, 0 turns it off).
 * Files are never handed out directly: {@link Zoo} streams them through the verified {@link ModelCache}.
 */
public final class HttpRepository implements Repository {
    /** Default connect timeout, milliseconds. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Default read timeout (longest silence while reading), milliseconds. */
    public static final int READ_TIMEOUT_MS = 30_000;

    private static final int MAX_REDIRECTS = 5;
    /**
     * Ends connections whose server is too slow where no read of ours returns to notice it: response headers sent a
     * byte at a time, or a chunked body whose chunk-size lines trickle (HttpURLConnection reads those inside one read).
     */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ganzoo-http-watchdog");
        t.setDaemon(true);
        return t;
    });
    /**
     * Runs the blocking reads of response bodies, so that the caller can give up on a read that a trickling server
     * keeps from returning (a chunked body's size line sent a byte at a time); an abandoned read ends when the server
     * stops or the read timeout passes.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ganzoo-http-read");
        t.setDaemon(true);
        return t;
    });
    /** Default minimum average rate of a response, bytes per second: a 3 MB model in at most an hour. */
    public static final long MIN_BYTES_PER_SECOND = 1024;
    /** Time a response may take before the minimum rate applies, milliseconds. */
    public static final long GRACE_MS = 30_000;

    private final URI base;
    private final int connectTimeout;
    private final int readTimeout;
    private final long minBytesPerSecond;
    private final long graceMs;
    private final ProxySelector proxies;
    private volatile ZooIndex index;

    /** A repository at {@code base} (e.g. {@code https://models.example.org/ganzoo/}) with the default timeouts. */
    public HttpRepository(URI base) {
        this(base, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    }

    /** With the given timeouts and the minimum rate from {@code ganzoo.min-rate} / {@code GANZOO_MIN_RATE}. */
    public HttpRepository(URI base, int connectTimeoutMs, int readTimeoutMs) {
        this(base, connectTimeoutMs, readTimeoutMs, minRateSetting());
    }

    /**
     * @param minBytesPerSecond a response whose average rate stays below this after {@link #GRACE_MS} fails; 0: no limit
     */
    public HttpRepository(URI base, int connectTimeoutMs, int readTimeoutMs, long minBytesPerSecond) {
        this(base, connectTimeoutMs, readTimeoutMs, minBytesPerSecond, GRACE_MS);
    }

    HttpRepository(URI base, int connectTimeoutMs, int readTimeoutMs, long minBytesPerSecond, long graceMs) {
        this(
                base,
                connectTimeoutMs,
                readTimeoutMs,
                minBytesPerSecond,
                graceMs,
                Settings.system().proxies());
    }

    /**
     * @param proxies the proxies to connect through ({@link Settings#proxies()}: Java's proxy properties, else
     *     {@code http_proxy} / {@code https_proxy} / {@code no_proxy})
     */
    HttpRepository(
            URI base,
            int connectTimeoutMs,
            int readTimeoutMs,
            long minBytesPerSecond,
            long graceMs,
            ProxySelector proxies) {
        this.proxies = proxies;
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("repository URL: expected http:// or https://, found " + base);
        }
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.connectTimeout = connectTimeoutMs;
        this.readTimeout = readTimeoutMs;
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException(
                    "minimum rate: expected >= 0 bytes/s (0: none), found " + minBytesPerSecond);
        }
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceMs = graceMs;
    }

    /** {@code ganzoo.min-rate} / {@code GANZOO_MIN_RATE} in bytes per second, else {@link #MIN_BYTES_PER_SECOND}. */
    static long minRateSetting() {
        return Settings.system()
                .nonNegative(
                        "ganzoo.min-rate", "GANZOO_MIN_RATE", MIN_BYTES_PER_SECOND, "bytes per second (0: no minimum)");
    }

    @Override
    public String location() {
        return base.toString();
    }

    @Override
    public boolean isRemote() {
        return true;
    }

    @Override
    public ZooIndex index() throws ZooException {
        ZooIndex i = index;
        if (i == null) {
            Body body = get("index.json", 0);
            // a body that ends before its Content-Length is a transfer cut short, not an index that is bad JSON (attack
            // re-test: "not valid JSON: End of input ... Tell the repository's maintainer")
            try (InputStream in = Streams.exactly(body.stream(), body.total(), location() + "index.json")) {
                i = ZooIndex.read(in, location() + "index.json");
            } catch (IOException e) {
                throw new ZooException(Reason.ACCESS, location() + "index.json: " + e.getMessage(), e);
            }
            index = i;
        }
        return i;
    }

    @Override
    public InputStream open(ModelEntry entry, long offset) throws ZooException {
        Opened o = openAt(entry, offset);
        if (o.start() != offset) { // the server sent the whole file: skip what the caller has
            try {
                Streams.skip(o.stream(), offset);
            } catch (IOException e) {
                Streams.closeQuietly(o.stream(), e);
                throw new ZooException(Reason.ACCESS, location() + entry.file() + ": " + e.getMessage(), e);
            }
        }
        return o.stream();
    }

    /**
     * Opens a file from {@code offset} as the server answers: from there (a 206 whose {@code Content-Range} starts
     * there), or from byte 0 (after a 200 to the range request, a 416, or a 206 starting elsewhere: each is refused
     * and the whole file asked for again without a range). A body sent with {@code Content-Encoding: gzip} although {@code identity}
     * was asked for is decompressed; any other encoding is refused.
     *
     * @throws ZooException {@link Reason#ACCESS} when the server cannot be read or sends an encoding that cannot be
     *     decoded (the message names it and what to change on the server)
     */
    @Override
    public Opened openAt(ModelEntry entry, long offset) throws ZooException {
        Body b = get(entry.file(), offset);
        return new Opened(b.stream(), b.start(), b.total());
    }

    /**
     * The response code, or a clear failure when the headers have not all arrived within the grace time (a read
     * timeout only catches silence; headers sent a byte every few seconds would never end).
     */
    private int responseCode(HttpURLConnection c, URL url) throws IOException, ZooException {
        if (minBytesPerSecond == 0) {
            return c.getResponseCode();
        }
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> watch = WATCHDOG.schedule(
                () -> {
                    late.set(true);
                    READERS.execute(c::disconnect); // may block: never on the watchdog's thread
                },
                graceMs,
                TimeUnit.MILLISECONDS);
        int code;
        try {
            code = c.getResponseCode();
        } catch (IOException e) {
            if (late.get()) {
                throw slowHeaders(url, e);
            }
            throw e;
        } finally {
            watch.cancel(false);
        }
        if (late.get()) { // HttpURLConnection may swallow the closed socket here
            throw slowHeaders(url, null);
        }
        return code;
    }

    private ZooException slowHeaders(URL url, IOException cause) {
        return new ZooException(
                Reason.ACCESS,
                url + " is too slow: no complete response headers within " + graceMs / 1000.0
                        + " s (setting GANZOO_MIN_RATE, 0 for no limit)",
                cause);
    }

    private String viaText(Proxy proxy, URL url) {
        try {
            return Settings.through(proxies, proxy, url.toURI());
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private Proxy proxyFor(URL url) throws IOException {
        List<Proxy> ps;
        try {
            ps = proxies.select(url.toURI());
        } catch (Settings.Invalid e) { // a proxy setting this connection would use: said as the setting's
            throw e;
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("bad URL " + url + ": " + e.getMessage(), e);
        }
        return ps == null || ps.isEmpty() ? Proxy.NO_PROXY : ps.get(0);
    }

    /**
     * An open response body (decoded), starting at byte {@code start} of the file, whose whole length the server
     * states as {@code total} (-1 when it does not say).
     */
    record Body(InputStream stream, long start, long total) {}

    private Body get(String file, long offset) throws ZooException {
        return get(file, offset, true);
    }

    /** @param restartable whether a range answer that cannot be used may be asked for again from byte 0 */
    private Body get(String file, long offset, boolean restartable) throws ZooException {
        URL url;
        try {
            url = base.resolve(new URI(null, null, file, null)).toURL();
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            throw new ZooException(
                    Reason.MALFORMED, location() + ": bad file name '" + file + "': " + e.getMessage(), e);
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c;
            int status;
            String via = "";
            try {
                Proxy proxy = proxyFor(url);
                via = viaText(proxy, url);
                c = (HttpURLConnection) url.openConnection(proxy);
                c.setConnectTimeout(connectTimeout);
                c.setReadTimeout(readTimeout);
                c.setInstanceFollowRedirects(false);
                c.setRequestProperty("User-Agent", "ganzoo-zoo");
                c.setRequestProperty("Accept-Encoding", "identity");
                if (offset > 0) {
                    c.setRequestProperty("Range", "bytes=" + offset + "-");
                }
                status = responseCode(c, url);
            } catch (SocketTimeoutException e) {
                throw new ZooException(
                        Reason.ACCESS,
                        "timed out (connect timeout " + connectTimeout / 1000.0 + " s, read timeout "
                                + readTimeout / 1000.0 + " s) waiting for "
                                + url + via
                                + "; the server" + (via.isEmpty() ? "" : " or the proxy")
                                + " is too slow or unreachable. Try again, or work offline with cached copies"
                                + " (GANZOO_OFFLINE=true).",
                        e);
            } catch (IOException | IllegalArgumentException e) { // IllegalArgumentException: an address Java refuses
                throw new ZooException(
                        Reason.ACCESS,
                        "cannot reach " + url + via + ": " + e + ". Check the URL"
                                + (via.isEmpty() ? "" : ", the proxy") + " and the network, or work offline"
                                + " with cached copies (GANZOO_OFFLINE=true).",
                        e);
            }
            if (status >= 300 && status < 400 && c.getHeaderField("Location") != null) {
                URL next;
                try {
                    next = url.toURI().resolve(c.getHeaderField("Location")).toURL();
                } catch (URISyntaxException | IOException | IllegalArgumentException e) {
                    c.disconnect();
                    throw new ZooException(
                            Reason.ACCESS, url + " redirects to a bad location: " + c.getHeaderField("Location"), e);
                }
                c.disconnect();
                String scheme = next.getProtocol();
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new ZooException(
                            Reason.ACCESS,
                            url + " redirects to " + next + ": a repository may only redirect to http"
                                    + " or https, so this is refused. Check the repository at " + location() + ".");
                }
                if (next.getPort() == 0
                        || next.getPort() > 65535
                        || next.getHost().isEmpty()) {
                    throw new ZooException(
                            Reason.ACCESS,
                            url + " redirects to " + next + ", which "
                                    + (next.getHost().isEmpty()
                                            ? "names no host"
                                            : "has port " + next.getPort() + " (ports are 1 to 65535)")
                                    + ", so it cannot be followed. Check the repository at " + location() + ".");
                }
                url = next;
                continue;
            }
            if (status == HttpURLConnection.HTTP_OK && offset > 0 && restartable) {
                // A 200 to a range request may be the whole file or (a broken server) the slice asked for: never
                // append it, ask again for the whole file without a range.
                c.disconnect();
                return get(file, 0, false);
            }
            if (status == 416 && offset > 0 && restartable) {
                // the part kept is not a prefix of what the server has (the file is shorter): start again
                c.disconnect();
                return get(file, 0, false);
            }
            if (status == HttpURLConnection.HTTP_OK || status == HttpURLConnection.HTTP_PARTIAL) {
                String encoding = c.getContentEncoding();
                String enc = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
                boolean gzip = enc.equals("gzip") || enc.equals("x-gzip");
                if (!gzip && !enc.equals("identity") && !enc.isEmpty()) {
                    c.disconnect();
                    throw new ZooException(
                            Reason.ACCESS,
                            url + " answered with Content-Encoding: " + encoding + " although ganzoo asked for the"
                                    + " file as it is (Accept-Encoding: identity); ganzoo decodes only gzip, so it"
                                    + " cannot use this answer, and running again will not change it. Configure the"
                                    + " server at " + location() + " to send " + file + " unencoded (turn off"
                                    + " compression for .onnx and .json files).");
                }
                String te = c.getHeaderField("Transfer-Encoding");
                if (te != null
                        && !te.trim().equalsIgnoreCase("chunked")
                        && !te.trim().equalsIgnoreCase("identity")) {
                    // HttpURLConnection decodes chunked alone: "gzip, chunked" passed the chunk framing on as the file,
                    // and every retry was told to "run the same command again" (attack re-test)
                    c.disconnect();
                    throw new ZooException(
                            Reason.ACCESS,
                            url + " answered with Transfer-Encoding: " + Terminal.visible(te) + ", which ganzoo cannot"
                                    + " decode (only chunked), so it cannot use this answer, and running again will not"
                                    + " change it. Configure the server at " + location() + " to send " + file
                                    + " with Transfer-Encoding: chunked or a Content-Length.");
                }
                long start = 0;
                long total = -1;
                if (status == HttpURLConnection.HTTP_PARTIAL) {
                    ContentRange r = ContentRange.parse(c.getHeaderField("Content-Range"));
                    // only a 206 that says it starts where asked is appended: without Content-Range it may be anything
                    boolean usable = !gzip && offset > 0 && r != null && r.first() == offset;
                    if (!usable) {
                        // a slice of a compressed body, or one that does not start where asked: never appended
                        c.disconnect();
                        if (restartable) {
                            return get(file, 0, false);
                        }
                        throw new ZooException(
                                Reason.ACCESS,
                                url + " answered a request for the whole file with part of it (HTTP 206, "
                                        + "Content-Range: " + c.getHeaderField("Content-Range") + "); the server"
                                        + " at " + location() + " does not serve byte ranges correctly.");
                    }
                    start = offset;
                    total = r == null ? -1 : r.total();
                } else if (!gzip) {
                    total = c.getContentLengthLong(); // a 200 is the whole file, whatever range was asked for
                }
                try {
                    InputStream in = new Disconnecting(c.getInputStream(), c, url, minBytesPerSecond, graceMs);
                    if (gzip) {
                        try {
                            in = new java.util.zip.GZIPInputStream(in, 1 << 16);
                        } catch (IOException e) {
                            Streams.closeQuietly(in, e);
                            throw new ZooException(
                                    Reason.ACCESS,
                                    url + " says its body is gzip-compressed (Content-Encoding: " + encoding
                                            + ") but it is not gzip data: " + e.getMessage() + ". Configure the"
                                            + " server at " + location() + " to send " + file + " unencoded.",
                                    e);
                        }
                    }
                    return new Body(in, start, total);
                } catch (SocketTimeoutException e) {
                    throw new ZooException(Reason.ACCESS, "timed out reading " + url + ": " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new ZooException(Reason.ACCESS, "cannot read " + url + ": " + e.getMessage(), e);
                }
            }
            c.disconnect();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                // no index is a repository that cannot be read (as a folder without one); no model file is a missing
                // model
                throw new ZooException(
                        file.equals("index.json") ? Reason.ACCESS : Reason.NOT_FOUND,
                        url + " not found (HTTP 404): the repository at " + location() + " lacks '" + file
                                + "'. Check the repository URL (GANZOO_REPOSITORIES) and that the model was published there.");
            }
            throw new ZooException(
                    Reason.ACCESS,
                    url + " answered HTTP " + status
                            + (status >= 500 ? " (server error); try again later" : "; expected 200") + ".");
        }
        throw new ZooException(Reason.ACCESS, location() + file + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** A {@code Content-Range: bytes first-last/total} header ({@code total} -1 for {@code *}). */
    record ContentRange(long first, long last, long total) {
        /** The range, or null when the header is missing or not of that form. */
        static ContentRange parse(String header) {
            if (header == null) {
                return null;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)\\s*")
                    .matcher(header);
            if (!m.matches()) {
                return new ContentRange(-1, -1, -1); // present but unreadable: does not start where asked
            }
            try {
                return new ContentRange(
                        Long.parseLong(m.group(1)),
                        Long.parseLong(m.group(2)),
                        m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)));
            } catch (NumberFormatException e) {
                return new ContentRange(-1, -1, -1);
            }
        }
    }

    /**
     * Closes the connection with the stream, and fails a response whose average rate stays below the minimum after
     * the grace time (a read timeout only catches silence: a server trickling a byte a second never times out).
     */
    private static final class Disconnecting extends FilterInputStream {
        private final HttpURLConnection connection;
        private final URL url;
        private final long minBytesPerSecond;
        private final long graceMs;
        private final long start = System.nanoTime();
        private volatile long bytes;
        /** A read was given up on: its thread still holds the stream's lock, so closing must not wait for it. */
        private volatile boolean abandoned;

        Disconnecting(InputStream in, HttpURLConnection connection, URL url, long minBytesPerSecond, long graceMs) {
            super(in);
            this.graceMs = graceMs;
            this.connection = connection;
            this.url = url;
            this.minBytesPerSecond = minBytesPerSecond;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (minBytesPerSecond == 0 || len == 0) {
                int n = super.read(b, off, len);
                count(n);
                return n;
            }
            // The read runs on a reader thread; this thread checks the rate while it waits, and gives up on a read
            // that does not return (a trickled chunk-size line is read inside one read of HttpURLConnection's).
            byte[] into = new byte[len];
            Future<Integer> f = READERS.submit(() -> in.read(into, 0, len));
            long every = Math.max(50, Math.min(1000, graceMs / 10));
            while (true) {
                try {
                    int n = f.get(every, TimeUnit.MILLISECONDS);
                    if (n > 0) {
                        System.arraycopy(into, 0, b, off, n);
                    }
                    count(n);
                    return n;
                } catch (TimeoutException t) {
                    if (slow()) {
                        f.cancel(true);
                        abandoned = true;
                        READERS.execute(connection::disconnect);
                        throw slowError(null);
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    f.cancel(true);
                    throw new InterruptedIOException("interrupted while reading " + url);
                }
            }
        }

        private boolean slow() {
            long ms = (System.nanoTime() - start) / 1_000_000;
            return minBytesPerSecond > 0 && ms > graceMs && bytes * 1000 < minBytesPerSecond * ms;
        }

        private void count(int n) throws IOException {
            if (n > 0) {
                bytes += n;
            }
            if (n >= 0 && slow()) {
                throw slowError(null);
            }
        }

        private IOException slowError(IOException cause) {
            long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
            IOException e = new IOException(String.format(
                    Locale.ROOT,
                    // "this connection": a resumed download's count starts at the resume, not at the file's start
                    // (beside "broke off after N of M bytes", the file's, the two looked contradictory: re-test)
                    "%s is too slow: this connection received %d bytes in %.0f s"
                            + " (%.1f bytes/s, the minimum is %d bytes/s after %d s; setting GANZOO_MIN_RATE, 0 for none)",
                    url,
                    bytes,
                    ms / 1000.0,
                    bytes * 1000.0 / ms,
                    minBytesPerSecond,
                    graceMs / 1000));
            if (cause != null) {
                e.initCause(cause);
            }
            return e;
        }

        @Override
        public void close() throws IOException {
            if (abandoned) {
                InputStream stream = in;
                READERS.execute(
                        () -> { // ends when the abandoned read does
                            try {
                                stream.close();
                            } catch (IOException ignored) {
                                // the connection is being dropped anyway
                            } finally {
                                connection.disconnect();
                            }
                        });
                return;
            }
            try {
                super.close();
            } finally {
                connection.disconnect();
            }
        }
    }
}
