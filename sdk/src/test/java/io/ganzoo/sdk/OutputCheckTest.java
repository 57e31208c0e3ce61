package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generator's NaN and infinite values are refused, naming which images and how many values (issue 25, "the
 * model's own output": they were drawn as black with exit 0); values outside the declared range are counted.
 */
class OutputCheckTest {
    @TempDir
    Path dir;

    @Test
    void imagesWithNonFiniteValuesAreRefusedByNumber() throws Exception {
        // tiny-cgan with class 2's embedding row (l0_WyT[2], 392 floats) NaN: every image of class 2 is NaN
        Path broken = dir.resolve("broken.onnx");
        Files.write(
                broken,
                OnnxBytes.withNaNs(Files.readAllBytes(Fixtures.copy(dir, "tiny-cgan.onnx")), "l0_WyT", 784, 1176));
        try (Generator g = Generator.load(broken)) {
            int size = g.metadata().channels()
                    * g.metadata().height()
                    * g.metadata().width();
            int[] labels = {0, 2, 1, 2, 3};
            NonFiniteOutputException e = assertThrows(NonFiniteOutputException.class, () -> g.sample(labels, 1L));
            assertEquals(Reason.OUTPUT, e.reason());
            assertArrayEquals(new long[] {1, 3}, e.images());
            assertEquals(5, e.drawn());
            assertEquals(2L * size, e.values()); // NaN spreads to every pixel of those images, as a plain loop counts
            assertTrue(
                    e.getMessage().contains("drew NaN or infinite values in 2 of 5 images (images 1, 3; 1568 values)"),
                    e.getMessage());
            NonFiniteOutputException moved = e.numberedFrom(12_800, "run");
            assertArrayEquals(new long[] {12_801, 12_803}, moved.images());
            assertTrue(moved.getMessage().contains("(images 12801, 12803; "), moved.getMessage());
            // the other classes alone draw finite images
            for (float v : g.sample(new int[] {0, 1, 3}, 1L).floats()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }

    @Test
    void valuesOutsideTheRangeAreCounted() throws Exception {
        // tiny-dcgan without its final tanh: its output is unbounded, so values can leave [-1, 1]
        Path untamed = dir.resolve("untamed.onnx");
        Files.write(
                untamed,
                OnnxBytes.withOperatorReplaced(
                        Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx")), "Tanh", "Identity"));
        try (Generator g = Generator.load(untamed)) {
            int latent = g.metadata().latentSize();
            int size = g.metadata().channels()
                    * g.metadata().height()
                    * g.metadata().width();
            float[] z = new float[2 * latent];
            Arrays.fill(z, 1e4f);
            Images im = g.generate(z, 2);
            long outside = 0; // a plain loop: beyond the range by more than a thousandth of it (0.002)
            for (float v : im.floats()) {
                assertTrue(Float.isFinite(v));
                outside += v < -1.002f || v > 1.002f ? 1 : 0;
            }
            assertTrue(outside > 0, "latents of 1e4 without tanh should leave the range");
            assertEquals(outside, g.outOfRangeValues());
            assertEquals(2L * size, g.valuesDrawn());
        }
        try (Generator g = Generator.load(Fixtures.copy(dir, "tiny-dcgan.onnx"))) {
            g.sample(8, 1L);
            assertEquals(0, g.outOfRangeValues(), "tanh keeps every value in range");
        }
    }

    @Test
    void nonFiniteLatentsAreTheCallersMistake() throws Exception {
        try (Generator g = Generator.load(Fixtures.copy(dir, "tiny-dcgan.onnx"))) {
            float[] z = new float[g.metadata().latentSize()];
            z[3] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.generate(z, 1));
            assertTrue(
                    e.getMessage().contains("value NaN at index 3 (image 0): latent vectors must be finite"),
                    e.getMessage());
        }
    }
}
