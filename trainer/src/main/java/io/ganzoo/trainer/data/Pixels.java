package io.ganzoo.trainer.data;

/**
 * Unsigned 8-bit pixels as the networks read them: scaled to [-1, 1], the range of the generators' tanh output, the
 * one scaling of real images in training, evaluation and the classifier.
 */
public final class Pixels {
    private Pixels() {}

    /** An unsigned byte value (0..255) as a float in [-1, 1]: 0 is -1, 255 is 1. */
    public static float toSigned(int value) {
        return value / 127.5f - 1f;
    }

    /** Every pixel of {@code d}, scaled. */
    public static float[] all(ImageDataset d) {
        byte[] px = d.pixels();
        float[] f = new float[px.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = toSigned(px[i] & 0xff);
        }
        return f;
    }

    /** Images {@code order[start] .. order[start + count - 1]} of {@code d}, scaled, one after another into {@code dst}. */
    public static void copy(ImageDataset d, int[] order, int start, int count, float[] dst) {
        int size = d.imageSize();
        byte[] px = d.pixels();
        for (int b = 0; b < count; b++) {
            int src = order[start + b] * size;
            int off = b * size;
            for (int i = 0; i < size; i++) {
                dst[off + i] = toSigned(px[src + i] & 0xff);
            }
        }
    }
}
