package io.ganzoo.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pixels, grids and the pure-Java PNG encoder, checked by decoding with the JDK's own PNG reader. */
class ImagesTest {
    @TempDir
    Path dir;

    @Test
    void bytesMapTheValueRangeTo0To255AndClampOutliers() {
        Images im = Images.of(new float[] {-1f, 0f, 1f, 2f, -3f, Float.NaN}, 1, 1, 2, 3, -1f, 1f);
        assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 0}, im.bytes(0));
    }

    @Test
    void channelFirstFloatsBecomeInterleavedBytes() {
        // 1 image, 3 channels, 1x2: R = (-1, 1), G = (1, -1), B = (-1, -1)
        Images im = Images.of(new float[] {-1, 1, 1, -1, -1, -1}, 1, 3, 1, 2, -1f, 1f);
        assertArrayEquals(new byte[] {0, (byte) 255, 0, (byte) 255, 0, 0}, im.bytes(0));
    }

    @Test
    void gridHasTheDocumentedSizeAndPlacesTilesInRows() throws IOException {
        int n = 10;
        float[] data = new float[n * 4 * 5];
        for (int i = 0; i < n; i++) {
            Arrays.fill(data, i * 20, (i + 1) * 20, i / 9f * 2 - 1); // image i has one grey level
        }
        Images im = Images.of(data, n, 1, 4, 5, -1f, 1f);
        Picture grid = im.grid(4);
        assertEquals(4 * 5 + 5 * 2, grid.width());
        assertEquals(3 * 4 + 4 * 2, grid.height());
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(grid.toPng()));
        assertEquals(grid.width(), decoded.getWidth());
        // tile 5 is row 1, column 1: its top-left pixel is at (2 + 7, 2 + 6)
        int expected = Math.round((5 / 9f) * 255);
        assertEquals(expected, decoded.getRaster().getSample(9, 8, 0));
        assertEquals(0, decoded.getRaster().getSample(0, 0, 0), "border is black");
    }

    @Test
    void pngRoundTripsGrayAndRgbExactly() throws IOException {
        Random r = new Random(5);
        for (int channels : new int[] {1, 3}) {
            byte[] px = new byte[37 * 23 * channels];
            r.nextBytes(px);
            Picture p = new Picture(px, 37, 23, channels);
            Path file = dir.resolve("p" + channels + ".png");
            p.writePng(file);
            BufferedImage img = ImageIO.read(file.toFile());
            assertEquals(37, img.getWidth());
            assertEquals(23, img.getHeight());
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    for (int c = 0; c < channels; c++) {
                        assertEquals(
                                px[(y * 37 + x) * channels + c] & 0xff,
                                img.getRaster().getSample(x, y, c));
                    }
                }
            }
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Images.of(new float[5], 1, 1, 2, 3, -1, 1));
        assertTrue(
                e.getMessage().contains("expected 6 floats") && e.getMessage().contains("found 5"), e.getMessage());
        Images im = Images.of(new float[6], 1, 1, 2, 3, -1, 1);
        assertThrows(IllegalArgumentException.class, () -> im.grid(0));
        assertThrows(IndexOutOfBoundsException.class, () -> im.bytes(1));
        IOException io = assertThrows(IOException.class, () -> im.grid(1).writePng(dir.resolve("no/such/dir.png")));
        assertTrue(io.getMessage().contains("does not exist"), io.getMessage());
    }
}
