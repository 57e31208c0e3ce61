package io.ganzoo.zoo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place ganzoo's settings are read and parsed: each is a system property (e.g. {@code ganzoo.offline}) or
 * else an environment variable (e.g. {@code GANZOO_OFFLINE}); an empty value counts as unset. Every switch accepts
 * the same words ({@link #TRUE_WORDS}, {@link #FALSE_WORDS}, any case) and refuses any other word naming the accepted
 * ones; paths expand a leading {@code ~}; the proxy variables {@code http_proxy}, {@code https_proxy} and
 * {@code no_proxy} (or upper case) are honoured for HTTP repositories. A setting that cannot be read is an {@link
 * IllegalArgumentException} whose message names the setting, what was found and what is accepted (exit 2 in the
 * command lines).
 */
public final class Settings {
    /** The words a switch accepts for on, in any case. */
    public static final List<String> TRUE_WORDS = Collections.unmodifiableList(Arrays.asList("true", "1", "yes", "on"));
    /** The words a switch accepts for off, in any case. */
    public static final List<String> FALSE_WORDS =
            Collections.unmodifiableList(Arrays.asList("false", "0", "no", "off"));

    /**
     * A setting that cannot be read: the message names the setting, what was found and what it takes. Its own type,
     * so that a caller that adds context (the item of {@code GANZOO_REPOSITORIES} being made, "or give the path of
     * an .onnx file") leaves a setting's error as it is.
     */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message);
        }

        public Invalid(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Function<String, String> properties;
    private final Function<String, String> env;

    private Settings(Function<String, String> properties, Function<String, String> env) {
        this.properties = properties;
        this.env = env;
    }

    /** The settings of this process: system properties, then the environment. */
    public static Settings system() {
        return new Settings(System::getProperty, System::getenv);
    }

    /** Settings from given maps (for tests and embedding applications). */
    public static Settings of(Map<String, String> properties, Map<String, String> env) {
        return new Settings(properties::get, env::get);
    }

    /** The trimmed value of system property {@code property}, else of environment variable {@code env}; or null. */
    public String get(String property, String env) {
        String v = property == null ? null : properties.apply(property);
        if (v == null || v.trim().isEmpty()) {
            v = env == null ? null : this.env.apply(env);
        }
        return v == null || v.trim().isEmpty() ? null : v.trim();
    }

    /**
     * A switch: one of {@link #TRUE_WORDS} or {@link #FALSE_WORDS} in any case, {@code absent} when unset.
     *
     * @throws IllegalArgumentException for any other word, naming the setting and the accepted words
     */
    public boolean flag(String property, String env, boolean absent) {
        String v = get(property, env);
        if (v == null) {
            return absent;
        }
        Boolean b = parseFlag(v);
        if (b == null) {
            throw new Invalid(name(property, env) + ": expected one of " + String.join("/", TRUE_WORDS) + " (on) or "
                    + String.join("/", FALSE_WORDS) + " (off), in any case; found '" + v + "'");
        }
        return b;
    }

    /** {@code true} or {@code false} for an accepted word ({@link #TRUE_WORDS}, {@link #FALSE_WORDS}), else null. */
    public static Boolean parseFlag(String v) {
        String w = v.trim().toLowerCase(Locale.ROOT);
        return TRUE_WORDS.contains(w) ? Boolean.TRUE : FALSE_WORDS.contains(w) ? Boolean.FALSE : null;
    }

    /**
     * A whole number {@code >= 0}, {@code absent} when unset.
     *
     * @param what what the number counts, for the message (e.g. {@code bytes per second (0: no minimum)})
     * @throws IllegalArgumentException for anything else, naming the setting and what it takes
     */
    public long nonNegative(String property, String env, long absent, String what) {
        String v = get(property, env);
        if (v == null) {
            return absent;
        }
        try {
            long n = Decimal.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(
                name(property, env) + ": expected a whole number of " + what + ", found '" + Terminal.visible(v) + "'"
                        + (Decimal.isWhole(v) && !v.startsWith("-") ? " (at most " + Long.MAX_VALUE + ")" : ""));
    }

    /**
     * A path setting with a leading {@code ~} or {@code ~/} expanded to {@code user.home} (a shell does that only
     * unquoted: {@code GANZOO_HOME='~/gz'} would otherwise be a folder named {@code ~}); null when unset.
     *
     * @throws IllegalArgumentException for {@code ~user/...} (another user's home, which is not expanded)
     */
    public Path path(String property, String env) {
        String v = get(property, env);
        try {
            return v == null ? null : expandHome(name(property, env), v);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage(), e);
        }
    }

    /**
     * {@code value} as a path, a leading {@code ~} or {@code ~/} expanded to {@code user.home}, as {@link #path} does
     * (also for each folder of {@code GANZOO_REPOSITORIES}).
     *
     * @param setting the setting's name, for the message ({@code null}: none)
     * @throws IllegalArgumentException for {@code ~user/...}
     */
    Path expandHome(String setting, String value) {
        String v = value;
        if (v.equals("~") || v.startsWith("~/") || v.startsWith("~" + java.io.File.separator)) {
            return Paths.get(home() + v.substring(1));
        }
        if (v.startsWith("~")) {
            throw new IllegalArgumentException(
                    (setting == null ? "" : setting + ": ") + "'" + v + "' starts with ~user, which ganzoo"
                            + " does not expand; give the folder as an absolute path (or ~/... for your own home)");
        }
        return Paths.get(v);
    }

    /**
     * The user's home: {@code $HOME} when it is an absolute path (what a shell's {@code ~} means), else Java's {@code
     * user.home} when that is.
     *
     * @throws Invalid when neither is (a user without a passwd entry, as with {@code docker run --user 12345}: Java
     *     says {@code ?}, and the cache was made in a folder named {@code ?} in the working folder: attack re-test)
     */
    private String home() {
        String env = this.env == null ? null : this.env.apply("HOME");
        if (env != null && !env.isEmpty() && Paths.get(env).isAbsolute()) {
            return env;
        }
        String h = properties.apply("user.home");
        h = h != null ? h : System.getProperty("user.home");
        if (h != null && Paths.get(h).isAbsolute()) {
            return h;
        }
        throw new Invalid("no home folder for ganzoo's cache: HOME is " + (env == null ? "unset" : "'" + env + "'")
                + " and Java's user.home is '" + h + "' (a user without an entry in /etc/passwd, as with docker run"
                + " --user N); set HOME, or GANZOO_HOME to an absolute folder");
    }

    /**
     * The model cache's root: {@code $GANZOO_HOME/cache} (or {@code ganzoo.home}, {@code ~} expanded), else
     * {@code $XDG_CACHE_HOME/ganzoo} when that is an absolute path (the XDG spec says a relative one is ignored),
     * else {@code ~/.cache/ganzoo}.
     */
    public Path cacheRoot() {
        Path home = path("ganzoo.home", "GANZOO_HOME");
        if (home != null) {
            if (!home.isAbsolute()) { // a cache that moves with the working folder: every folder a cache of its own
                throw new Invalid(name("ganzoo.home", "GANZOO_HOME") + ": expected an absolute folder (or ~/...),"
                        + " found '" + home + "', which would be a different folder in each working folder; give"
                        + " it as " + Paths.get(home()).resolve(home).normalize() + " or ~/" + home.normalize());
            }
            return home.resolve("cache");
        }
        String xdg = get(null, "XDG_CACHE_HOME");
        if (xdg != null && Paths.get(xdg).isAbsolute()) {
            return Paths.get(xdg).resolve("ganzoo");
        }
        return Paths.get(home(), ".cache", "ganzoo");
    }

    /**
     * The proxies HTTP repositories use. When Java's own proxy properties are set ({@code http.proxyHost},
     * {@code https.proxyHost}, {@code socksProxyHost}, {@code java.net.useSystemProxies}) they decide, through
     * {@link ProxySelector#getDefault()}. Otherwise {@code http_proxy} / {@code HTTP_PROXY} for http URLs and
     * {@code https_proxy} / {@code HTTPS_PROXY} for https ({@code http://host:port}, or {@code socks5://host:port}),
     * bypassed for the hosts of {@code no_proxy} / {@code NO_PROXY} (comma-separated names, each matching itself and
     * its subdomains, {@code *} for all) and always for loopback addresses, as Java's {@code http.nonProxyHosts}
     * default does.
     *
     * A proxy variable that is not a proxy URL this client can use (a proxy reached over https, or one with a user
     * name and password) fails, with its reason, only the connections it would carry ({@link ProxySelector#select}
     * throws {@link IllegalArgumentException}); loopback and {@code no_proxy} hosts and the other scheme go on.
     */
    public ProxySelector proxies() {
        for (String p : new String[] {"http.proxyHost", "https.proxyHost", "socksProxyHost"}) {
            if (get(p, null) != null) {
                return javaProxies();
            }
        }
        if (Boolean.TRUE.equals(parseFlagOrNull(get("java.net.useSystemProxies", null)))) {
            return javaProxies();
        }
        // a proxy variable this client cannot use fails the connections it would carry, not every command: a
        // corporate HTTPS_PROXY with credentials blocked http:// and loopback repositories too (attack re-test)
        Proxy http = null;
        Proxy https = null;
        Invalid httpProblem = null;
        Invalid httpsProblem = null;
        try {
            http = proxy("http_proxy", "HTTP_PROXY");
        } catch (Invalid e) {
            httpProblem = e;
        }
        try {
            https = proxy("https_proxy", "HTTPS_PROXY");
        } catch (Invalid e) {
            httpsProblem = e;
        }
        String noProxy = envEither("no_proxy", "NO_PROXY");
        List<String> bypass = new ArrayList<>();
        if (noProxy != null) {
            for (String h : noProxy.split(",")) {
                String t = h.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    bypass.add(t);
                }
            }
        }
        return new EnvProxies(
                http,
                https,
                bypass,
                variable("http_proxy", "HTTP_PROXY"),
                variable("https_proxy", "HTTPS_PROXY"),
                httpProblem,
                httpsProblem);
    }

    private String variable(String lower, String upper) {
        return get(null, lower) != null ? lower : upper;
    }

    /**
     * " through the proxy URL (SETTING)" for a connection made through {@code p}, chosen by {@code selector} for
     * {@code uri}; "" for a direct connection. For messages: a failure through a proxy may be the proxy's.
     */
    static String through(ProxySelector selector, Proxy p, URI uri) {
        if (p == null || p.type() == Proxy.Type.DIRECT) {
            return "";
        }
        String address = String.valueOf(p.address());
        if (p.address() instanceof InetSocketAddress a) {
            String host = a.getHostString();
            address = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
        }
        String scheme = p.type() == Proxy.Type.HTTP ? "http" : "socks5";
        String source = selector instanceof EnvProxies e
                ? e.variable(uri)
                : "Java's proxy settings (-Dhttp.proxyHost, -Dhttps.proxyHost, -DsocksProxyHost or system proxies)";
        return " through the proxy " + scheme + "://" + address + "/ (" + source + ")";
    }

    private static Boolean parseFlagOrNull(String v) {
        return v == null ? null : parseFlag(v);
    }

    private static ProxySelector javaProxies() {
        ProxySelector d = ProxySelector.getDefault();
        return d != null ? d : new EnvProxies(null, null, Collections.<String>emptyList(), null, null, null, null);
    }

    private String envEither(String lower, String upper) {
        String v = get(null, lower);
        return v != null ? v : get(null, upper);
    }

    private Proxy proxy(String lower, String upper) {
        String v = envEither(lower, upper);
        if (v == null) {
            return null;
        }
        String var = get(null, lower) != null ? lower : upper;
        URI u;
        try {
            u = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            throw new Invalid(
                    var + ": expected a proxy URL such as http://proxy.example.org:3128," + " found '" + v + "'", e);
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null) {
            throw new Invalid(
                    var + ": expected a proxy URL such as http://proxy.example.org:3128," + " found '" + v + "'");
        }
        if (u.getUserInfo() != null) {
            throw new Invalid(var + ": a proxy with a user name and password is not supported here;"
                    + " use one that needs none, or Java's proxy properties (-Dhttps.proxyHost=...) with an"
                    + " authenticator of your application");
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            throw new Invalid(var + ": port " + u.getPort() + " is out of range (ports are 1 to 65535); expected a"
                    + " proxy URL such as http://proxy.example.org:3128, found '" + v + "'");
        }
        switch (scheme) {
            case "http":
                return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port(u, 80)));
            case "socks5":
            case "socks5h":
                return new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved(u.getHost(), port(u, 1080)));
            default:
                throw new Invalid(var + ": a proxy reached over '" + scheme + "' is not supported;"
                        + " expected http://host:port or socks5://host:port, found '" + v + "'");
        }
    }

    private static int port(URI u, int absent) {
        return u.getPort() > 0 ? u.getPort() : absent;
    }

    private static String name(String property, String env) {
        if (property == null) {
            return env;
        }
        return env == null ? property : env + " / " + property;
    }

    /** The proxies of the environment variables. */
    private static final class EnvProxies extends ProxySelector {
        private final Proxy http;
        private final Proxy https;
        private final List<String> bypass;
        private final String httpVariable;
        private final String httpsVariable;
        private final Invalid httpProblem;
        private final Invalid httpsProblem;

        EnvProxies(
                Proxy http,
                Proxy https,
                List<String> bypass,
                String httpVariable,
                String httpsVariable,
                Invalid httpProblem,
                Invalid httpsProblem) {
            this.http = http;
            this.https = https;
            this.bypass = bypass;
            this.httpVariable = httpVariable;
            this.httpsVariable = httpsVariable;
            this.httpProblem = httpProblem;
            this.httpsProblem = httpsProblem;
        }

        /** The variable that sets the proxy of {@code uri}'s scheme. */
        String variable(URI uri) {
            return "https".equalsIgnoreCase(uri.getScheme()) ? httpsVariable : httpVariable;
        }

        @Override
        public List<Proxy> select(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            Proxy p = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
            Invalid problem = scheme.equals("https") ? httpsProblem : scheme.equals("http") ? httpProblem : null;
            if (problem != null && !bypassed(uri.getHost())) {
                throw problem; // the proxy this connection would go through cannot be used
            }
            if (p == null || bypassed(uri.getHost())) {
                return Collections.singletonList(Proxy.NO_PROXY);
            }
            return Collections.singletonList(p);
        }

        private boolean bypassed(String host) {
            if (host == null) {
                return true;
            }
            String h = host.toLowerCase(Locale.ROOT);
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
                return true;
            }
            for (String b : bypass) {
                if (b.equals("*")) {
                    return true;
                }
                String name = b.startsWith("*.") ? b.substring(1) : b;
                int colon = name.lastIndexOf(':');
                if (colon > 0 && name.indexOf(':') == colon) {
                    name = name.substring(0, colon); // host:port: the port is not compared
                }
                String dotted = name.startsWith(".") ? name : "." + name;
                if (h.equals(dotted.substring(1)) || h.endsWith(dotted)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // a failed proxy is reported by the connection itself
        }
    }
}
