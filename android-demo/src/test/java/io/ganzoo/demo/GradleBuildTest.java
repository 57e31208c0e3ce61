package io.ganzoo.demo;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Gradle files that users build with and the Maven build that CI runs describe one app: the same ids, SDK levels,
 * versions and libraries (this build passes its own values as system properties), and the same sources (neither
 * moves them from src/main and src/test). Neither Gradle nor its Android plugin can run here, so this reads the files.
 */
class GradleBuildTest {
    private static Path dir;
    private static String build;
    private static String settings;
    private static String manifest;

    @BeforeAll
    static void read() throws IOException {
        String basedir = System.getProperty("demo.basedir");
        assumeTrue(basedir != null, "compares build.gradle.kts with the Maven build, which sets demo.basedir");
        dir = Paths.get(basedir);
        build = read("build.gradle.kts");
        settings = read("settings.gradle.kts");
        manifest = read("src/main/AndroidManifest.xml");
    }

    private static String read(String file) throws IOException {
        return new String(Files.readAllBytes(dir.resolve(file)), StandardCharsets.UTF_8);
    }

    /** The value of {@code key = value} or {@code val key = "value"} in build.gradle.kts. */
    private static String value(String key) {
        Matcher m = Pattern.compile(
                        "(?m)^\\s*(?:val\\s+)?" + Pattern.quote(key) + "\\s*=\\s*\"?([^\"\\s]+)\"?\\s*(//.*)?$")
                .matcher(build);
        assertTrue(m.find(), "build.gradle.kts sets " + key);
        String v = m.group(1);
        assertFalse(m.find(), "build.gradle.kts sets " + key + " once");
        return v;
    }

    private static String maven(String property) {
        String v = System.getProperty("demo." + property);
        assertTrue(v != null && !v.isEmpty(), "the Maven build passes demo." + property);
        return v;
    }

    @Test
    void theSameApp() {
        assertEquals(maven("applicationId"), value("applicationId"));
        assertEquals(maven("applicationId"), value("namespace"));
        assertEquals(maven("minSdk"), value("minSdk"));
        assertEquals("26", value("minSdk"), "the sdk is checked against API 26: the app cannot ask for less");
        assertEquals(maven("targetSdk"), value("targetSdk"));
        assertEquals(maven("versionCode"), value("versionCode"));
        assertEquals(maven("versionName"), value("versionName"));
    }

    @Test
    void compiledAgainstTheSameAndroid() {
        // the Maven build compiles against android-all NN-robolectric-*, Android NN = API NN + 20 for API 33 and later
        int compileSdk = Integer.parseInt(value("compileSdk"));
        String androidAll = maven("androidAll");
        assertTrue(
                androidAll.startsWith((compileSdk - 20) + "-robolectric-"),
                "compileSdk " + compileSdk + " is Android " + (compileSdk - 20) + ", the Maven build has "
                        + androidAll);
        assertTrue(compileSdk >= Integer.parseInt(value("targetSdk")), "compileSdk >= targetSdk");
    }

    @Test
    void theSameLibraries() {
        assertEquals(maven("ganzoo"), value("ganzoo"));
        assertEquals(maven("onnxruntime"), value("onnxruntime"), "onnxruntime-android in the version the sdk pins");
        assertEquals(maven("robolectric"), value("robolectric"));
        assertEquals(maven("robolectricFramework"), value("robolectricFramework"));
        assertTrue(
                build.contains("implementation(\"io.ganzoo:ganzoo-sdk:$ganzoo\") {\n"
                        + "        exclude(group = \"com.microsoft.onnxruntime\", module = \"onnxruntime\")"),
                "the desktop ONNX Runtime is swapped out");
        assertTrue(build.contains("implementation(\"com.microsoft.onnxruntime:onnxruntime-android:$onnxruntime\")"));
        assertTrue(build.contains("implementation(\"io.ganzoo:ganzoo-models:$ganzoo\")"));
        assertTrue(settings.contains("includeGroup(\"io.ganzoo\")"), "ganzoo comes from mavenLocal, and only ganzoo");
    }

    @Test
    void theSameSources() {
        assertFalse(build.contains("sourceSets"), "both builds read src/main/java and src/test/java");
        assertTrue(Files.isRegularFile(dir.resolve("src/main/java/io/ganzoo/demo/MainActivity.java")));
        assertTrue(manifest.contains("android:name=\"io.ganzoo.demo.MainActivity\""));
        assertTrue(manifest.contains("android.intent.category.LAUNCHER"));
        // what the Android Gradle Plugin takes from the build file and refuses in the manifest
        assertFalse(manifest.contains("package="), "the package is the namespace");
        assertFalse(manifest.contains("<uses-sdk"), "SDK levels come from the build file");
    }

    @Test
    void gradleIsNewEnoughForThePlugin() throws IOException {
        Matcher agp = Pattern.compile("id\\(\"com\\.android\\.application\"\\) version \"(\\d+)\\.(\\d+)\\.\\d+\"")
                .matcher(build);
        assertTrue(agp.find());
        String wrapper = read("gradle/wrapper/gradle-wrapper.properties");
        Matcher gradle =
                Pattern.compile("gradle-(\\d+)\\.(\\d+)(?:\\.\\d+)?-bin\\.zip").matcher(wrapper);
        assertTrue(gradle.find());
        // Android Gradle Plugin 8.x.y needs Gradle 8.x or later for x >= 11 (8.13 needs 8.13)
        assertEquals("8", agp.group(1));
        assertEquals("8", gradle.group(1));
        assertTrue(
                Integer.parseInt(gradle.group(2)) >= Integer.parseInt(agp.group(2)),
                "Gradle 8." + gradle.group(2) + " for plugin 8." + agp.group(2));
    }
}
