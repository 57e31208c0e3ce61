package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A failed write names the file asked for (it named the hidden temporary file, as "file not found"). */
class AtomicFilesTest {
    @Test
    void aFailedWriteNamesTheTargetNotTheTemporaryFile() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc: a folder where no file can be created");
        IOException e =
                assertThrows(IOException.class, () -> AtomicFiles.write(Path.of("/proc/x.png"), new byte[] {1}));
        assertTrue(e.getMessage().startsWith("cannot write /proc/x.png: "), e.getMessage());
        assertFalse(e.getMessage().contains(".part"), e.getMessage());
    }
}
