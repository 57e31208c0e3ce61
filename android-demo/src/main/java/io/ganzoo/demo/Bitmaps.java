package io.ganzoo.demo;

import android.graphics.Bitmap;
import io.ganzoo.sdk.Picture;

/** The sdk's pictures as Android bitmaps: the pixels of {@link ArgbPixels}, no {@code java.awt}. */
public final class Bitmaps {
    private Bitmaps() {}

    /** A new {@code ARGB_8888} bitmap of the picture, pixel for pixel. */
    public static Bitmap of(Picture p) {
        return Bitmap.createBitmap(ArgbPixels.of(p), p.width(), p.height(), Bitmap.Config.ARGB_8888);
    }
}
