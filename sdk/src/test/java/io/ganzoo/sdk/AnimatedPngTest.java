package io.ganzoo.sdk;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnimatedPngTest {
    record Chunk(String type, byte[] data) {}

    static List<Chunk> chunks(byte[] png) {
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        List<Chunk> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[len];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            assertEquals((int) crc.getValue(), b.getInt(), "CRC of " + new String(type, StandardCharsets.US_ASCII));
            out.add(new Chunk(new String(type, StandardCharsets.US_ASCII), data));
        }
        return out;
    }

    /** Inflates a frame and undoes the "Up" filter. */
    static byte[] pixels(byte[] zlib, int w, int h, int ch) throws Exception {
        Inflater inf = new Inflater();
        inf.setInput(zlib);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inf.finished()) {
            raw.write(buf, 0, inf.inflate(buf));
        }
        byte[] r = raw.toByteArray();
        int stride = w * ch;
        byte[] px = new byte[h * stride];
        for (int y = 0; y < h; y++) {
            assertEquals(2, r[y * (stride + 1)], "filter Up");
            for (int x = 0; x < stride; x++) {
                int above = y == 0 ? 0 : px[(y - 1) * stride + x];
                px[y * stride + x] = (byte) (r[y * (stride + 1) + 1 + x] + above);
            }
        }
        return px;
    }

    @Test
    void framesSequenceAndTimingFollowTheApngSpecification() throws Exception {
        Random rnd = new Random(3);
        List<Picture> frames = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            byte[] px = new byte[9 * 7];
            rnd.nextBytes(px);
            frames.add(new Picture(px, 9, 7, 1));
        }
        byte[] apng = Picture.toAnimatedPng(frames, 120, 0);
        List<Chunk> cs = chunks(apng);
        assertEquals(
                List.of(
                        "IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "fcTL", "fdAT", "fcTL", "fdAT", "fcTL", "fdAT",
                        "IEND"),
                cs.stream().map(Chunk::type).toList());
        ByteBuffer actl = ByteBuffer.wrap(cs.get(1).data());
        assertEquals(5, actl.getInt());
        assertEquals(0, actl.getInt(), "loops forever");
        int expectedSequence = 0;
        int frame = 0;
        for (int i = 2; i < cs.size() - 1; i += 2) {
            ByteBuffer fctl = ByteBuffer.wrap(cs.get(i).data());
            assertEquals(expectedSequence++, fctl.getInt());
            assertEquals(9, fctl.getInt());
            assertEquals(7, fctl.getInt());
            assertEquals(0, fctl.getInt());
            assertEquals(0, fctl.getInt());
            assertEquals(120, fctl.getShort());
            assertEquals(1000, fctl.getShort());
            byte[] data = cs.get(i + 1).data();
            if (frame > 0) {
                ByteBuffer fd = ByteBuffer.wrap(data);
                assertEquals(expectedSequence++, fd.getInt());
                data = Arrays.copyOfRange(data, 4, data.length);
            }
            assertArrayEquals(frames.get(frame).pixels(), pixels(data, 9, 7, 1), "frame " + frame);
            frame++;
        }
        // A viewer without APNG support sees the first frame as an ordinary PNG.
        BufferedImage first = ImageIO.read(new ByteArrayInputStream(apng));
        assertEquals(frames.get(0).pixels()[10] & 0xff, first.getRaster().getSample(1, 1, 0));
    }

    @Test
    void framesMustMatchAndTimingMustFit() {
        Picture a = new Picture(new byte[4], 2, 2, 1);
        Picture b = new Picture(new byte[6], 3, 2, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Picture.toAnimatedPng(List.of(a, b), 100, 0));
        assertTrue(e.getMessage().contains("every frame must be 2x2x1, found 3x2x1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Picture.toAnimatedPng(List.of(a), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Picture.toAnimatedPng(List.of(), 100, 0));
    }

    @Test
    void scalingRepeatsEachPixel() {
        Picture p = new Picture(new byte[] {1, 2, 3, 4}, 2, 2, 1).scaled(2);
        assertEquals(4, p.width());
        assertArrayEquals(new byte[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, p.pixels());
    }
}
