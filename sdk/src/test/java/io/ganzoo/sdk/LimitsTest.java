package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizes that overflowed or exhausted memory (sample -n 100000000: integer overflow; -n 2000000: OutOfMemoryError;
 * -n 10000000 refused only after 91 s and 4 GB; a latent size of 2e9 or an image of 1x100000x100000 in the metadata)
 * and thread counts that never finished: all refused up front, before anything large is allocated.
 */
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void countsThatCannotFitAreRefusedBeforeAllocating() throws Exception {
        try (Generator g = Generator.load("fashion-dcgan")) {
            for (int n : new int[] {100_000_000, Integer.MAX_VALUE}) {
                long t0 = System.nanoTime();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.sample(n, 1L));
                assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused at once");
                assertTrue(
                        e.getMessage().contains("do not fit in one array")
                                && e.getMessage().contains("batches(n, seed)"),
                        e.getMessage());
            }
            long max = Runtime.getRuntime().maxMemory();
            int tooMany = (int) Math.min(Integer.MAX_VALUE / 784 - 1, max / (100 * 4 + 784 * 5) + 1000);
            IllegalArgumentException memory = assertThrows(IllegalArgumentException.class, () -> g.sample(tooMany, 1L));
            assertTrue(
                    memory.getMessage().contains("MB at once, and this JVM can take about")
                            && memory.getMessage().contains("ganzoo render"),
                    memory.getMessage());
        }
    }

    @Test
    void absurdMetadataIsAModelErrorAtLoad() throws Exception {
        byte[] tiny = Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx"));
        Path shape = dir.resolve("shape.onnx");
        Files.write(shape, OnnxBytes.withMetadata(tiny, ModelFormat.IMAGE_SHAPE, "1,100000,100000"));
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(shape));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains("is 1x100000x100000 = 10000000000 values per image, more than ganzoo runs"),
                e.getMessage());
        Path wraps = dir.resolve("wraps.onnx"); // the product passes 2^64 and wraps round to 784 in long
        Files.write(wraps, OnnxBytes.withMetadata(tiny, ModelFormat.IMAGE_SHAPE, "5059460,3725308,20552879"));
        ModelException w = assertThrows(ModelException.class, () -> Generator.load(wraps));
        assertEquals(Reason.MALFORMED, w.reason(), w.getMessage());
        assertTrue(w.getMessage().contains("values per image, more than ganzoo runs"), w.getMessage());
        Path infinite = dir.resolve("infinite.onnx");
        Files.write(infinite, OnnxBytes.withMetadata(tiny, ModelFormat.VALUE_RANGE, "-Infinity,Infinity"));
        ModelException inf = assertThrows(ModelException.class, () -> Generator.load(infinite));
        assertEquals(Reason.MALFORMED, inf.reason(), inf.getMessage());
        assertTrue(inf.getMessage().contains("must be 'min,max', finite, with max > min"), inf.getMessage());
        Path latent = dir.resolve("latent.onnx");
        Files.write(latent, OnnxBytes.withMetadata(tiny, ModelFormat.LATENT_SIZE, "2000000000"));
        ModelException l = assertThrows(ModelException.class, () -> Generator.load(latent));
        assertEquals(Reason.MALFORMED, l.reason(), l.getMessage());
        assertTrue(
                l.getMessage().contains("'" + ModelFormat.LATENT_SIZE + "' is 2000000000, more than any generator"),
                l.getMessage());
    }

    @Test
    void threadCountsAreCappedAtEightPerCore() {
        int cores = Runtime.getRuntime().availableProcessors();
        Options.builder().optThreads(8 * cores).build();
        for (int threads : new int[] {8 * cores + 1, 1000, 100_000, -1}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Options.builder().optThreads(threads));
            assertEquals(
                    "threads: expected 0 (one per core) to " + 8 * cores + " (8 per core on this machine's " + cores
                            + "), found " + threads,
                    e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Options.builder().optIntraOpThreads(threads));
        }
        assertThrows(IllegalArgumentException.class, () -> Options.builder().optBatchSize(1 << 20));
    }

    /**
     * A model whose weights point to another file: loaded from bytes, ONNX Runtime resolved the location against the
     * working directory (a hash-verified zoo model copied 64 bytes of a local file into its output). Refused for files
     * and zoo models alike, for generators and classifiers, before ONNX Runtime sees the model.
     */
    @Test
    void modelsWithExternalDataAreRefused() throws Exception {
        byte[] tiny = Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx"));
        assertEquals(null, ModelScan.scan(tiny).external());
        for (String location : new String[] {"weights/w.bin", "../../etc/passwd", "/etc/passwd"}) {
            Path external = dir.resolve("external.onnx");
            Files.write(external, OnnxBytes.withExternalInitializer(tiny, location));
            assertEquals(location, ModelScan.scan(Files.readAllBytes(external)).external());
            ModelException e = assertThrows(ModelException.class, () -> Generator.load(external));
            assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
            assertTrue(
                    e.getMessage().contains("keeps tensor values in another file ('" + location + "'")
                            && e.getMessage().contains("ganzoo loads only self-contained models"),
                    e.getMessage());
            ModelException c = assertThrows(ModelException.class, () -> Classifier.load(external.toString()));
            assertEquals(Reason.UNSUPPORTED, c.reason(), c.getMessage());
            ModelException m = assertThrows(ModelException.class, () -> ModelMetadata.read(external));
            assertEquals(Reason.UNSUPPORTED, m.reason(), m.getMessage());
        }
    }

    /** A model with its batch axis fixed at 1 loaded, then failed with ONNX Runtime's raw "Got: 32 Expected: 1". */
    @Test
    void aBatchAxisFixedAtOneRunsOneImageAtATimeAndOtherFixedSizesAreRefused() throws Exception {
        Path tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        byte[] bytes = Files.readAllBytes(tiny);
        Path one = dir.resolve("batch-1.onnx");
        Files.write(one, OnnxBytes.withFixedBatch(bytes, 1));
        try (Generator free = Generator.load(tiny);
                Generator fixed = Generator.load(one)) {
            Images a = free.sample(37, 5L);
            Images b = fixed.sample(37, 5L);
            Assertions.assertArrayEquals(a.pixels(), b.pixels(), 1e-6f);
        }
        Path four = dir.resolve("batch-4.onnx");
        Files.write(four, OnnxBytes.withFixedBatch(bytes, 4));
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(four));
        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains("input 'z' has its batch axis fixed at 4 ([4, ")
                        && e.getMessage().contains("Export it with a free batch axis"),
                e.getMessage());
    }

    /** --scale 2147483647 wrote an 84-byte PNG claiming 4294967234 x 4294967234 pixels, with exit 0. */
    @Test
    void scaleFactorsThatOverflowAreRefused() {
        Picture p = new Picture(new byte[242 * 242], 242, 242, 1);
        for (int factor : new int[] {Integer.MAX_VALUE, 153_391_689, 1 << 16, 0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.scaled(factor));
            assertTrue(e.getMessage().startsWith("scale: expected 1 to 191 for a 242x242 picture"), e.getMessage());
        }
        assertEquals(242 * 2, p.scaled(2).width());
    }
}
