package io.ganzoo.trainer.metrics;

import io.ganzoo.sdk.Images;
import io.ganzoo.trainer.data.ImageDataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exemplars are the nearest samples to a set of real images, and a sample serves one set only. */
class ExemplarsTest {
    /** Real images of 1x2x2: black, white, mid grey. */
    static ImageDataset real() {
        byte[] px = new byte[3 * 4];
        for (int t = 0; t < 4; t++) {
            px[4 + t] = (byte) 255;
            px[8 + t] = (byte) 128;
        }
        return new ImageDataset(px, null, 3, 1, 2, 2, List.of(), "test");
    }

    /** Samples of 1x2x2, each one value: white, black, near white, dark grey. */
    static Images samples() {
        float[] values = {1f, -1f, 0.9f, -0.5f};
        float[] f = new float[values.length * 4];
        for (int i = 0; i < f.length; i++) {
            f[i] = values[i / 4];
        }
        return Images.of(f, values.length, 1, 2, 2, -1f, 1f);
    }

    @Test
    void picksTheNearestSamplesFirstAndEachOnlyOnce() {
        Exemplars x = new Exemplars(samples(), real());
        List<Exemplars.Exemplar> white = x.pick(new int[] {1}, 2);
        assertEquals(2, white.size());
        assertEquals(new Exemplars.Exemplar(0, 0, 1), white.get(0));
        assertEquals(2, white.get(1).sample());
        assertEquals(0.05, white.get(1).distance(), 1e-6); // RMS 0.1 in [-1, 1] is 0.05 in [0, 1]
        // the two samples taken are passed over: only two are left for three wanted
        List<Exemplars.Exemplar> dark = x.pick(new int[] {0, 2}, 3);
        assertEquals(2, dark.size());
        assertEquals(new Exemplars.Exemplar(1, 0, 0), dark.get(0));
        assertEquals(3, dark.get(1).sample());
        assertEquals(0, dark.get(1).nearest(), "-0.5 is nearer to black (-1) than to mid grey (0.004)");
        assertEquals(0.25, dark.get(1).distance(), 1e-6);
        assertEquals(List.of(), x.pick(new int[] {2}, 1));
    }

    @Test
    void samplesOfAnotherShapeAreRefused() {
        Images wide = Images.of(new float[8], 1, 1, 2, 4, -1f, 1f);
        assertThrows(IllegalArgumentException.class, () -> new Exemplars(wide, real()));
    }
}
