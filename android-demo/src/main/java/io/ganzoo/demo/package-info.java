/**
 * The Android demo: on-device sampling of the zoo's generators. The logic is plain Java that the JVM tests
 * ({@link io.ganzoo.demo.DemoState} what the screen asks for, {@link io.ganzoo.demo.Studio} the pictures of it with one
 * open generator, {@link io.ganzoo.demo.DemoModel} the screen's state and worker thread, {@link
 * io.ganzoo.demo.ArgbPixels} the sdk's bytes as colour ints); the Android classes are thin ({@link
 * io.ganzoo.demo.MainActivity} the views, {@link io.ganzoo.demo.Bitmaps} one call to {@code Bitmap.createBitmap}).
 */
package io.ganzoo.demo;
