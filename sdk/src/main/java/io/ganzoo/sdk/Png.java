package io.ganzoo.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A minimal PNG and APNG encoder (8-bit grayscale, RGB or RGBA, filter "Up" on every row) on {@code java.util.zip} alone, so
 * the same code runs on desktop JVMs and on Android without {@code javax.imageio} or {@code java.awt}. Uses only
 * Java 8 APIs for that reason.
 */
final class Png {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /**
     * @param pixels interleaved 8-bit samples, {@code height * width * channels}
     * @param channels 1 (gray), 3 (RGB) or 4 (RGBA)
     */
    static byte[] encode(byte[] pixels, int width, int height, int channels) {
        byte[] compressed = compress(pixels, width, height, channels);
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length + 64);
        out.write(SIGNATURE, 0, SIGNATURE.length);
        chunk(out, "IHDR", header(width, height, channels));
        chunk(out, "IDAT", compressed);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /**
     * An animated PNG (APNG, readable by every current browser; other viewers show the first frame).
     *
     * @param frames     interleaved 8-bit samples of each frame, all {@code height * width * channels}
     * @param frameMillis how long each frame shows
     * @param plays      times to play the animation, 0 for forever
     */
    static byte[] encodeAnimated(List<byte[]> frames, int width, int height, int channels, int frameMillis, int plays) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("animation: expected at least one frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SIGNATURE, 0, SIGNATURE.length);
        chunk(out, "IHDR", header(width, height, channels));
        byte[] actl = new byte[8];
        putInt(actl, 0, frames.size());
        putInt(actl, 4, plays);
        chunk(out, "acTL", actl);
        int sequence = 0;
        for (int f = 0; f < frames.size(); f++) {
            byte[] fctl = new byte[26];
            putInt(fctl, 0, sequence++);
            putInt(fctl, 4, width);
            putInt(fctl, 8, height);
            // x and y offsets 0; delay frameMillis/1000 s; dispose none, blend source
            fctl[20] = (byte) (frameMillis >>> 8);
            fctl[21] = (byte) frameMillis;
            fctl[22] = (byte) (1000 >>> 8);
            fctl[23] = (byte) (1000 & 0xff);
            chunk(out, "fcTL", fctl);
            byte[] data = compress(frames.get(f), width, height, channels);
            if (f == 0) {
                chunk(out, "IDAT", data);
            } else {
                byte[] fdat = new byte[data.length + 4];
                putInt(fdat, 0, sequence++);
                System.arraycopy(data, 0, fdat, 4, data.length);
                chunk(out, "fdAT", fdat);
            }
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] header(int width, int height, int channels) {
        int colorType = switch (channels) {
            case 1 -> 0;
            case 3 -> 2;
            case 4 -> 6;
            default -> throw new IllegalArgumentException("PNG: expected 1, 3 or 4 channels, found " + channels);
        };
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = (byte) colorType;
        return ihdr;
    }

    /** The zlib stream of a PNG image's filtered rows. */
    private static byte[] compress(byte[] pixels, int width, int height, int channels) {
        if (pixels.length != (long) width * height * channels) {
            throw new IllegalArgumentException(
                    "PNG: expected " + width + "x" + height + "x" + channels + " bytes, found " + pixels.length);
        }
        int stride = width * channels;
        byte[] raw = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) {
            int dst = y * (stride + 1);
            int src = y * stride;
            raw[dst] = 2; // filter type Up: small residuals on smooth images compress well
            for (int x = 0; x < stride; x++) {
                int above = y == 0 ? 0 : pixels[src - stride + x];
                raw[dst + 1 + x] = (byte) (pixels[src + x] - above);
            }
        }
        // One Deflater per thread, reset between images: creating one allocates about 256 KB of native zlib state,
        // which dominated the cost of encoding small images one by one.
        Deflater deflater = DEFLATER.get();
        deflater.reset();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[Math.min(1 << 16, raw.length + 64)];
        while (!deflater.finished()) {
            int n = deflater.deflate(buf);
            z.write(buf, 0, n);
        }
        return z.toByteArray();
    }

    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(6));

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] len = new byte[4];
        putInt(len, 0, data.length);
        out.write(len, 0, len.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t, 0, t.length);
        out.write(data, 0, data.length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.write(c, 0, c.length);
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
