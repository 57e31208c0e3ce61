package io.ganzoo.demo;

import io.ganzoo.sdk.Picture;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ArgbPixelsTest {
    @Test
    void greyBecomesOpaqueEqualChannels() {
        byte[] grey = {0, 1, (byte) 128, (byte) 255};
        assertArrayEquals(
                new int[] {0xff000000, 0xff010101, 0xff808080, 0xffffffff}, ArgbPixels.of(Picture.of(grey, 2, 2, 1)));
    }

    @Test
    void rgbKeepsItsChannelsInOrder() {
        byte[] rgb = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 1, 2, 3};
        assertArrayEquals(
                new int[] {0xffff0000, 0xff00ff00, 0xff0000ff, 0xff010203}, ArgbPixels.of(Picture.of(rgb, 4, 1, 3)));
    }

    @Test
    void rgbaKeepsItsAlpha() {
        byte[] rgba = {1, 2, 3, 4, (byte) 200, (byte) 201, (byte) 202, (byte) 255};
        assertArrayEquals(new int[] {0x04010203, 0xffc8c9ca}, ArgbPixels.of(Picture.of(rgba, 1, 2, 4)));
    }
}
