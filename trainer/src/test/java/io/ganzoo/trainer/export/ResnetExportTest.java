package io.ganzoo.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.trainer.train.BackboneType;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.TinyConfigs;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Residual generators (28x28 and 64x64, unconditional and conditional) export to ONNX files the reference checker
 * accepts, whose images through the sdk (ONNX Runtime) are those of the trainer's own forward pass within 1e-4; the
 * files read back into residual layers that draw the same images, and re-export to the same images.
 */
class ResnetExportTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}x{0}, conditional {1}")
    @CsvSource({"28, false", "28, true", "64, false", "64, true"})
    void sdkSamplesWhatTheTrainerComputesAndTheFileImportsBack(int size, boolean conditional) throws Exception {
        int channels = size == 28 ? 1 : 3;
        TrainConfig c = TinyConfigs.tiny(1).toBuilder()
                .name("test-resnet" + size)
                .backbone(BackboneType.RESNET)
                .family(conditional ? Family.CGAN : Family.DCGAN)
                .build();
        int classes = conditional ? SyntheticData.CLASSES.size() : 0;
        int n = 7;
        float[] z = Noise.standardNormal(11, 0, n, c.latentSize());
        int[] labels = conditional ? new int[] {0, 1, 2, 3, 2, 1, 0} : null;
        Path onnx = dir.resolve("g" + size + (conditional ? "c" : "") + ".onnx");
        float[] expected;
        try (GanModel m = GanModel.create(c, channels, size, size, classes)) {
            assertTrue(m.generator().layers().stream().anyMatch(l -> l instanceof Layer.Residual));
            calibrate(m);
            expected = m.sample(z, labels, n);
            OnnxExporter.write(
                    m.generator(),
                    c.latentSize(),
                    m.classes(),
                    new int[] {channels, size, size},
                    GeneratorExport.metadata(m, 1, 1.0, conditional ? SyntheticData.CLASSES : List.of(), Map.of()),
                    onnx);
        }
        double spread = 0;
        for (float v : expected) {
            spread = Math.max(spread, Math.abs(v));
        }
        assertTrue(spread > 0.2 && spread < 1, "images neither flat nor saturated (max |x| " + spread + ")");

        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        List<String> ops = proto.getGraph().getNodeList().stream()
                .map(OnnxMl.NodeProto::getOpType)
                .toList();
        assertTrue(ops.contains("Add") && ops.contains("Resize"), ops.toString());
        assertTrue(ModelFormat.OPERATORS.containsAll(ops), "the model-file contract's operators: " + ops);
        // each block's second BatchNorm follows a convolution and is folded; the first follows the sum and is not
        int blocks = size == 28 ? 2 : 4;
        assertEquals(
                blocks + 1, ops.stream().filter("BatchNormalization"::equals).count(), ops.toString());
        ExportTest.assertChecked(onnx);

        float[] ort;
        try (Generator g = Generator.load(onnx)) {
            ort = (labels == null ? g.generate(z, n) : g.generate(z, labels, n)).floats();
        }
        OnnxImporterTest.assertClose(expected, ort, 1e-4, "trainer (DJL) vs sdk (ONNX Runtime), " + onnx.getFileName());

        OnnxImporter.Imported imported = OnnxImporter.read(onnx);
        assertEquals(classes, imported.classes());
        assertEquals(
                blocks,
                imported.layers().stream()
                        .filter(l -> l instanceof Layer.Residual)
                        .count(),
                imported.layers().toString());
        assertClose(ort, OnnxImporterTest.djl(imported, z, labels, n), "imported DJL network vs ONNX Runtime");
        Path again = dir.resolve("again-" + onnx.getFileName());
        OnnxExporter.write(OnnxImporter.reexport(proto, Map.of()), again);
        ExportTest.assertChecked(again);
        try (Generator g = Generator.load(again)) {
            float[] b = (labels == null ? g.generate(z, n) : g.generate(z, labels, n)).floats();
            assertClose(ort, b, "ONNX Runtime before vs after re-export");
        }
    }

    /**
     * A graph with what no backbone's generator has: average pooling, an identity shortcut, a residual layer inside
     * a residual layer, and an upsampling by 3, through export, checker, ONNX Runtime and import.
     */
    @Test
    void poolingIdentityShortcutsAndNestedBlocksExportAndImport() throws Exception {
        List<Layer> layers = List.of(
                new Layer.Dense(4 * 8 * 8, true),
                new Layer.Reshape(4, 8, 8),
                new Layer.Residual(
                        List.of(
                                new Layer.Relu(),
                                new Layer.Conv(4, 3, 1, 1, false),
                                new Layer.BatchNorm(),
                                new Layer.Residual(
                                        List.of(new Layer.LeakyRelu(0.2f), new Layer.Conv(4, 3, 1, 1, true)),
                                        List.of())),
                        List.of()),
                new Layer.Residual(
                        List.of(new Layer.Conv(6, 3, 1, 1, true), new Layer.Relu(), new Layer.AvgPool(2)),
                        List.of(new Layer.AvgPool(2), new Layer.Conv(6, 1, 1, 0, false))),
                new Layer.Upsample(3),
                new Layer.Conv(2, 3, 1, 1, true),
                new Layer.Tanh()); // state: 2 x 12 x 12
        int n = 5;
        float[] z = Noise.standardNormal(2, 0, n, 10);
        Path onnx = dir.resolve("toy.onnx");
        float[] expected;
        try (NDManager m = Torch.newManager()) {
            Network g = ExportGoldenTest.network(m, layers, new Shape(1, 10), 3);
            NDArray in = m.create(z, new Shape(n, 10));
            expected = g.block()
                    .forward(new ParameterStore(m, false), new NDList(in), false)
                    .singletonOrThrow()
                    .toFloatArray();
            Map<String, String> md = OnnxImporterTest.metadata("toy");
            md.put(ModelFormat.LATENT_SIZE, "10");
            md.put(ModelFormat.IMAGE_SHAPE, "2,12,12");
            OnnxExporter.write(g, 10, 0, new int[] {2, 12, 12}, md, onnx);
        }
        ExportTest.assertChecked(onnx);
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        List<String> names = proto.getGraph().getNodeList().stream()
                .map(OnnxMl.NodeProto::getName)
                .toList();
        assertTrue(names.contains("l2_main_l3_main_l1") && names.contains("l3_shortcut_l1"), names.toString());
        assertFalse(names.stream().anyMatch(s -> s.startsWith("l2_shortcut")), "identity shortcut: no nodes");
        float[] ort;
        try (Generator g = Generator.load(onnx)) {
            ort = g.generate(z, n).floats();
        }
        OnnxImporterTest.assertClose(expected, ort, 1e-4, "DJL vs ONNX Runtime");
        OnnxImporter.Imported imported = OnnxImporter.read(onnx);
        assertEquals(
                List.of(
                                new Layer.Dense(4 * 8 * 8, true),
                                new Layer.Reshape(4, 8, 8),
                                new Layer.Residual(
                                        List.of(
                                                new Layer.Relu(),
                                                new Layer.Conv(4, 3, 1, 1, true), // the BatchNorm folded in
                                                new Layer.Residual(
                                                        List.of(
                                                                new Layer.LeakyRelu(0.2f),
                                                                new Layer.Conv(4, 3, 1, 1, true)),
                                                        List.of())),
                                        List.of()),
                                layers.get(3),
                                new Layer.Upsample(3),
                                new Layer.Conv(2, 3, 1, 1, true),
                                new Layer.Tanh())
                        .toString()
                        .replaceAll("\\[J@\\w+", ""),
                imported.layers().toString().replaceAll("\\[J@\\w+", ""));
        assertClose(ort, OnnxImporterTest.djl(imported, z, null, n), "imported DJL network vs ONNX Runtime");
    }

    /**
     * Weights of a trained-looking generator: N(0, 1/fan-in) weights, biases and BatchNorm scales away from their
     * initial values, and BatchNorm statistics measured on 512 latent vectors, so the images are neither flat nor
     * saturated and folding moves real statistics.
     */
    static void calibrate(GanModel m) {
        Network g = m.generator();
        SplittableRandom r = new SplittableRandom(13);
        for (Parameter p : g.parameters().values()) {
            float[] v = new float[Math.toIntExact(p.getArray().size())];
            long[] shape = p.getArray().getShape().getShape();
            String name = p.getName();
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (name) {
                    case "weight" -> (float) (gaussian(r) / Math.sqrt((double) v.length / shape[0]));
                    case "gamma" -> (float) (0.5 + r.nextDouble());
                    case "runningVar" -> 1f;
                    case "runningMean" -> 0f;
                    default -> (float) ((r.nextDouble() - 0.5) * 0.4);
                };
            }
            p.getArray().set(v);
        }
        int batch = 512;
        int latent = m.config().latentSize();
        try (NDManager sm = m.manager().newSubManager()) {
            NDArray in = sm.create(Noise.standardNormal(99, 0, batch, latent), new Shape(batch, latent));
            if (m.classes() > 0) {
                int[] labels = new int[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = i % m.classes();
                }
                in = in.concat(sm.create(labels).oneHot(m.classes()).toType(DataType.FLOAT32, false), 1);
            }
            g.measureBatchNormStatistics(new ParameterStore(sm, false), in);
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        OnnxImporterTest.assertClose(expected, actual, 1e-4, what);
    }
}
