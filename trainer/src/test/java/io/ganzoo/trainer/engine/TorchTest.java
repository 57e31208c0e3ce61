package io.ganzoo.trainer.engine;

import ai.djl.pytorch.jni.LibUtils;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real engine: the check passes here (after a fallback where oneDNN is wrong), and the JNA switch works. */
class TorchTest {
    @Test
    void engineIsRightOnThisMachineAfterTheCheck() {
        Verdict v = Torch.ensureReady();
        assertTrue(v.ok(), v.report());
        assertTrue(v.environment().startsWith("CPU "), v.environment());
        assertTrue(v.environment().contains("libtorch 2.7.1 in "), v.environment());
        assertTrue(Torch.environment().contains("oneDNN"), Torch.environment());
        assertTrue(v.report().contains("verdict:   right"), v.report());
        // this build's libtorch is inspected: the sizes are read (sane here, or repaired on an affected VM)
        if (v.oneDnnEnabled() || v.fellBack()) { // not with GANZOO_ONEDNN=off
            assertTrue(v.report().matches("(?s).*caches:    oneDNN's cache sizes (repaired: )?L1 \\d+.*"), v.report());
        }
        assertTrue(v == Torch.ensureReady(), "checked once per process");
    }

    @Test
    void oneDnnSwitchTurnsOffAndOnThroughJna() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "libtorch's Linux build only");
        Torch.ensureReady();
        OneDnn sw = OneDnn.of(Path.of(LibUtils.getLibtorchPath()));
        assertTrue(sw.available(), sw.why());
        boolean before = sw.enabled();
        try {
            sw.setEnabled(false);
            assertFalse(sw.enabled());
            sw.setEnabled(true);
            assertTrue(sw.enabled());
        } finally {
            sw.setEnabled(before);
        }
        assertTrue(sw.version().contains("v3."), sw.version());
        assertFalse(sw.cpuCapability().equals("unknown"), sw.cpuCapability());
    }

    @Test
    void missingLibraryMakesTheSwitchUnavailableWithAReason() {
        OneDnn sw = OneDnn.of(Path.of("/nonexistent"));
        assertFalse(sw.available());
        assertEquals("no libtorch_cpu library in /nonexistent", sw.why());
        assertEquals("unknown", sw.version());
    }
}
