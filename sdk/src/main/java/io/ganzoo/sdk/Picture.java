package io.ganzoo.sdk;

import java.io.IOException;
import io.ganzoo.zoo.AtomicFiles;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One 8-bit image, interleaved ({@code height x width x channels}), ready to encode: a single generated sample or a
 * grid of many. Immutable.
 */
public final class Picture {
    private final byte[] pixels;
    private final int width;
    private final int height;
    private final int channels;

    Picture(byte[] pixels, int width, int height, int channels) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.channels = channels;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** 1 (grayscale) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    /** A copy of the interleaved 8-bit samples, {@code height * width * channels} bytes. */
    public byte[] pixels() {
        return Arrays.copyOf(pixels, pixels.length);
    }

    /** This picture encoded as PNG. */
    public byte[] toPng() {
        return Png.encode(pixels, width, height, channels);
    }

    /**
     * Writes this picture as a PNG file. The file appears complete or not at all: it is written to a temporary file
     * in the same folder and moved into place.
     *
     * @throws IOException when the folder does not exist or cannot be written
     */
    public void writePng(Path file) throws IOException {
        AtomicFiles.write(file, toPng());
    }
}
