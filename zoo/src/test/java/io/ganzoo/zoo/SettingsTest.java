package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Settings that are what they look like: one parser for every switch, ~ expanded, XDG as its spec says, proxies. */
class SettingsTest {
    static Settings env(String... kv) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            env.put(kv[i], kv[i + 1]);
        }
        Map<String, String> props = new HashMap<>();
        props.put("user.home", "/home/u");
        return Settings.of(props, env);
    }

    @Test
    void everySwitchTakesTheSameWordsInAnyCaseAndRefusesOthersNamingThem() {
        for (String on : new String[] {"true", "TRUE", "1", "yes", "Yes", "on", "ON", " on "}) {
            assertTrue(env("GANZOO_OFFLINE", on).flag("ganzoo.offline", "GANZOO_OFFLINE", false), on);
        }
        for (String off : new String[] {"false", "False", "0", "no", "NO", "off", "Off"}) {
            assertFalse(env("GANZOO_OFFLINE", off).flag("ganzoo.offline", "GANZOO_OFFLINE", true), off);
        }
        assertFalse(env().flag("ganzoo.offline", "GANZOO_OFFLINE", false), "unset");
        assertFalse(env("GANZOO_OFFLINE", " ").flag("ganzoo.offline", "GANZOO_OFFLINE", false), "blank is unset");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> env("GANZOO_OFFLINE", "enabled").flag("ganzoo.offline", "GANZOO_OFFLINE", false));
        assertEquals(
                "GANZOO_OFFLINE / ganzoo.offline: expected one of true/1/yes/on (on) or false/0/no/off (off), in any"
                        + " case; found 'enabled'",
                e.getMessage());
    }

    @Test
    void aHomeWithATildeIsTheUsersHomeAndARelativeXdgCacheHomeIsIgnored() {
        assertEquals(Paths.get("/home/u/gz/cache"), env("GANZOO_HOME", "~/gz").cacheRoot());
        assertEquals(Paths.get("/home/u/cache"), env("GANZOO_HOME", "~").cacheRoot());
        // a shell's ~ is $HOME; a user.home of '?' (no passwd entry: docker run --user N) is never a folder name
        // (attack re-test: the cache went into a folder named ? in the working folder)
        assertEquals(Paths.get("/srv/me/.cache/ganzoo"), env("HOME", "/srv/me").cacheRoot());
        assertEquals(
                Paths.get("/srv/me/gz/cache"),
                env("HOME", "/srv/me", "GANZOO_HOME", "~/gz").cacheRoot());
        Map<String, String> nobody = new HashMap<>();
        nobody.put("user.home", "?");
        assertEquals(
                Paths.get("/srv/me/.cache/ganzoo"),
                Settings.of(nobody, Map.of("HOME", "/srv/me")).cacheRoot());
        IllegalArgumentException noHome = assertThrows(
                IllegalArgumentException.class,
                () -> Settings.of(nobody, Map.of()).cacheRoot());
        assertTrue(
                noHome.getMessage()
                        .startsWith(
                                "no home folder for ganzoo's cache: HOME is unset and Java's" + " user.home is '?'"),
                noHome.getMessage());
        assertEquals(Paths.get("/srv/gz/cache"), env("GANZOO_HOME", "/srv/gz").cacheRoot());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> env("GANZOO_HOME", "~bob/gz").cacheRoot());
        assertTrue(e.getMessage().startsWith("GANZOO_HOME / ganzoo.home: '~bob/gz' starts with ~user"), e.getMessage());
        assertEquals(Paths.get("/xdg/ganzoo"), env("XDG_CACHE_HOME", "/xdg").cacheRoot());
        // a relative home would be another folder in each working folder (re-test): refused, with what to give
        IllegalArgumentException relative = assertThrows(
                IllegalArgumentException.class, () -> env("GANZOO_HOME", "gz").cacheRoot());
        assertEquals(
                "GANZOO_HOME / ganzoo.home: expected an absolute folder (or ~/...), found 'gz', which would be a"
                        + " different folder in each working folder; give it as /home/u/gz or ~/gz",
                relative.getMessage());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> env("GANZOO_HOME", "./gz").cacheRoot())
                        .getMessage()
                        .endsWith("give it as /home/u/gz or ~/gz"),
                "normalised (it said /home/u/./gz)");
        assertEquals(
                Paths.get("/home/u/.cache/ganzoo"),
                env("XDG_CACHE_HOME", "relative/cache").cacheRoot(),
                "the XDG spec: a relative path is invalid and ignored");
        assertEquals(Paths.get("/home/u/.cache/ganzoo"), env().cacheRoot());
    }

    @Test
    void numbersSayWhatTheyTake() {
        assertEquals(5, env("GANZOO_MIN_RATE", "5").nonNegative("ganzoo.min-rate", "GANZOO_MIN_RATE", 1, "b/s"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> env("GANZOO_MIN_RATE", "-1").nonNegative("ganzoo.min-rate", "GANZOO_MIN_RATE", 1, "b/s"));
        assertEquals("GANZOO_MIN_RATE / ganzoo.min-rate: expected a whole number of b/s, found '-1'", e.getMessage());
        IllegalArgumentException large = assertThrows(
                IllegalArgumentException.class,
                () -> env("GANZOO_MIN_RATE", "99999999999999999999")
                        .nonNegative("ganzoo.min-rate", "GANZOO_MIN_RATE", 1, "b/s"));
        assertTrue(
                large.getMessage().endsWith("found '99999999999999999999' (at most 9223372036854775807)"),
                large.getMessage());
    }

    @Test
    void proxyVariablesChooseAProxyPerSchemeAndNoProxyBypasses() {
        Settings s = env(
                "http_proxy", "http://proxy.example:3128",
                "HTTPS_PROXY", "socks5://socks.example",
                "no_proxy", "internal.example, .corp.example,other:8080");
        List<Proxy> http = s.proxies().select(URI.create("http://models.example.org/x"));
        assertEquals(Proxy.Type.HTTP, http.get(0).type());
        assertTrue(http.get(0).address().toString().startsWith("proxy.example"), http.toString());
        assertTrue(http.get(0).address().toString().endsWith(":3128"), http.toString());
        List<Proxy> https = s.proxies().select(URI.create("https://models.example.org/x"));
        assertEquals(Proxy.Type.SOCKS, https.get(0).type());
        assertTrue(https.get(0).address().toString().endsWith(":1080"), https.toString());
        for (String direct : new String[] {
            "http://internal.example/x",
            "http://a.internal.example/x",
            "https://b.corp.example/x",
            "http://other/x",
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://[::1]/x"
        }) {
            assertEquals(List.of(Proxy.NO_PROXY), s.proxies().select(URI.create(direct)), direct);
        }
        assertEquals(List.of(Proxy.NO_PROXY), env().proxies().select(URI.create("http://models.example.org/")));
        assertEquals(
                List.of(Proxy.NO_PROXY),
                env("http_proxy", "http://p:1", "NO_PROXY", "*").proxies().select(URI.create("http://x.org/")));

        // refused when a connection would go through it, not before (attack re-test: an https proxy with credentials
        // blocked http:// and loopback repositories too)
        ProxySelector withCreds = env("https_proxy", "http://me:secret@p:3128", "no_proxy", "inside.example")
                .proxies();
        assertEquals(List.of(Proxy.NO_PROXY), withCreds.select(URI.create("http://models.example.org/")));
        assertEquals(List.of(Proxy.NO_PROXY), withCreds.select(URI.create("https://127.0.0.1:8443/")));
        assertEquals(List.of(Proxy.NO_PROXY), withCreds.select(URI.create("https://inside.example/")));
        IllegalArgumentException creds = assertThrows(
                IllegalArgumentException.class, () -> withCreds.select(URI.create("https://models.example.org/")));
        assertTrue(
                creds.getMessage().startsWith("https_proxy: a proxy with a user name and password is not"),
                creds.getMessage());
        assertFalse(creds.getMessage().contains("secret"), "the password is not repeated");
        IllegalArgumentException tls = assertThrows(
                IllegalArgumentException.class,
                () -> env("https_proxy", "https://p:3128").proxies().select(URI.create("https://x.org/")));
        assertTrue(tls.getMessage().contains("expected http://host:port or socks5://host:port"), tls.getMessage());
    }

    /** http_proxy was ignored: the repository is read through a real proxy on loopback, and no_proxy goes direct. */
    @Test
    void anHttpRepositoryIsReadThroughTheProxyOfTheEnvironment() throws Exception {
        try (LoopbackServer proxy = new LoopbackServer()) {
            byte[] model = HttpRepositoryTest.bytes(1000, 5);
            proxy.serveModel(model);
            String at = "http://127.0.0.1:" + proxy.base().getPort();
            URI far = URI.create("http://models.invalid/repo/");
            HttpRepository via = new HttpRepository(
                    far, 5_000, 5_000, 0, 1_000, env("http_proxy", at).proxies());
            assertEquals("m", via.index().models().get(0).name());
            assertEquals(1, proxy.count("/repo/index.json"), "the request went to the proxy");

            HttpRepository direct = new HttpRepository(
                    far,
                    5_000,
                    5_000,
                    0,
                    1_000,
                    env("http_proxy", at, "no_proxy", "models.invalid").proxies());
            ZooException e = assertThrows(ZooException.class, direct::index);
            assertEquals(Reason.ACCESS, e.reason());
            assertEquals(1, proxy.count("/repo/index.json"), "no_proxy: not through the proxy");
        }
    }

    /**
     * Attack pass: GANZOO_MIN_RATE=abc was said as "GANZOO_REPOSITORIES / ganzoo.repositories: GANZOO_MIN_RATE ...";
     * http_proxy=http://127.0.0.1:99999/ as "port out of range:99999" without naming http_proxy; socks4:// accepted.
     */
    @Test
    void aSettingsErrorNamesItsOwnSettingOnly() {
        System.setProperty("ganzoo.min-rate", "abc");
        try {
            IllegalArgumentException rate = assertThrows(
                    IllegalArgumentException.class,
                    () -> Zoo.configured(env("GANZOO_REPOSITORIES", "http://127.0.0.1:9/repo/,embedded")));
            assertTrue(
                    rate.getMessage().startsWith("GANZOO_MIN_RATE / ganzoo.min-rate: expected a whole number"),
                    rate.getMessage());
            assertFalse(rate.getMessage().contains("GANZOO_REPOSITORIES"), rate.getMessage());
        } finally {
            System.clearProperty("ganzoo.min-rate");
        }
        IllegalArgumentException item = assertThrows(
                IllegalArgumentException.class, () -> Zoo.configured(env("GANZOO_REPOSITORIES", "ftp://h/m")));
        assertTrue(
                item.getMessage().startsWith("GANZOO_REPOSITORIES / ganzoo.repositories: 'ftp://h/m'"),
                "an item of the list keeps the prefix: " + item.getMessage());

        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class,
                () -> env("http_proxy", "http://p.example:99999/").proxies().select(URI.create("http://x.org/")));
        assertTrue(port.getMessage().startsWith("http_proxy: port 99999 is out of range"), port.getMessage());
        for (String socks4 : new String[] {"socks4://p:1080", "socks4a://p:1080"}) {
            IllegalArgumentException old = assertThrows(
                    IllegalArgumentException.class,
                    () -> env("https_proxy", socks4).proxies().select(URI.create("https://x.org/")),
                    socks4);
            assertTrue(old.getMessage().startsWith("https_proxy: a proxy reached over 'socks4"), old.getMessage());
            assertTrue(old.getMessage().contains("socks5://host:port"), old.getMessage());
        }
        assertEquals(
                Proxy.Type.SOCKS,
                env("https_proxy", "socks5://p:1080")
                        .proxies()
                        .select(URI.create("https://x.org/"))
                        .get(0)
                        .type());
    }

    /** A connection failure through a proxy named only the repository (attack pass): the proxy is named too. */
    @Test
    void aFailureThroughAProxyNamesTheProxyAndItsVariable() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HttpRepository via = new HttpRepository(
                URI.create("http://models.invalid/repo/"),
                2_000,
                2_000,
                0,
                1_000,
                env("http_proxy", "http://127.0.0.1:" + closed + "/").proxies());
        ZooException e = assertThrows(ZooException.class, via::index);
        assertEquals(Reason.ACCESS, e.reason());
        assertTrue(
                e.getMessage()
                        .startsWith("cannot reach http://models.invalid/repo/index.json through the proxy"
                                + " http://127.0.0.1:" + closed + "/ (http_proxy): "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Check the URL, the proxy and the network"), e.getMessage());
    }
}
