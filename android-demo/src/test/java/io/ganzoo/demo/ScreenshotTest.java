package io.ganzoo.demo;

import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.graphics.Rect;
import android.os.Looper;
import android.view.View;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

/**
 * The screen drawn by Android's own view code on the JVM (Robolectric's native graphics), saved as
 * target/android-demo-screen.png: the picture in android-demo/README.md is a copy of it. The grid's area must hold the
 * generated images, not an empty view.
 */
@RunWith(DemoTestRunner.class)
@Config(sdk = 34, qualifiers = "w400dp-h860dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class ScreenshotTest {
    @Test
    public void theScreenDrawsTheGrid() throws Exception {
        ActivityController<MainActivity> c =
                Robolectric.buildActivity(MainActivity.class).setup();
        MainActivity screen = c.get();
        try {
            for (int i = 0; i < 4; i++) {
                screen.model.awaitIdle(60, TimeUnit.SECONDS);
                shadowOf(Looper.getMainLooper()).idleFor(Duration.ofMillis(20));
            }
            View root = screen.getWindow().getDecorView();
            Bitmap shot = Bitmap.createBitmap(root.getWidth(), root.getHeight(), Bitmap.Config.ARGB_8888);
            root.draw(new Canvas(shot));
            Path out = Paths.get(System.getProperty("demo.out", "target"), "android-demo-screen.png");
            try (OutputStream o = Files.newOutputStream(out)) {
                assertTrue(shot.compress(Bitmap.CompressFormat.PNG, 100, o));
            }
            assertEquals("xhdpi: 2 pixels per dp", 800, shot.getWidth());

            Rect r = new Rect();
            assertTrue(screen.image.getGlobalVisibleRect(r));
            Set<Integer> greys = new HashSet<>();
            int[] px = new int[r.width() * r.height()];
            shot.getPixels(px, 0, r.width(), r.left, r.top, r.width(), r.height());
            for (int p : px) {
                int red = p >>> 16 & 0xff;
                int green = p >>> 8 & 0xff;
                int blue = p & 0xff;
                assertTrue("fashion-dcgan is grey: #" + Integer.toHexString(p), red == green && green == blue);
                greys.add(red);
            }
            assertTrue("the grid's area shows images (" + greys.size() + " grey levels)", greys.size() > 100);
        } finally {
            c.pause().stop().destroy();
            screen.model.awaitClosed(30, TimeUnit.SECONDS);
        }
    }
}
