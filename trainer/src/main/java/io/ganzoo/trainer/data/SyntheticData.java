package io.ganzoo.trainer.data;

import java.util.List;
import java.util.Random;

/**
 * Small synthetic image sets for dry runs and tests: each image is a bright axis-aligned rectangle on a dark
 * background, its class the rectangle's quadrant, so there is real structure to learn.
 */
public final class SyntheticData {
    /** Class names of {@link #rectangles}: the quadrant of the rectangle. */
    public static final List<String> CLASSES = List.of("top-left", "top-right", "bottom-left", "bottom-right");

    private SyntheticData() {}

    /** {@code count} images of {@code size x size}, one channel, four classes. */
    public static ImageDataset rectangles(int count, int size, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[count * size * size];
        int[] labels = new int[count];
        int half = size / 2;
        for (int i = 0; i < count; i++) {
            int q = r.nextInt(4);
            labels[i] = q;
            int x0 = (q % 2) * half + r.nextInt(Math.max(1, half / 3));
            int y0 = (q / 2) * half + r.nextInt(Math.max(1, half / 3));
            int w = half / 2 + r.nextInt(Math.max(1, half / 3));
            int h = half / 2 + r.nextInt(Math.max(1, half / 3));
            for (int y = y0; y < Math.min(size, y0 + h); y++) {
                for (int x = x0; x < Math.min(size, x0 + w); x++) {
                    px[i * size * size + y * size + x] = (byte) (180 + r.nextInt(76));
                }
            }
        }
        return new ImageDataset(px, labels, count, 1, size, size, CLASSES, "synthetic/rectangles");
    }
}
