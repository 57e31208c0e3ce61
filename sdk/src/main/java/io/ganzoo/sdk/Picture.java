package io.ganzoo.sdk;

import io.ganzoo.zoo.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One 8-bit image, interleaved ({@code height x width x channels}), ready to encode: a single generated sample or a
 * grid of many. Immutable.
 */
public final class Picture {
    private final byte[] pixels;
    private final int width;
    private final int height;
    private final int channels;
    private final java.util.Map<String, String> text;

    Picture(byte[] pixels, int width, int height, int channels) {
        this(pixels, width, height, channels, java.util.Collections.<String, String>emptyMap());
    }

    private Picture(byte[] pixels, int width, int height, int channels, java.util.Map<String, String> text) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.text = text;
    }

    /**
     * This picture with textual metadata, written into its PNG as {@code tEXt}/{@code iTXt} chunks before the image
     * data, in the map's order (e.g. {@link Provenance}); the pixels are shared, not copied.
     *
     * @param text keywords (1-79 printable Latin-1 characters, PNG 1.2 section 4.2.3) and their text
     * @throws IllegalArgumentException for a keyword PNG does not take
     */
    public Picture withText(java.util.Map<String, String> text) {
        java.util.Map<String, String> copy = new java.util.LinkedHashMap<>(text);
        for (String keyword : copy.keySet()) {
            Png.checkKeyword(keyword); // now, not at write time
        }
        return new Picture(pixels, width, height, channels, java.util.Collections.unmodifiableMap(copy));
    }

    /** The textual metadata {@link #toPng} writes (unmodifiable; empty for none). */
    public java.util.Map<String, String> text() {
        return text;
    }

    /**
     * The textual chunks ({@code tEXt}, uncompressed {@code iTXt}) of a PNG file's bytes, in file order, e.g. the
     * {@link Provenance} ganzoo writes.
     *
     * @throws IllegalArgumentException when {@code png} is not a PNG or is cut short
     */
    public static java.util.Map<String, String> textOf(byte[] png) {
        return Png.text(png);
    }

    /**
     * A picture of interleaved 8-bit samples (not copied), e.g. {@link Images#bytes(int)}.
     *
     * @param channels 1 (grayscale), 3 (RGB) or 4 (RGBA)
     */
    public static Picture of(byte[] pixels, int width, int height, int channels) {
        if (width <= 0
                || height <= 0
                || (channels != 1 && channels != 3 && channels != 4)
                || pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException(
                    "picture: expected width, height > 0, 1, 3 or 4 channels and width x height"
                            + " x channels bytes, found " + width + "x" + height + "x" + channels + " and "
                            + pixels.length + " bytes");
        }
        return new Picture(pixels, width, height, channels);
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Samples per pixel: 1 (grayscale), 3 (RGB) or 4 (RGBA), as {@link #of} accepts. */
    public int channels() {
        return channels;
    }

    /** A copy of the interleaved 8-bit samples, {@code height * width * channels} bytes. */
    public byte[] pixels() {
        return Arrays.copyOf(pixels, pixels.length);
    }

    /** This picture enlarged {@code factor} times, each pixel becoming a {@code factor x factor} block. */
    public Picture scaled(int factor) {
        // in double: the product in long wraps round for factors near 2^31 (a 4294967234-pixel-wide PNG was written)
        double values = (double) width * height * channels * factor * factor;
        if (factor < 1 || values > Integer.MAX_VALUE - 8) {
            int most = (int) Math.max(
                    1, Math.floor(Math.sqrt((Integer.MAX_VALUE - 8.0) / ((double) width * height * channels))));
            throw new IllegalArgumentException("scale: expected 1 to " + most + " for a " + width + "x" + height
                    + " picture (one array holds at most " + (Integer.MAX_VALUE - 8) + " values), found " + factor);
        }
        if (factor == 1) {
            return this;
        }
        int w = width * factor;
        byte[] out = new byte[w * height * factor * channels];
        for (int y = 0; y < height * factor; y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(
                        pixels, ((y / factor) * width + x / factor) * channels, out, (y * w + x) * channels, channels);
            }
        }
        return new Picture(out, w, height * factor, channels, text);
    }

    /**
     * Frames of equal size as an animated PNG (APNG: played by every current browser; viewers without APNG show the
     * first frame), with the first frame's {@link #text()}.
     *
     * @param frameMillis how long each frame shows, 1 to 65535 ms
     * @param plays       how many times to play, 0 for a loop forever
     */
    public static byte[] toAnimatedPng(List<Picture> frames, int frameMillis, int plays) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("animation: expected at least one frame");
        }
        if (frameMillis < 1 || frameMillis > 65535 || plays < 0) {
            throw new IllegalArgumentException("animation: expected 1..65535 ms per frame and plays >= 0, found "
                    + frameMillis + " ms and " + plays);
        }
        Picture first = frames.get(0);
        List<byte[]> data = new ArrayList<>();
        for (Picture p : frames) {
            if (p.width != first.width || p.height != first.height || p.channels != first.channels) {
                throw new IllegalArgumentException("animation: every frame must be " + first.width + "x" + first.height
                        + "x" + first.channels + ", found " + p.width + "x" + p.height + "x" + p.channels);
            }
            data.add(p.pixels);
        }
        // the first frame's text is the animation's (Picture#withText)
        return Png.encodeAnimated(data, first.width, first.height, first.channels, frameMillis, plays, first.text);
    }

    /** Writes {@link #toAnimatedPng} to a file, complete or not at all. */
    public static void writeAnimatedPng(List<Picture> frames, int frameMillis, int plays, Path file)
            throws IOException {
        AtomicFiles.write(file, toAnimatedPng(frames, frameMillis, plays));
    }

    /** This picture encoded as PNG. */
    public byte[] toPng() {
        return Png.encode(pixels, width, height, channels, text);
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
