package io.ganzoo.demo;

import android.graphics.Bitmap;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Picture;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

import static org.junit.Assert.assertEquals;

/**
 * The converter's bitmaps hold the sdk's bytes, pixel for pixel, in Android's own Bitmap (Robolectric's native
 * graphics: the real Android implementation, not a shadow).
 */
@RunWith(DemoTestRunner.class)
@Config(sdk = 34)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class BitmapsTest {
    @Test
    public void greyModelPixelsAreTheSdkBytes() throws Exception {
        try (Generator g = Generator.load("fashion-dcgan")) {
            Images images = g.sample(DemoState.COUNT, 7L);
            assertEquals(1, images.channels());
            check("fashion-dcgan grid", images.grid(DemoState.COLUMNS));
            check("fashion-dcgan image 5", images.picture(5));
            // grey: every pixel r = g = b = the sdk's byte
            byte[] bytes = images.bytes(5);
            int[] px = Pixels.of(Bitmaps.of(images.picture(5)));
            for (int i = 0; i < bytes.length; i++) {
                int v = Byte.toUnsignedInt(bytes[i]);
                assertEquals("pixel " + i, 0xff000000 | v * 0x010101, px[i]);
            }
        }
    }

    @Test
    public void colourModelPixelsAreTheSdkBytes() throws Exception {
        try (Generator g = Generator.load("stacked-mnist-dcgan")) {
            Images images = g.sample(DemoState.COUNT, 11L);
            assertEquals(3, images.channels());
            check("stacked-mnist-dcgan grid", images.grid(DemoState.COLUMNS));
            byte[] bytes = images.bytes(9);
            int[] px = Pixels.of(Bitmaps.of(images.picture(9)));
            for (int i = 0; i < px.length; i++) {
                assertEquals("red of pixel " + i, Byte.toUnsignedInt(bytes[3 * i]), px[i] >>> 16 & 0xff);
                assertEquals("green of pixel " + i, Byte.toUnsignedInt(bytes[3 * i + 1]), px[i] >>> 8 & 0xff);
                assertEquals("blue of pixel " + i, Byte.toUnsignedInt(bytes[3 * i + 2]), px[i] & 0xff);
                assertEquals("alpha of pixel " + i, 0xff, px[i] >>> 24);
            }
        }
    }

    @Test
    public void extremeBytesSurvive() {
        byte[] grey = {0, 1, 127, (byte) 128, (byte) 254, (byte) 255};
        check("grey extremes", Picture.of(grey, 3, 2, 1));
        byte[] rgb = {0, (byte) 255, (byte) 128, (byte) 255, 0, 1, 127, (byte) 200, (byte) 255, 9, 8, 7};
        check("rgb extremes", Picture.of(rgb, 2, 2, 3));
    }

    private static void check(String what, Picture p) {
        Bitmap b = Bitmaps.of(p);
        assertEquals(what + ": width", p.width(), b.getWidth());
        assertEquals(what + ": height", p.height(), b.getHeight());
        assertEquals(what + ": config", Bitmap.Config.ARGB_8888, b.getConfig());
        Pixels.assertSamePixels(what, Pixels.expected(p), Pixels.of(b), p.width());
    }
}
