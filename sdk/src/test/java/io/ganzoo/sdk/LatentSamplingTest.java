package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Latents, streaming, threads and devices on {@code fixtures/tiny-dcgan.onnx} (latent 8) and the tiny cGAN. */
class LatentSamplingTest {
    @TempDir
    static Path dir;

    static Path tiny;
    static Generator generator;

    @BeforeAll
    static void load() throws Exception {
        tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        generator = Generator.load(tiny, Options.builder().optBatchSize(16).build());
    }

    @AfterAll
    static void close() throws ModelException {
        generator.close();
    }

    @Test
    void labelsInTurnAreKModClassesEvenWhereFirstPlusKWouldOverflow() {
        long[] firsts = {0, 1, 9, 10, 123_456_789_012L, Long.MAX_VALUE - 2, Long.MAX_VALUE};
        for (long first : firsts) {
            for (int classes : new int[] {1, 3, 10, 1000}) {
                int[] got = Generator.labelsInTurn(first, 7, classes);
                for (int k = 0; k < 7; k++) {
                    // the reference in exact arithmetic: (first + k) mod classes
                    long want = java.math.BigInteger.valueOf(first)
                            .add(java.math.BigInteger.valueOf(k))
                            .mod(java.math.BigInteger.valueOf(classes))
                            .longValue();
                    assertEquals(want, got[k], "first " + first + ", k " + k + ", classes " + classes);
                }
            }
        }
        assertEquals(0, Generator.labelsInTurn(5, 0, 10).length);
        assertThrows(IllegalArgumentException.class, () -> Generator.labelsInTurn(-1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> Generator.labelsInTurn(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Generator.labelsInTurn(0, -1, 10));
    }

    @Test
    void generatingTheSeedsLatentsIsSampling() throws ModelException {
        Latents z = generator.latents(10, 7L);
        assertEquals(8, z.size());
        assertArrayEquals(GeneratorTest.pixels(generator.sample(10, 7L)), GeneratorTest.pixels(generator.generate(z)));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> generator.generate(Latents.sample(2, 100, 1L)));
        assertTrue(e.getMessage().contains("takes vectors of 8 floats, found 100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> generator.generate(z, 1), "unconditional: no labels");
        // Truncated latents are more alike than untruncated ones: their images vary less.
        assertTrue(spread(generator.generate(generator.latents(64, 3L, 0.3f)))
                < spread(generator.generate(generator.latents(64, 3L))));
    }

    /** Mean per-pixel standard deviation across images. */
    static double spread(Images im) {
        int size = im.floats(0).length;
        double total = 0;
        for (int p = 0; p < size; p++) {
            double s = 0;
            double sq = 0;
            for (int i = 0; i < im.count(); i++) {
                double v = im.floats(i)[p];
                s += v;
                sq += v * v;
            }
            double mean = s / im.count();
            total += Math.sqrt(Math.max(0, sq / im.count() - mean * mean));
        }
        return total / size;
    }

    @Test
    void aDirectionScoredOnTheImagesMovesTheImagesThatWay() throws ModelException {
        // On the embedded fashion-dcgan: score 400 latents by the mean brightness of their images; moving new latents
        // along the direction from the darkest to the brightest quarter brightens their images, moving against it
        // darkens them.
        try (Generator real = Generator.load("fashion-dcgan")) {
            brightnessDirection(real);
        }
    }

    static void brightnessDirection(Generator generator) throws ModelException {
        Latents z = generator.latents(400, 11L);
        Images im = generator.generate(z);
        double[] brightness = new double[z.count()];
        for (int i = 0; i < z.count(); i++) {
            brightness[i] = mean(im.floats(i));
        }
        Latents up = Latents.direction(z, brightness, 0.25).unit();
        Latents fresh = generator.latents(50, 12L);
        double before = 0;
        double brighter = 0;
        double darker = 0;
        Images moved = generator.generate(fresh.along(up, -3f, 0f, 3f));
        for (int i = 0; i < 50; i++) {
            darker += mean(moved.floats(3 * i));
            before += mean(moved.floats(3 * i + 1));
            brighter += mean(moved.floats(3 * i + 2));
        }
        assertTrue(darker < before && before < brighter, darker + " < " + before + " < " + brighter);
        assertArrayEquals(fresh.vector(7), generator.latents(50, 12L).vector(7));
        assertThrows(IllegalArgumentException.class, () -> Latents.direction(z, new double[3], 0.25));
    }

    static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void batchesStreamTheSameImagesLazily() throws ModelException {
        Images all = generator.sample(40, 5L);
        List<byte[]> streamed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Images b : generator.batches(40, 5L)) {
            sizes.add(b.count());
            for (int i = 0; i < b.count(); i++) {
                streamed.add(b.bytes(i));
            }
        }
        assertEquals(List.of(16, 16, 8), sizes);
        assertArrayEquals(GeneratorTest.pixels(all), streamed.toArray(new byte[0][]));

        // A million images: nothing is drawn until asked for, and each batch is a fresh 16-image array.
        Iterator<Images> million = generator.batches(1_000_000, 5L).iterator();
        Images first = million.next();
        assertEquals(16, first.count());
        assertArrayEquals(all.bytes(3), first.bytes(3));
        Images second = million.next();
        assertArrayEquals(all.bytes(16), second.bytes(0));
        assertTrue(million.hasNext());
        assertThrows(IllegalArgumentException.class, () -> generator.batches(0, 1L));
    }

    @Test
    void sixteenThreadsGetExactlyWhatSequentialCallsGet() throws Exception {
        int threads = 16;
        byte[][][] expected = new byte[threads][][];
        for (int t = 0; t < threads; t++) {
            expected[t] = GeneratorTest.pixels(generator.sample(37, 1000L + t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<byte[][][]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 1000L + t;
                Callable<byte[][][]> job = () -> {
                    start.await();
                    byte[][][] r = new byte[5][][];
                    for (int rep = 0; rep < 5; rep++) {
                        r[rep] = GeneratorTest.pixels(generator.sample(37, seed));
                    }
                    return r;
                };
                results.add(pool.submit(job));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                for (byte[][] rep : results.get(t).get()) {
                    assertArrayEquals(expected[t], rep, "thread " + t);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cudaOnTheCpuBuildIsAClearErrorUnlessTheFallbackIsAllowed() throws ModelException {
        Options cuda = Options.builder().optDevice(Device.cuda(0)).build();
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(tiny, cuda));
        assertEquals(Reason.DEVICE, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("CUDA was asked for (cuda:0) but the ONNX Runtime on the classpath is the CPU"
                                + " build"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("onnxruntime_gpu") && e.getMessage().contains("optCpuFallback(true)"),
                e.getMessage());
        try (Generator g = Generator.load(
                tiny,
                Options.builder().optDevice(Device.cuda(0)).optCpuFallback(true).build())) {
            assertEquals(Device.cpu(), g.device());
            assertArrayEquals(GeneratorTest.pixels(generator.sample(3, 1L)), GeneratorTest.pixels(g.sample(3, 1L)));
        }
        assertEquals(Device.cuda(1), Device.parse("cuda:1"));
        assertEquals(Device.cpu(), Device.parse("CPU"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertTrue(bad.getMessage().contains("expected cpu, cuda or cuda:N"), bad.getMessage());
    }

    @Test
    void conditionalModelsTakeLatentsWithLabels() throws Exception {
        Path cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
        try (Generator g = Generator.load(cgan)) {
            Latents z = g.latents(6, 4L);
            assertArrayEquals(GeneratorTest.pixels(g.sample(6, 4L, 2)), GeneratorTest.pixels(g.generate(z, 2)));
            int[] labels = {0, 1, 2, 0, 1, 2};
            assertArrayEquals(GeneratorTest.pixels(g.sample(labels, 4L)), GeneratorTest.pixels(g.generate(z, labels)));
            assertThrows(IllegalArgumentException.class, () -> g.generate(z), "conditional: labels needed");
            assertFalse(
                    Arrays.equals(g.generate(z, 0).bytes(0), g.generate(z, 1).bytes(0)));
        }
    }
}
