package io.ganzoo.trainer.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real failure, made on purpose: in a fresh JVM, libtorch's own oneDNN is given the cache sizes it reads on VMs
 * that zero AMD's cache leaf ({@link WrongCacheSizes}). The start-up check must repair them (oneDNN stays on) or,
 * with the repair switched off, see oneDNN's wrong convolutions, turn it off and find PyTorch's own kernels right.
 */
class OneDnnFallbackTest {
    private static String child(String... properties) throws IOException, InterruptedException {
        assumeTrue(
                System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the injection reads libtorch's Linux x86-64 build");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        cmd.addAll(List.of(properties));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WrongCacheSizes.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
        assumeTrue(p.exitValue() != 42, out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("injected: oneDNN's 3 cache sizes set to 1 byte"), out);
        return out;
    }

    @Test
    void checkRepairsAbsurdCacheSizesAndKeepsOneDnn() throws Exception {
        String out = child();
        assertTrue(out.contains("ganzoo: oneDNN (inside libtorch) had read this CPU's cache sizes as absurd"), out);
        assertTrue(out.contains("caches:    oneDNN's cache sizes repaired: L1 1 -> "), out);
        assertFalse(out.contains("WRONG"), out);
        assertFalse(out.contains("with oneDNN off:"), out);
        assertTrue(out.contains("verdict:   right after a repair"), out);
    }

    @Test
    void withoutTheRepairTheCheckTurnsOffARealWrongOneDnn() throws Exception {
        String out = child("-Dganzoo.onednn.repair=false");
        assertTrue(out.contains("ganzoo: PyTorch's oneDNN kernels compute wrong convolutions on this CPU ("), out);
        assertTrue(out.contains("Turned oneDNN off for this process"), out);
        String withOneDnn = out.substring(out.indexOf("with oneDNN:"), out.indexOf("with oneDNN off:"));
        assertTrue(withOneDnn.contains("WRONG"), out);
        String after = out.substring(out.indexOf("with oneDNN off:"), out.indexOf("verdict:"));
        assertFalse(after.contains("WRONG"), out);
        assertTrue(out.contains("verdict:   right after a fallback"), out);
        assertTrue(out.contains("caches:    oneDNN's cache sizes not checked (-Dganzoo.onednn.repair=false)"), out);
    }
}
