package io.ganzoo.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
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
        return encode(pixels, width, height, channels, java.util.Collections.<String, String>emptyMap());
    }

    /**
     * @param text textual chunks, in order, before the image data: a keyword (1-79 printable Latin-1 characters,
     *     PNG 1.2 section 4.2.3) and its text, written as {@code tEXt} when the text is Latin-1 without control
     *     characters but line feeds, else as uncompressed {@code iTXt} (UTF-8)
     */
    static byte[] encode(byte[] pixels, int width, int height, int channels, Map<String, String> text) {
        byte[] compressed = compress(pixels, width, height, channels);
        ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length + 64);
        out.write(SIGNATURE, 0, SIGNATURE.length);
        chunk(out, "IHDR", header(width, height, channels));
        for (Map.Entry<String, String> t : text.entrySet()) {
            textChunk(out, t.getKey(), t.getValue());
        }
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
    static byte[] encodeAnimated(
            List<byte[]> frames,
            int width,
            int height,
            int channels,
            int frameMillis,
            int plays,
            Map<String, String> text) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("animation: expected at least one frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(SIGNATURE, 0, SIGNATURE.length);
        chunk(out, "IHDR", header(width, height, channels));
        byte[] actl = new byte[8];
        putInt(actl, 0, frames.size());
        putInt(actl, 4, plays);
        chunk(out, "acTL", actl); // right after IHDR, where decoders look for it
        for (Map.Entry<String, String> t : text.entrySet()) {
            textChunk(out, t.getKey(), t.getValue());
        }
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

    private static void textChunk(ByteArrayOutputStream out, String keyword, String text) {
        checkKeyword(keyword);
        textChunkChecked(out, keyword, text);
    }

    /** Refuses a keyword PNG does not take: 1-79 printable Latin-1 characters, no leading, trailing or double space. */
    static void checkKeyword(String keyword) {
        if (keyword.isEmpty()
                || keyword.length() > 79
                || !latin1(keyword, false)
                || keyword.startsWith(" ")
                || keyword.endsWith(" ")
                || keyword.contains("  ")) {
            throw new IllegalArgumentException(
                    "PNG text keyword: expected 1-79 printable Latin-1 characters, found '" + keyword + "'");
        }
    }

    private static void textChunkChecked(ByteArrayOutputStream out, String keyword, String text) {
        byte[] key = keyword.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1(text, true) && !keyword.equals("XML:com.adobe.xmp")) { // XMP goes in iTXt (XMP part 3)
            byte[] value = text.getBytes(StandardCharsets.ISO_8859_1);
            byte[] data = new byte[key.length + 1 + value.length];
            System.arraycopy(key, 0, data, 0, key.length);
            System.arraycopy(value, 0, data, key.length + 1, value.length);
            chunk(out, "tEXt", data);
        } else { // keyword, 0, compression flag 0, method 0, empty language tag, 0, empty translated keyword, 0, UTF-8
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[key.length + 5 + value.length];
            System.arraycopy(key, 0, data, 0, key.length);
            System.arraycopy(value, 0, data, key.length + 5, value.length);
            chunk(out, "iTXt", data);
        }
    }

    /** Printable Latin-1 (and line feeds, in a text), as tEXt takes it. */
    private static boolean latin1(String s, boolean lineFeeds) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff || (c < 0x20 && !(lineFeeds && c == '\n')) || (c >= 0x7f && c < 0xa1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The textual chunks of a PNG ({@code tEXt}, and {@code iTXt} without compression), in file order; a keyword given
     * twice keeps its first text. Reads chunk headers only, to {@code IEND}; checks no CRC.
     *
     * @throws IllegalArgumentException when {@code png} is not a PNG (its signature), a chunk runs past its end, or it
     *     ends before {@code IEND}
     */
    static Map<String, String> text(byte[] png) {
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png.length < SIGNATURE.length || png[i] != SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG file (its first 8 bytes are not PNG's signature)");
            }
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int p = SIGNATURE.length;
        while (p + 8 <= png.length) {
            long length = ((png[p] & 0xffL) << 24)
                    | ((png[p + 1] & 0xff) << 16)
                    | ((png[p + 2] & 0xff) << 8)
                    | (png[p + 3] & 0xff);
            String type = new String(png, p + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > png.length - p - 12L) {
                throw new IllegalArgumentException("PNG chunk " + type + " at byte " + p + " runs past the end of the"
                        + " file (" + length + " bytes): the file is cut short or damaged");
            }
            int data = p + 8;
            int end = data + (int) length;
            if (type.equals("tEXt") || type.equals("iTXt")) {
                int zero = data;
                while (zero < end && png[zero] != 0) {
                    zero++;
                }
                String key = new String(png, data, zero - data, StandardCharsets.ISO_8859_1);
                if (type.equals("tEXt") && zero < end) {
                    out.putIfAbsent(key, new String(png, zero + 1, end - zero - 1, StandardCharsets.ISO_8859_1));
                } else if (zero + 3 <= end && png[zero + 1] == 0) { // uncompressed iTXt
                    int q = zero + 3;
                    for (int skip = 0; skip < 2 && q <= end; skip++) { // language tag, translated keyword
                        while (q < end && png[q] != 0) {
                            q++;
                        }
                        q++;
                    }
                    if (q <= end) {
                        out.putIfAbsent(key, new String(png, q, end - q, StandardCharsets.UTF_8));
                    }
                }
            }
            if (type.equals("IEND")) {
                return out;
            }
            p = end + 4;
        }
        throw new IllegalArgumentException(
                "the PNG file ends at byte " + png.length + " before its IEND chunk: it is" + " cut short");
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
