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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(
                List.of("-cp", System.getProperty("java.class.path"), SampleProcess.class.getName(), png.toString()));
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
}
