package io.ganzoo.zoo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * A repository on any static HTTP(S) server: {@code <base>/index.json} and the files it lists beside it. Uses
 * {@link HttpURLConnection} (present on Android too) with connect and read timeouts, follows up to five
 * redirects (also from http to https), and asks for byte ranges to resume partial downloads. Files are never
 * handed out directly: {@link Zoo} streams them through the verified {@link ModelCache}.
 */
public final class HttpRepository implements Repository {
    /** Default connect timeout, milliseconds. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Default read timeout (longest silence while reading), milliseconds. */
    public static final int READ_TIMEOUT_MS = 30_000;
    private static final int MAX_REDIRECTS = 5;

    private final URI base;
    private final int connectTimeout;
    private final int readTimeout;
    private volatile ZooIndex index;

    /** A repository at {@code base} (e.g. {@code https://models.example.org/ganzoo/}) with the default timeouts. */
    public HttpRepository(URI base) {
        this(base, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
    }

    public HttpRepository(URI base, int connectTimeoutMs, int readTimeoutMs) {
        String scheme = base.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("repository URL: expected http:// or https://, found " + base);
        }
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.connectTimeout = connectTimeoutMs;
        this.readTimeout = readTimeoutMs;
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
            try (InputStream in = get("index.json", 0).stream()) {
                i = ZooIndex.read(in, location() + "index.json");
            } catch (IOException e) {
                throw new ZooException(location() + "index.json: " + e.getMessage(), e);
            }
            index = i;
        }
        return i;
    }

    @Override
    public InputStream open(ModelEntry entry, long offset) throws ZooException {
        return get(entry.file(), offset).stream();
    }

    /** An open response body, positioned at the requested offset. */
    record Body(InputStream stream, long length) {
    }

    private Body get(String file, long offset) throws ZooException {
        URL url;
        try {
            url = base.resolve(new URI(null, null, file, null)).toURL();
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            throw new ZooException(location() + ": bad file name '" + file + "': " + e.getMessage(), e);
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c;
            int status;
            try {
                c = (HttpURLConnection) url.openConnection();
                c.setConnectTimeout(connectTimeout);
                c.setReadTimeout(readTimeout);
                c.setInstanceFollowRedirects(false);
                c.setRequestProperty("User-Agent", "ganzoo-zoo");
                c.setRequestProperty("Accept-Encoding", "identity");
                if (offset > 0) {
                    c.setRequestProperty("Range", "bytes=" + offset + "-");
                }
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw new ZooException("timed out (connect timeout " + connectTimeout / 1000.0 + " s, read timeout "
                        + readTimeout / 1000.0 + " s) waiting for "
                        + url + "; the server is too slow or unreachable. Try again, or work offline with a cached copy.", e);
            } catch (IOException e) {
                throw new ZooException("cannot reach " + url + ": " + e + ". Check the URL and the network, or work offline"
                        + " with a cached copy.", e);
            }
            if (status >= 300 && status < 400 && c.getHeaderField("Location") != null) {
                try {
                    url = url.toURI().resolve(c.getHeaderField("Location")).toURL();
                } catch (URISyntaxException | IOException | IllegalArgumentException e) {
                    throw new ZooException(url + " redirects to a bad location: " + c.getHeaderField("Location"), e);
                }
                c.disconnect();
                continue;
            }
            try {
                if (status == HttpURLConnection.HTTP_OK || status == HttpURLConnection.HTTP_PARTIAL) {
                    InputStream in = new Disconnecting(c.getInputStream(), c);
                    if (offset > 0 && status == HttpURLConnection.HTTP_OK) {
                        Streams.skip(in, offset);          // the server ignored the range: skip what we have
                    }
                    return new Body(in, c.getContentLengthLong());
                }
            } catch (SocketTimeoutException e) {
                throw new ZooException("timed out reading " + url + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new ZooException("cannot read " + url + ": " + e.getMessage(), e);
            }
            c.disconnect();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                throw new ZooException(url + " not found (HTTP 404): the repository at " + location() + " lacks '" + file
                        + "'. Check the repository URL (GANZOO_REPOSITORIES) and that the model was published there.");
            }
            throw new ZooException(url + " answered HTTP " + status + (status >= 500 ? " (server error); try again later"
                    : "; expected 200") + ".");
        }
        throw new ZooException(location() + file + ": more than " + MAX_REDIRECTS + " redirects");
    }

    /** Closes the connection with the stream. */
    private static final class Disconnecting extends FilterInputStream {
        private final HttpURLConnection connection;

        Disconnecting(InputStream in, HttpURLConnection connection) {
            super(in);
            this.connection = connection;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                connection.disconnect();
            }
        }
    }
}
