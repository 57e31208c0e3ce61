package io.ganzoo.demo;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.graphics.drawable.BitmapDrawable;
import android.graphics.drawable.Drawable;
import io.ganzoo.cli.Main;
import io.ganzoo.sdk.Picture;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** Test helpers: pixels of bitmaps and PNGs as comparable arrays, and the {@code ganzoo} command line. */
final class Pixels {
    private Pixels() {}

    /** The bitmap's colour ints, row after row. */
    static int[] of(Bitmap b) {
        int[] out = new int[b.getWidth() * b.getHeight()];
        b.getPixels(out, 0, b.getWidth(), 0, 0, b.getWidth(), b.getHeight());
        return out;
    }

    static Bitmap bitmap(Drawable d) {
        assertTrue("expected a picture, found " + d, d instanceof BitmapDrawable);
        return ((BitmapDrawable) d).getBitmap();
    }

    /**
     * A PNG's pixels as colour ints, decoded by Android's own decoder (grey as r = g = b; the sdk's PNGs carry no
     * colour profile or gamma, so the samples come out as written).
     */
    static int[] ofPng(Path png) {
        return of(decode(png));
    }

    static int width(Path png) {
        return decode(png).getWidth();
    }

    private static Bitmap decode(Path png) {
        Bitmap b = BitmapFactory.decodeFile(png.toString());
        assertTrue("Android decodes " + png, b != null);
        return b;
    }

    /** Runs {@code ganzoo ARGS -o out} and returns {@code out}; fails the test on a non-zero exit code. */
    static Path ganzoo(Path out, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-o");
        all.add(out.toString());
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(new String[0]));
        if (code != 0) {
            fail("ganzoo " + String.join(" ", all) + " exited with " + code + ": " + err);
        }
        assertTrue(Files.isRegularFile(out));
        return out;
    }

    /** The picture's bytes as colour ints, computed here without {@link ArgbPixels}. */
    static int[] expected(Picture p) {
        byte[] b = p.pixels();
        int ch = p.channels();
        int[] out = new int[p.width() * p.height()];
        for (int i = 0; i < out.length; i++) {
            int r = Byte.toUnsignedInt(b[i * ch]);
            int g = Byte.toUnsignedInt(b[i * ch + (ch == 1 ? 0 : 1)]);
            int bl = Byte.toUnsignedInt(b[i * ch + (ch == 1 ? 0 : 2)]);
            out[i] = (255 << 24) + (r << 16) + (g << 8) + bl;
        }
        return out;
    }

    /** Equal arrays, or a message naming the first differing pixel. */
    static void assertSamePixels(String what, int[] expected, int[] actual, int width) {
        assertEquals(what + ": pixel count", expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + ": pixel (" + (i % width) + ", " + (i / width) + ") expected #"
                        + Integer.toHexString(expected[i]) + ", found #" + Integer.toHexString(actual[i]));
            }
        }
    }
}
