package io.ganzoo.demo;

import android.graphics.Bitmap;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Picture;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Measures one 64-image batch as the screen draws it, on the JVM under Robolectric (ONNX Runtime's desktop build on
 * this machine's CPU, Android's Bitmap from Robolectric): the batch itself, and the grid turned into a Bitmap. Writes
 * target/android-demo-measurements.txt. A phone's speed is not measured here (no device, no emulator).
 */
@RunWith(DemoTestRunner.class)
@Config(sdk = 34)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class BatchTimingTest {
    private static final int RUNS = 30;

    @Test
    public void oneBatchOf64() throws Exception {
        StringBuilder report = new StringBuilder();
        for (String model : new String[] {"fashion-dcgan", "stacked-mnist-dcgan"}) {
            try (Studio studio = new Studio()) {
                DemoState s = DemoState.of(model, 7L);
                long cold = studio.sample(s).nanos();
                for (int i = 0; i < 5; i++) {
                    studio.sample(s.withSeed(100 + i));
                }
                long[] batch = new long[RUNS];
                long[] bitmap = new long[RUNS];
                for (int i = 0; i < RUNS; i++) {
                    Studio.Sample r = studio.sample(s.withSeed(i));
                    batch[i] = r.nanos();
                    long t0 = System.nanoTime();
                    Bitmap b = Bitmaps.of(r.grid());
                    bitmap[i] = System.nanoTime() - t0;
                    assertEquals(r.grid().width(), b.getWidth());
                }
                Generator g = studio.current();
                Images check = g.sample(DemoState.COUNT, 7L);
                assertEquals(DemoState.COUNT, check.count());
                Picture grid = check.grid(DemoState.COLUMNS);
                assertTrue(median(batch) > 0);
                String line = String.format(
                        Locale.ROOT,
                        "%s: one batch of 64 (%dx%dx%d), %d threads: median %.1f ms, min %.1f ms, first (cold) %.1f ms;"
                                + " grid %dx%d to Bitmap: median %.2f ms%n",
                        g.source(),
                        check.channels(),
                        check.height(),
                        check.width(),
                        Runtime.getRuntime().availableProcessors(),
                        median(batch) / 1e6,
                        Arrays.stream(batch).min().getAsLong() / 1e6,
                        cold / 1e6,
                        grid.width(),
                        grid.height(),
                        median(bitmap) / 1e6);
                System.out.print("[android-demo] " + line);
                report.append(line);
            }
        }
        Path out = Paths.get(System.getProperty("demo.out", "target"), "android-demo-measurements.txt");
        Files.write(out, report.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
