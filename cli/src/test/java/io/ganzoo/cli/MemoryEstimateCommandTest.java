package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, "messages that hide the cause": {@code sample -n 200000} under {@code -Xmx1g} passed the memory estimate
 * and died of OutOfMemoryError after 19 s of sampling, in the grid's PNG encoding. The same proportions in a 64 MB
 * JVM: refused at once with what it needs; a count that fits is drawn.
 */
class MemoryEstimateCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String err) {}

    private Run sample(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "sample"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), err);
    }

    @Test
    void aGridThatCannotBeEncodedInMemoryIsRefusedBeforeSampling() throws Exception {
        Path tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        Path png = dir.resolve("grid.png");
        // 12,000 1x28x28 images: the sdk's estimate (latents, floats, pixels: ~47 MB) fits; with the grid and its PNG
        // encoding (~81 MB) it does not
        Run r = sample(tiny.toString(), "-n", "12000", "--threads", "1", "-o", png.toString());
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(
                r.err().contains("-n 12000: drawing them and encoding their")
                        && r.err().contains("--each DIR")
                        && r.err().contains("-Xmx"),
                r.err());
        assertFalse(Files.exists(png));
        Run ok = sample(tiny.toString(), "-n", "2000", "--threads", "1", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), ok.code(), ok.err());
        assertTrue(Files.size(png) > 0);
    }
}
