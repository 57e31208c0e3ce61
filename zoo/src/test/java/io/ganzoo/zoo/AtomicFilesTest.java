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

    /**
     * Attack finding (issue 25): the rename replaced whatever stood at the target, so {@code sample -o /dev/full} as
     * root turned the device into a PNG, and a FIFO or a symbolic link became a regular file. Only a regular file (or
     * nothing) is written; the rest is refused and left as it was.
     */
    @Test
    void specialFilesAndLinksAreRefusedAndLeftAsTheyAre(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path real = Files.writeString(dir.resolve("real.txt"), "kept");
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), real);
        Path folder = Files.createDirectories(dir.resolve("folder.png"));
        Path fifo = dir.resolve("fifo.png");
        boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        for (Path target : haveFifo ? new Path[] {link, folder, fifo} : new Path[] {link, folder}) {
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1, 2, 3}));
            assertTrue(e.getMessage().startsWith("cannot write " + target + ": it is "), e.getMessage());
            assertFalse(Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS), target + " replaced");
        }
        assertTrue(Files.isSymbolicLink(link) && Files.readString(real).equals("kept"));
        try (var left = Files.list(dir)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary file left");
        }
        // a regular file is replaced as before; a path under a file says so
        AtomicFiles.write(real, new byte[] {7});
        assertTrue(Files.size(real) == 1);
        IOException under =
                assertThrows(IOException.class, () -> AtomicFiles.write(real.resolve("x.png"), new byte[1]));
        assertTrue(under.getMessage().contains(real + " is a file, not a folder"), under.getMessage());
    }
}
