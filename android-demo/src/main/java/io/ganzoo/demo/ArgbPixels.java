package io.ganzoo.demo;

import io.ganzoo.sdk.Picture;

/**
 * The sdk's 8-bit pixels as Android's {@code ARGB_8888} colour ints ({@code 0xAARRGGBB}), with no Android class in
 * sight so that the JVM tests it: grey becomes r = g = b, RGB keeps its channels, and everything is opaque (RGBA
 * keeps its alpha).
 */
public final class ArgbPixels {
    private ArgbPixels() {}

    /** The picture's pixels, row after row, as colour ints. */
    public static int[] of(Picture p) {
        byte[] b = p.pixels();
        int ch = p.channels();
        int[] out = new int[p.width() * p.height()];
        for (int i = 0; i < out.length; i++) {
            int o = i * ch;
            switch (ch) {
                case 1 -> {
                    int v = b[o] & 0xff;
                    out[i] = 0xff000000 | v << 16 | v << 8 | v;
                }
                case 3 -> out[i] = 0xff000000 | (b[o] & 0xff) << 16 | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff);
                case 4 ->
                    out[i] = (b[o + 3] & 0xff) << 24 | (b[o] & 0xff) << 16 | (b[o + 1] & 0xff) << 8 | (b[o + 2] & 0xff);
                default -> throw new IllegalArgumentException("picture: expected 1, 3 or 4 channels, found " + ch);
            }
        }
        return out;
    }
}
