package io.ganzoo.sdk;

import ai.onnx.proto.OnnxMl;
import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Uses {@code fixtures/tiny-dcgan.onnx}: a DCGAN-28 exported by the trainer after 8 dry-run steps (latent 8). */
class GeneratorTest {
    @TempDir
    static Path dir;

    static Path tiny;
    static Generator generator;

    @BeforeAll
    static void load() throws Exception {
        tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        generator = Generator.load(tiny);
    }

    @AfterAll
    static void close() throws ModelException {
        generator.close();
    }

    static byte[][] pixels(Images im) {
        byte[][] out = new byte[im.count()][];
        for (int i = 0; i < im.count(); i++) {
            out[i] = im.bytes(i);
        }
        return out;
    }

    /** The warm-up the command line runs on a second core: never throws, races a load harmlessly, changes no pixel. */
    @Test
    void warmingUpBesideALoadChangesNothing() throws Exception {
        Thread warm = new Thread(Generator::warmUp);
        warm.start();
        byte[] a;
        try (Generator g = Generator.load("fashion-dcgan@1.1.0")) {
            a = g.sample(4, 3L).bytes(0);
        }
        warm.join(60_000);
        Generator.warmUp();
        try (Generator g = Generator.load("fashion-dcgan@1.1.0")) {
            assertArrayEquals(a, g.sample(4, 3L).bytes(0));
        }
    }

    @Test
    void readsShapeAndProvenanceFromMetadata() {
        ModelMetadata md = generator.metadata();
        assertEquals("tiny-dcgan", md.name());
        assertEquals("0.1.0", md.version());
        assertEquals(8, md.latentSize());
        assertEquals(1, md.channels());
        assertEquals(28, md.height());
        assertEquals(28, md.width());
        assertEquals("600", md.get(ModelFormat.TRAINING_STEPS));
    }

    /**
     * The agreement checks of this module and the CLI's (same seed, same bytes; resumed equals uninterrupted; shards
     * equal the whole) can only fail if the fixtures draw images that differ: the fixtures before drew a flat grey,
     * every pixel 126-128 of 255 in every image (issue 25, checks that cannot fail). They were retrained for 600 steps
     * on the synthetic rectangles; this asserts the spread first.
     */
    @Test
    void theFixturesDrawVariedImages() throws Exception {
        for (String f : new String[] {"tiny-dcgan.onnx", "tiny-cgan.onnx"}) {
            try (Generator g = Generator.load(Fixtures.copy(dir, f))) {
                Images im = g.sample(16, 3L);
                float[] px = im.pixels();
                int per = px.length / 16;
                java.util.Set<String> distinct = new java.util.HashSet<>();
                double spread = 0;
                for (int i = 0; i < 16; i++) {
                    distinct.add(java.util.Arrays.toString(im.picture(i).pixels()));
                    for (int k = 0; k < per; k++) {
                        spread = Math.max(spread, Math.abs(px[i * per + k] - px[k]));
                    }
                }
                assertEquals(16, distinct.size(), f + ": 16 different images");
                assertTrue(
                        spread > 0.5, f + ": images differ by more than a quarter of the range somewhere, " + spread);
            }
        }
    }

    @Test
    void sameSeedGivesSamePixelsAndOtherSeedsOthers() throws ModelException {
        Images a = generator.sample(20, 7L);
        Images b = generator.sample(20, 7L);
        Images c = generator.sample(20, 8L);
        assertEquals(20, a.count());
        assertArrayEquals(pixels(a), pixels(b));
        for (int i = 0; i < 20; i++) {
            assertFalse(Arrays.equals(a.floats(i), c.floats(i)), "image " + i + " differs between seeds 7 and 8");
        }
        // images within one batch differ from each other too
        assertFalse(Arrays.equals(a.floats(0), a.floats(1)));
    }

    @Test
    void batchSizeDoesNotChangeTheImages() throws ModelException {
        try (Generator small = Generator.load(
                tiny, Options.builder().optBatchSize(3).optIntraOpThreads(1).build())) {
            Images a = small.sample(10, 99L);
            Images b = generator.sample(10, 99L);
            for (int i = 0; i < 10; i++) {
                float[] x = a.floats(i);
                float[] y = b.floats(i);
                for (int j = 0; j < x.length; j++) {
                    assertEquals(y[j], x[j], 1e-6f);
                }
            }
            // image k depends only on (seed, k): the first 4 of 10 equal a sample of 4
            assertArrayEquals(pixels(small.sample(4, 99L))[3], pixels(a)[3]);
        }
    }

    /**
     * A batch too large for native memory is run as several (re-test: --batch-size 65536 of a 28x28 model reached 21 GB
     * and was killed by the kernel): 64 x 784 floats x 4 bytes = 200,704 bytes an image, 10,699 in 2 GiB; the same
     * images as any other batch size.
     */
    @Test
    void aBatchBeyondTheMemoryBudgetIsSplit() throws ModelException {
        try (Generator huge = Generator.load(
                tiny, Options.builder().optBatchSize(65536).optIntraOpThreads(1).build())) {
            assertEquals((int) ((2L << 30) / (64L * 4 * 28 * 28)), huge.batchSize());
            assertEquals(10_699, huge.batchSize());
            assertEquals(64, generator.batchSize(), "a batch within the budget is as asked");
            Images a = huge.sample(10_700, 5L);
            Images b = generator.sample(10_700, 5L);
            for (int i : new int[] {0, 10_698, 10_699}) { // the last of the first batch and the first of the second
                assertArrayEquals(b.floats(i), a.floats(i), "image " + i);
            }
        }
    }

