package io.ganzoo.demo;

import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ZooIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The APK that build-apk made (mvn package): signed so that apksigner accepts it, read by aapt2 as this app, holding
 * the app's and its libraries' code as dex, the models of ganzoo-models intact, and no desktop natives. Prints and writes what is in
 * it (target/apk/contents.txt). Where the Debian tools are missing the APK is not built and this is skipped, except
 * in CI, where that fails.
 */
class ApkIT {
    private static final String GENERATORS = "io/ganzoo/models/generators/";
    private static Path apk;

    @BeforeAll
    static void find() throws IOException {
        String dir = System.getProperty("demo.apkDir");
        assumeTrue(dir != null, "checks the APK of the Maven build (mvn verify), which sets demo.apkDir");
        Path skipped = Paths.get(dir, "SKIPPED");
        if (Files.exists(skipped)) {
            String why = new String(Files.readAllBytes(skipped), StandardCharsets.UTF_8).trim();
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must build the APK, but build-apk skipped it: " + why);
            }
            assumeTrue(false, "no APK was built: " + why);
        }
        apk = Paths.get(dir, "ganzoo-demo.apk");
        assertTrue(Files.isRegularFile(apk), apk + " was built");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void apksignerAcceptsIt() throws Exception {
        String out = run(
                "apksigner",
                "verify",
                "--min-sdk-version",
                System.getProperty("demo.minSdk"),
                "--verbose",
                "--print-certs",
                apk.toString());
        assertTrue(out.startsWith("Verifies"), out);
        assertTrue(out.contains("Verified using v2 scheme (APK Signature Scheme v2): true"), out);
        assertTrue(out.contains("Verified using v3 scheme (APK Signature Scheme v3): true"), out);
        assertTrue(out.contains("Signer #1 certificate DN: CN=Android Debug, O=Android, C=US"), out);
        run("zipalign", "-c", "-p", "4", apk.toString());
    }

    @Test
    void aapt2ReadsItAsThisApp() throws Exception {
        String badging = run("aapt2", "dump", "badging", apk.toString());
        assertTrue(
                badging.startsWith("package: name='" + System.getProperty("demo.applicationId") + "' versionCode='1'"
                        + " versionName='" + System.getProperty("demo.versionName") + "'"),
                badging);
        assertTrue(badging.contains("sdkVersion:'" + System.getProperty("demo.minSdk") + "'"), badging);
        assertTrue(badging.contains("targetSdkVersion:'" + System.getProperty("demo.targetSdk") + "'"), badging);
        assertTrue(badging.contains("launchable-activity: name='io.ganzoo.demo.MainActivity'"), badging);
        assertTrue(badging.contains("application-label:'ganzoo demo'"), badging);
        assertFalse(badging.contains("native-code"), "no native code: " + badging);
    }

    @Test
    void codeIsDexForTheAppAndItsLibraries() throws Exception {
        try (ZipFile z = new ZipFile(apk.toFile())) {
            ZipEntry dex = z.getEntry("classes.dex");
            assertNotNull(dex);
            byte[] bytes;
            try (InputStream in = z.getInputStream(dex)) {
                bytes = in.readAllBytes();
            }
            String s = new String(bytes, StandardCharsets.ISO_8859_1);
            assertTrue(s.startsWith("dex\n03"), "a dex file");
            for (String type : new String[] {
                "Lio/ganzoo/demo/MainActivity;",
                "Lio/ganzoo/demo/Studio;",
                "Lio/ganzoo/sdk/Generator;",
                "Lio/ganzoo/zoo/EmbeddedRepository;",
                "Lcom/google/gson/Gson;",
                "Lai/onnxruntime/OrtEnvironment;"
            }) {
                assertTrue(s.contains(type) || inOtherDex(z, type), type + " is in the dex");
            }
            for (ZipEntry e : Collections.list(z.entries())) {
                assertFalse(e.getName().endsWith(".class"), "no class files: " + e.getName());
                assertFalse(e.getName().startsWith("lib/"), "no natives: " + e.getName());
                assertFalse(e.getName().startsWith("ai/onnxruntime/native/"), "no desktop natives: " + e.getName());
                assertFalse(e.getName().startsWith("META-INF/"), "no v1 (JAR) signature for minSdk 26: " + e.getName());
            }
            ZipEntry arsc = z.getEntry("resources.arsc");
            assertNotNull(arsc);
            assertEquals(ZipEntry.STORED, arsc.getMethod(), "Android 11+ refuses a compressed resources.arsc");
        }
    }

    private static boolean inOtherDex(ZipFile z, String type) throws IOException {
        for (int i = 2; z.getEntry("classes" + i + ".dex") != null; i++) {
            try (InputStream in = z.getInputStream(z.getEntry("classes" + i + ".dex"))) {
                if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theModelsAreThereIntact() throws Exception {
        try (ZipFile z = new ZipFile(apk.toFile())) {
            ZooIndex index;
            try (InputStream in = z.getInputStream(z.getEntry(GENERATORS + "index.json"))) {
                index = ZooIndex.read(in, apk + "!/" + GENERATORS + "index.json");
            }
            int n = 0;
            for (ModelEntry e : index.models()) {
                ZipEntry f = z.getEntry(GENERATORS + e.file());
                assertNotNull(f, e.file() + " is in the APK");
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = z.getInputStream(f)) {
                    sha.update(in.readAllBytes());
                }
                assertEquals(e.sha256(), HexFormat.of().formatHex(sha.digest()), f.getName());
                assertEquals(e.size(), f.getSize(), f.getName());
                n++;
            }
            assertEquals(
                    11,
                    n,
                    "the eleven generator files of ganzoo-models (fashion-dcgan, fashion-rpgan and emoji-dcgan in two"
                            + " versions)");
        }
    }

    @Test
    void whatIsInIt() throws Exception {
        Map<String, long[]> parts = new LinkedHashMap<>();
        for (String p : new String[] {"models", "dex", "resources and manifest", "other"}) {
            parts.put(p, new long[3]);
        }
        try (ZipFile z = new ZipFile(apk.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                String n = e.getName();
                String part = n.startsWith("io/ganzoo/models/")
                        ? "models"
                        : n.endsWith(".dex")
                                ? "dex"
                                : n.equals("AndroidManifest.xml") || n.equals("resources.arsc") || n.startsWith("res/")
                                        ? "resources and manifest"
                                        : "other";
                long[] v = parts.get(part);
                v[0]++;
                v[1] += e.getCompressedSize();
                v[2] += e.getSize();
            }
        }
        long size = Files.size(apk);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s: %,d bytes (%.1f MB)", apk.getFileName(), size, size / 1e6));
        for (Map.Entry<String, long[]> p : parts.entrySet()) {
            long[] v = p.getValue();
            lines.add(String.format(
                    Locale.ROOT,
                    "  %-23s %3d files, %,11d bytes in the APK (%4.1f%%), %,11d unpacked",
                    p.getKey(),
                    v[0],
                    v[1],
                    100.0 * v[1] / size,
                    v[2]));
        }
        lines.add("  (the rest: zip headers and the APK signing block; no lib/: ONNX Runtime's Android natives are"
                + " not in this APK)");
        for (String l : lines) {
            System.out.println("[android-demo] " + l);
        }
        Files.write(apk.resolveSibling("contents.txt"), lines, StandardCharsets.UTF_8);
        assertTrue(parts.get("models")[1] > 0.5 * size, "the models are most of the APK");
    }
}
