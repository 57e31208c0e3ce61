package io.ganzoo.trainer.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real failure, made on purpose: in a fresh JVM, libtorch's own oneDNN is given the cache sizes it reads on VMs
 * that zero AMD's cache leaf ({@link WrongCacheSizes}); the start-up check must see its wrong convolutions, turn
 * oneDNN off, say so, and find PyTorch's own kernels right.
 */
class OneDnnFallbackTest {
    @Test
    void checkTurnsOffARealWrongOneDnn() throws IOException, InterruptedException {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the injection reads libtorch's Linux x86-64 build");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), WrongCacheSizes.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.exitValue() != 42, out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("injected: oneDNN's L1, L2 and L3 sizes set to 1 byte"), out);
        assertTrue(out.contains("ganzoo: PyTorch's oneDNN kernels compute wrong convolutions on this CPU ("), out);
        assertTrue(out.contains("Turned oneDNN off for this process"), out);
        String withOneDnn = out.substring(out.indexOf("with oneDNN:"), out.indexOf("with oneDNN off:"));
        assertTrue(withOneDnn.contains("WRONG"), out);
        String after = out.substring(out.indexOf("with oneDNN off:"), out.indexOf("verdict:"));
        assertTrue(!after.contains("WRONG"), out);
        assertTrue(out.contains("verdict:   right after a fallback"), out);
    }
}
