package io.ganzoo.sdk;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of generated images as plain arrays: {@code count x channels x height x width} floats in the model's value
 * range (by convention [-1, 1]), channel-first like the model output. Immutable; no platform image classes, so it
 * works on Android as well as on desktop JVMs.
 */
public final class Images {
    private final float[] data;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final float min;
    private final float max;

    Images(float[] data, int count, int channels, int height, int width, float min, float max) {
        if ((long) count * channels * height * width != data.length) {
            throw new IllegalArgumentException("Images: expected " + ((long) count * channels * height * width)
                    + " floats for " + count + "x" + channels + "x" + height + "x" + width + ", found " + data.length);
        }
        this.data = data;
        this.count = count;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.min = min;
        this.max = max;
    }

    /**
     * Wraps floats produced elsewhere (e.g. by a training loop) as images.
     *
     * @param data channel-first floats, {@code count * channels * height * width} of them (not copied)
     * @param min  the value shown as black
     * @param max  the value shown as white
     */
    public static Images of(float[] data, int count, int channels, int height, int width, float min, float max) {
        if (count <= 0 || channels <= 0 || height <= 0 || width <= 0 || !(max > min)) {
            throw new IllegalArgumentException("Images: expected positive sizes and max > min, found " + count + "x"
                    + channels + "x" + height + "x" + width + " range [" + min + ", " + max + "]");
        }
        return new Images(data, count, channels, height, width, min, max);
    }

    public int count() {
        return count;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The value shown as black (the model's lower bound). */
    public float minValue() {
        return min;
    }

    /** The value shown as white (the model's upper bound). */
    public float maxValue() {
        return max;
    }

    /** All floats, without copying (package use: models read them in place). */
    float[] pixels() {
        return data;
    }

    /** A copy of all floats: image after image, each channel-first. */
    public float[] floats() {
        return data.clone();
    }

    /** A copy of image {@code i}'s floats, channel-first. */
    public float[] floats(int i) {
        checkIndex(i);
        int size = channels * height * width;
        return Arrays.copyOfRange(data, i * size, (i + 1) * size);
    }

    /** Image {@code i} as 8-bit samples, interleaved {@code height x width x channels}. */
    public byte[] bytes(int i) {
        checkIndex(i);
        byte[] out = new byte[channels * height * width];
        int plane = height * width;
        int base = i * channels * plane;
        float scale = 255f / (max - min);
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                out[p * channels + c] = toByte(data[base + c * plane + p], scale);
            }
        }
        return out;
    }

    /** Images {@code from .. to - 1} (copied). */
    public Images slice(int from, int to) {
        if (from < 0 || to > count || from >= to) {
            throw new IllegalArgumentException(
                    "slice: expected 0 <= from < to <= " + count + ", found " + from + ".." + to);
        }
        int size = channels * height * width;
        return new Images(
                Arrays.copyOfRange(data, from * size, to * size), to - from, channels, height, width, min, max);
    }

    /** Image {@code i} as a picture. */
    public Picture picture(int i) {
        return new Picture(bytes(i), width, height, channels);
    }

    /** All images tiled in rows of {@code columns}, separated by a 2-pixel black border. */
    public Picture grid(int columns) {
        return grid(columns, 2);
    }

    /**
     * All images tiled left to right, top to bottom, in rows of {@code columns}.
     *
     * @param padding black pixels between and around the tiles
     */
    public Picture grid(int columns, int padding) {
        if (columns <= 0 || padding < 0) {
            throw new IllegalArgumentException(
                    "grid: expected columns > 0 and padding >= 0, found columns=" + columns + " padding=" + padding);
        }
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        int gw = cols * width + (cols + 1) * padding;
        int gh = rows * height + (rows + 1) * padding;
        byte[] out = new byte[gw * gh * channels];
        for (int i = 0; i < count; i++) {
            byte[] img = bytes(i);
            int x0 = padding + (i % cols) * (width + padding);
            int y0 = padding + (i / cols) * (height + padding);
            for (int y = 0; y < height; y++) {
                System.arraycopy(img, y * width * channels, out, ((y0 + y) * gw + x0) * channels, width * channels);
            }
        }
        return new Picture(out, gw, gh, channels);
    }

    /**
     * One row per batch, left-aligned, rows of different lengths allowed (the rest of a row stays black): e.g. an
     * interpolation per row, or exemplars and their mean. All batches must have the same image shape.
     */
    public static Picture rows(List<Images> rows, int padding) {
        if (rows.isEmpty() || padding < 0) {
            throw new IllegalArgumentException("rows: expected at least one row and padding >= 0, found " + rows.size()
                    + " rows, padding " + padding);
        }
        Images first = rows.get(0);
        int cols = 0;
        for (Images r : rows) {
            if (r.channels != first.channels || r.height != first.height || r.width != first.width) {
                throw new IllegalArgumentException("rows: every image must be " + first.channels + "x" + first.height
                        + "x" + first.width + ", found " + r.channels + "x" + r.height + "x" + r.width);
            }
            cols = Math.max(cols, r.count);
        }
        int ch = first.channels;
        int gw = cols * first.width + (cols + 1) * padding;
        int gh = rows.size() * first.height + (rows.size() + 1) * padding;
        byte[] out = new byte[gw * gh * ch];
        for (int row = 0; row < rows.size(); row++) {
            Images r = rows.get(row);
            for (int i = 0; i < r.count; i++) {
                byte[] img = r.bytes(i);
                int x0 = padding + i * (first.width + padding);
                int y0 = padding + row * (first.height + padding);
                for (int y = 0; y < first.height; y++) {
                    System.arraycopy(img, y * first.width * ch, out, ((y0 + y) * gw + x0) * ch, first.width * ch);
                }
            }
        }
        return new Picture(out, gw, gh, ch);
    }

    private byte toByte(float v, float scale) {
        float s = (v - min) * scale;
        if (!(s > 0f)) {
            return 0; // also NaN
        }
        return s >= 255f ? (byte) 255 : (byte) Math.round(s);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("image index " + i + " out of range [0, " + count + ")");
        }
    }
}
