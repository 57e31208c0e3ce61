package io.ganzoo.sdk;

import ai.onnxruntime.OrtEnvironment;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards on the ONNX Runtime the sdk pins, each in a whole sampling process: ONNX Runtime 1.29.0 killed the JVM with
 * SIGSEGV when the command line was longer than about 3,980 bytes, and turned on telemetry (files under
 * ~/.cache/Microsoft, /tmp/mat-debug-PID.log, DNS queries for a collector) that setTelemetry(false) did not stop.
 */
class NativeRuntimeGuardTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    private record Run(int code, String output, long pid) {}

    private Run sample(Path png, Map<String, String> env, String... jvmArgs) throws IOException, InterruptedException {
        return run(System.getProperty("java.class.path"), List.of(png.toString()), env, jvmArgs);
    }

    private Run run(String classpath, List<String> args, Map<String, String> env, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", classpath, SampleProcess.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "sampling process finished");
        return new Run(p.exitValue(), out, p.pid());
    }

    private static void assertPng(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), "no " + png);
        byte[] head = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 8);
        assertArrayEquals(PNG_SIGNATURE, head);
    }

    /**
     * ONNX Runtime's own warnings (here: an initializer no node uses, which it removes) reached the user's terminal
     * as a line with ANSI colour codes and a C++ source location (attack pass). Its environment and sessions log
     * errors only; what ganzoo has to say about a model it says itself.
     */
    @Test
    void onnxRuntimesWarningsDoNotReachTheTerminal() throws Exception {
        Path model = dir.resolve("unused.onnx");
        Files.write(
                model,
                OnnxBytes.withUnusedInitializer(Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx")), "w9"));
        Path png = dir.resolve("unused.png");
        Run r = run(System.getProperty("java.class.path"), List.of(png.toString(), model.toString()), Map.of());
        assertEquals(0, r.code(), r.output());
        assertPng(png);
        assertEquals("wrote " + png, r.output().strip(), "nothing but the process's own line");
    }

    @Test
    void samplesWithACommandLineOf20000Bytes() throws Exception {
        Path png = dir.resolve("grid.png");
        String padding = "-Dganzoo.test.padding=" + "x".repeat(20_000);
        Run r = sample(png, Map.of(), padding);
        assertEquals(
                0,
                r.code(),
                "a 20,000-byte command line: exit " + r.code()
                        + (r.code() == 134 || r.code() == 139 ? " (killed by a signal inside the native runtime)" : "")
                        + "\n"
                        + r.output());
        assertPng(png);
    }

    @Test
    void samplingLeavesNoTelemetryFiles() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path png = dir.resolve("grid.png");
        Run r = sample(png, Map.of("HOME", home.toString()), "-Duser.home=" + home);
        assertEquals(0, r.code(), r.output());
        assertPng(png);
        List<String> written;
        try (Stream<Path> files = Files.walk(home)) {
            written = files.filter(f -> !f.equals(home))
                    .map(f -> home.relativize(f).toString())
                    .sorted()
                    .toList();
        }
        assertFalse(
                written.stream().anyMatch(f -> f.startsWith(".cache/Microsoft")),
                "ONNX Runtime's telemetry store under HOME: " + written);
        Path debugLog = Path.of(System.getProperty("java.io.tmpdir"), "mat-debug-" + r.pid() + ".log");
        assertFalse(
                Files.exists(Path.of("/tmp/mat-debug-" + r.pid() + ".log")) || Files.exists(debugLog),
                "ONNX Runtime's telemetry log /tmp/mat-debug-" + r.pid() + ".log");
    }

    /**
     * Issue 25, "native runtime unavailable": a missing {@code java.io.tmpdir} gave an {@code Error} and a 34-line
     * trace; the runtime's reason (RUNTIME) and the fix instead, before any native code runs.
     */
    @Test
    void aTemporaryFolderThatCannotTakeTheLibrariesIsNamed() throws Exception {
        Path missing = dir.resolve("no-such-tmp");
        Run r = sample(dir.resolve("grid.png"), Map.of(), "-Djava.io.tmpdir=" + missing);
        assertEquals(3, r.code(), r.output());
        assertTrue(
                r.output().startsWith("ModelException RUNTIME\nONNX Runtime cannot start")
                        && r.output().contains("java.io.tmpdir (" + missing + ") does not exist")
                        && r.output().contains("-Djava.io.tmpdir=DIR"),
                r.output());
        // a file where the folder should be is named as such (attack pass: "does not exist")
        Path file = Files.writeString(dir.resolve("tmp-is-a-file"), "x");
        Run f = sample(dir.resolve("grid.png"), Map.of(), "-Djava.io.tmpdir=" + file);
        assertEquals(3, f.code(), f.output());
        assertTrue(f.output().contains(file + " is a file, not a folder"), f.output());
    }

    /** A native path that names no folder is said as such (attack re-test: it blamed noexec, libc or versions). */
    @Test
    void aNativePathThatNamesNoFolderIsSaidAsSuch() throws Exception {
        Path missing = dir.resolve("no-such-natives");
        Run r = sample(dir.resolve("grid.png"), Map.of(), "-Donnxruntime.native.path=" + missing);
        assertEquals(3, r.code(), r.output());
        assertTrue(
                r.output().contains("-Donnxruntime.native.path=" + missing + " names no folder (it does not exist)"),
                r.output());
        assertTrue(!r.output().contains("noexec"), r.output());
    }

    /**
     * A temporary folder too full for the libraries (attack pass: ONNX Runtime's 30-line trace, then "no onnxruntime
     * in java.library.path ... noexec, another libc" and its folder left behind): said before ONNX Runtime is asked.
     * Needs a small tmpfs, which only a privileged test machine can mount: skipped elsewhere.
     */
    @Test
    void aTemporaryFolderTooFullForTheLibrariesIsNamed() throws Exception {
        Path small = Files.createDirectories(dir.resolve("small-tmp"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true)
                .start();
        mount.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0, "cannot mount a tmpfs here");
        try {
            Run r = sample(dir.resolve("grid.png"), Map.of(), "-Djava.io.tmpdir=" + small);
            assertEquals(3, r.code(), r.output());
            assertTrue(
                    r.output().startsWith("ModelException RUNTIME\nONNX Runtime cannot start")
                            && r.output().contains("bytes free, fewer than the ")
                            && !r.output().contains("java.library.path"),
                    r.output());
            try (Stream<Path> left = Files.list(small)) {
                assertEquals(List.of(), left.toList(), "nothing left in the temporary folder");
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Without ONNX Runtime's jar (README's Android exclusion without the AAR): NoClassDefFoundError before. */
    @Test
    void aClasspathWithoutOnnxRuntimeIsNamedForGeneratorsAndClassifiers() throws Exception {
        String without = Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !Path.of(e).getFileName().toString().startsWith("onnxruntime"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        for (String what : new String[] {"generator", "classifier"}) {
            Run r = run(without, List.of(dir.resolve("g.png").toString(), what), Map.of());
            assertEquals(3, r.code(), what + ": " + r.output());
            assertTrue(
                    r.output().startsWith("ModelException RUNTIME\nONNX Runtime is not on the classpath")
                            && r.output().contains("com.microsoft.onnxruntime:onnxruntime-android:1.28.0"),
                    what + ": " + r.output());
        }
    }

    /** ONNX Runtime left an empty onnxruntime-java* folder in the temporary folder of every process (273 a test run). */
    @Test
    void samplingLeavesNoLibraryFolderInTheTemporaryFolder() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Run r = sample(dir.resolve("grid.png"), Map.of(), "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, r.code(), r.output());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** An application whose build resolves ONNX Runtime 1.29.x is refused in words before any native code runs. */
    @Test
    void onnxRuntime129IsRefusedByVersionBeforeItLoads() throws Exception {
        ModelException e = Assertions.assertThrows(
                ModelException.class,
                () -> ModelLoader.checkRuntimeVersion("1.29.0", "file:/app/libs/onnxruntime-1.29.0.jar"));
        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage()
                                .startsWith(
                                        "ONNX Runtime 1.29.0 is on the classpath (file:/app/libs/onnxruntime-1.29.0.jar)")
                        && e.getMessage().contains("pin that version"),
                e.getMessage());
        ModelLoader.checkRuntimeVersion("1.28.0", "x");
        ModelLoader.checkRuntimeVersion(null, "x");
        assertEquals(
                "1.28.0", OrtEnvironment.class.getPackage().getImplementationVersion(), "the version the build pins");
    }

    /** The copy of ONNX Runtime's libraries a start made in the cache, or {@code null}; asserts there is at most one. */
    private static Path kept(Path home) throws IOException {
        Path root = home.resolve("cache").resolve("native");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> s = Files.list(root)) {
            List<Path> dirs = s.toList();
            assertTrue(dirs.size() <= 1, dirs.toString());
            return dirs.isEmpty() ? null : dirs.get(0);
        }
    }

    private static byte[] jarLibrary(String lib) throws IOException {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x64" : System.getProperty("os.arch");
        try (var in = OrtEnvironment.class.getResourceAsStream(
                "/ai/onnxruntime/native/linux-" + arch + "/" + System.mapLibraryName(lib))) {
            return in.readAllBytes();
        }
    }

    /** A folder on a noexec mount (where no library loads: the kept copy failed on every start there) is seen. */
    @Test
    void noexecMountsAreSeen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/mountinfo")), "Linux");
        boolean procNoexec = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" "))
                .anyMatch(f -> f.length > 5
                        && f[4].equals("/proc")
                        && List.of(f[5].split(",")).contains("noexec"));
        assertEquals(procNoexec, NativeRuntime.noexec(Path.of("/proc/self/status")));
        assertEquals(procNoexec, NativeRuntime.noexec(Path.of("/proc/no/such/file")), "the nearest existing parent's");
        assertFalse(NativeRuntime.noexec(Path.of("/no/such/folder/at/all")) && !procNoexec);
    }

    /**
     * ONNX Runtime copied its libraries (about 20 MB) out of its jar into a new temporary folder on every start, about
     * 120 ms of a 0.45 s cold start (issue 26): the first start keeps them in the cache, the next load them there; a
     * copy damaged in place is made anew or, when it does not load, removed with a message saying so; and
     * GANZOO_KEEP_NATIVE=false keeps ONNX Runtime's own way.
     */
    @Test
    void onnxRuntimesLibrariesAreKeptInTheCacheAndLoadedFromThere() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"), "Linux layout");
        Path home = dir.resolve("home");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> env = Map.of("GANZOO_HOME", home.toString());
        Run first = sample(dir.resolve("a.png"), env, "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, first.code(), first.output());
        Path kept = kept(home);
        assertTrue(kept != null, "a start keeps the libraries in " + home.resolve("cache/native"));
        for (String lib : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
            assertArrayEquals(
                    jarLibrary(lib), Files.readAllBytes(kept.resolve(System.mapLibraryName(lib))), lib + ": the jar's");
        }
        var made = Files.getLastModifiedTime(kept.resolve(System.mapLibraryName("onnxruntime")));

        Run second = sample(dir.resolve("b.png"), env, "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, second.code(), second.output());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
        assertEquals(made, Files.getLastModifiedTime(kept.resolve(System.mapLibraryName("onnxruntime"))), "reused");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "nothing left in tmp");
        }

        // cut short: made anew, and the model runs
        Path jni = kept.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        Files.write(jni, new byte[100]);
        Run remade = sample(dir.resolve("c.png"), env, "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, remade.code(), remade.output());
        assertArrayEquals(jarLibrary("onnxruntime4j_jni"), Files.readAllBytes(jni));

        // damaged in place at its size (it crashed every JVM that loaded it: attack pass): its CRC-32 differs from
        // the jar's, so it is made anew
        byte[] garbage = Files.readAllBytes(jni);
        for (int i = 4096; i < garbage.length; i += 7) {
            garbage[i] = (byte) 0xCC;
        }
        Files.write(jni, garbage);
        Run again = sample(dir.resolve("e.png"), env, "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, again.code(), again.output());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("e.png")));
        assertArrayEquals(jarLibrary("onnxruntime4j_jni"), Files.readAllBytes(jni));

        // where libraries did not load once (the marker a failed load leaves), they are not kept again
        Path marked = dir.resolve("home3");
        Files.createDirectories(marked.resolve("cache/native"));
        Files.writeString(marked.resolve("cache/native").resolve(NativeRuntime.NOT_HERE), "test");
        Run plainCopy =
                sample(dir.resolve("h.png"), Map.of("GANZOO_HOME", marked.toString()), "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, plainCopy.code(), plainCopy.output());
        try (Stream<Path> s = Files.list(marked.resolve("cache/native"))) {
            assertEquals(
                    List.of(NativeRuntime.NOT_HERE),
                    s.map(p -> p.getFileName().toString()).toList());
        }

        // opted out: nothing kept
        Path other = dir.resolve("home2");
        Run plain = sample(
                dir.resolve("f.png"),
                Map.of("GANZOO_HOME", other.toString(), "GANZOO_KEEP_NATIVE", "false"),
                "-Djava.io.tmpdir=" + tmp);
        assertEquals(0, plain.code(), plain.output());
        assertEquals(null, kept(other));
        // a switch like every other: neither on nor off is refused, not read as off
        Run unclear = sample(
                dir.resolve("g.png"),
                Map.of("GANZOO_HOME", other.toString(), "GANZOO_KEEP_NATIVE", "maybe"),
                "-Djava.io.tmpdir=" + tmp);
        assertTrue(
                unclear.code() != 0
                        && unclear.output().contains("GANZOO_KEEP_NATIVE")
                        && unclear.output().contains("maybe"),
                unclear.output());
    }
}