    /** Splitting batches across threads (the default) draws what whole batches draw, for every split. */
    @Test
    void splittingBatchesAcrossThreadsDoesNotChangeTheImages() throws Exception {
        try (Generator whole = Generator.load(
                "fashion-cgan", Options.builder().optIntraOpThreads(2).build())) {
            int[] labels = new int[37];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (i * 7) % 10;
            }
            Images expected = whole.sample(labels, 5L);
            for (int threads : new int[] {2, 3, 8}) {
                for (int batch : new int[] {1, 5, 16, 64}) {
                    try (Generator split = Generator.load(
                            "fashion-cgan",
                            Options.builder()
                                    .optThreads(threads)
                                    .optBatchSize(batch)
                                    .build())) {
                        Images got = split.sample(labels, 5L);
                        for (int i = 0; i < labels.length; i++) {
                            float[] x = expected.floats(i);
                            float[] y = got.floats(i);
                            for (int j = 0; j < x.length; j++) {
                                assertEquals(x[j], y[j], 1e-5f, threads + " threads, batch " + batch + ", image " + i);
                            }
                        }
                    }
                }
            }
            Generator closed = Generator.load(
                    "fashion-dcgan", Options.builder().optThreads(4).build());
            closed.close();
            assertThrows(IllegalStateException.class, () -> closed.sample(8, 1L));
        }
    }

    @Test
    void everyEmbeddedModelLoadsWithItsOwnNameAndDrawsVariedImages() throws Exception {
        List<ModelEntry> all = Zoo.defaultZoo().list().stream()
                .filter(e -> e.modelKind() == ModelFormat.Kind.GENERATOR)
                .toList();
        assertTrue(all.size() >= 4, all.toString());
        for (ModelEntry e : all) {
            try (Generator g = Generator.load(e.name() + "@" + e.version())) {
                assertEquals(e.name(), g.metadata().name());
                assertEquals(e.version(), g.metadata().version());
                assertEquals("cgan".equals(g.metadata().family()), g.isConditional(), e.name());
                Images im = g.sample(8, 1L);
                assertFalse(Arrays.equals(im.bytes(0), im.bytes(1)), e.name() + " draws different images");
            }
        }
    }

    @Test
    void countMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generator.sample(0, 1L));
        assertTrue(e.getMessage().contains("expected at least 1, found 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> generator.sample(-3));
        assertThrows(IllegalArgumentException.class, () -> generator.generate(new float[7], 1));
    }

    @Test
    void missingFileIsNamed() {
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(dir.resolve("nope.onnx")));
        assertEquals(Reason.NOT_FOUND, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains("model file not found")
                        && e.getMessage().contains("nope.onnx"),
                e.getMessage());
    }

    @Test
    void corruptFileIsRefused() throws IOException {
        Path bad = dir.resolve("corrupt.onnx");
        byte[] bytes = Files.readAllBytes(tiny);
        Files.write(bad, Arrays.copyOf(bytes, bytes.length / 3));
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(bad));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("is not a valid ONNX model"), e.getMessage());
    }

    @Test
    void onnxModelThatIsNotAGeneratorIsRefused() throws IOException {
        Path identity = dir.resolve("identity.onnx");
        Files.write(identity, identityModel(false).toByteArray());
        ModelException e = assertThrows(ModelException.class, () -> Generator.load(identity));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains("is not a ganzoo generator")
                        && e.getMessage().contains("ganzoo.format"),
                e.getMessage());
        Path wrongIo = dir.resolve("wrong-io.onnx");
        Files.write(wrongIo, identityModel(true).toByteArray());
        ModelException e2 = assertThrows(ModelException.class, () -> Generator.load(wrongIo));
        assertEquals(Reason.MALFORMED, e2.reason(), e2.getMessage());
        assertTrue(
                e2.getMessage().contains("expected a tensor input 'z'")
                        && e2.getMessage().contains("[x]"),
                e2.getMessage());
    }

    @Test
    void unknownZooModelListsKnownModels() {
        ModelException e = assertThrows(ModelException.class, () -> Generator.load("no-such-model"));
        assertEquals(Reason.NOT_FOUND, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains("'no-such-model' not found")
                        && e.getMessage().contains("Known models"),
                e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Generator.load("Bad Name"));
        assertTrue(bad.getMessage().contains("model name"), bad.getMessage());
    }

    @Test
    void useAfterCloseThrowsIllegalState() throws ModelException {
        Generator g = Generator.load(tiny);
        g.close();
        g.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.sample(1, 1L));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    /** y = Identity(x), optionally carrying ganzoo metadata. */
    static OnnxMl.ModelProto identityModel(boolean withMetadata) {
        OnnxMl.ValueInfoProto.Builder x = OnnxMl.ValueInfoProto.newBuilder()
                .setName("x")
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                                .setDimValue(2)))));
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder()
                .setName("id")
                .addInput(x)
                .addOutput(x.clone().setName("y"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Identity")
                        .addInput("x")
                        .addOutput("y"))
                .build();
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setGraph(g)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13));
        if (withMetadata) {
            m.addMetadataProps(entry(ModelFormat.SCHEMA, "1"));
            m.addMetadataProps(entry(ModelFormat.LATENT_SIZE, "2"));
            m.addMetadataProps(entry(ModelFormat.IMAGE_SHAPE, "1,1,2"));
        }
        return m.build();
    }

    static OnnxMl.StringStringEntryProto entry(String k, String v) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
}
