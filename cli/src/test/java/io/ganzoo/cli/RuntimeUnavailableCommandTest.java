package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, "native runtime unavailable": with {@code java.io.tmpdir} missing the CLI died with a 34-line trace and
 * exit 1, a code not in the table. In its own JVM: one line naming the folder and the fix, exit 70.
 */
class RuntimeUnavailableCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingTemporaryFolderIsOneLineAndExit70() throws Exception {
        Path tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        Path png = dir.resolve("grid.png");
        Path missing = dir.resolve("no-such-tmp");
        Process p = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + missing,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "sample",
                        tiny.toString(),
                        "-o",
                        png.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitCode.INTERNAL.code(), p.exitValue(), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(
                err.contains("java.io.tmpdir (" + missing + ") does not exist") && err.contains("-Djava.io.tmpdir=DIR"),
                err);
        assertFalse(Files.exists(png));
    }
}
