package io.ganzoo.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inference graph the exporter writes (BatchNorm folded, polyphase transposed convolutions) computes what the
 * DJL network computes, passes the reference checker, and reads back into an equivalent DJL network.
 */
public class OnnxImporterTest {
    @TempDir
    Path dir;

    /** A 64x64 DCGAN generator whose first transposed convolution has 256 input channels (written as polyphase). */
    @Test
    void foldedPolyphaseExportAgreesWithDjlAndImportsBack() throws Exception {
        TrainConfig c = TrainConfig.dcgan()
                .name("test-dcgan64")
                .version("0.1.0")
                .dataset("synthetic")
                .latentSize(16)
                .ngf(32)
                .ndf(8)
                .batchSize(16)
                .epochs(1)
                .steps(1)
                .seed(3L)
                .checkpointEvery(5)
                .build();
        int n = 5;
        float[] z = Noise.standardNormal(3, 0, n, 16);
        Path onnx = dir.resolve("g64.onnx");
        float[] expected;
        try (GanModel m = GanModel.create(c, 3, 64, 64)) {
            randomizeBatchNorm(m.generator());
            expected = m.sample(z, null, n);
            OnnxExporter.write(m.generator(), 16, 0, new int[] {3, 64, 64}, metadata(c.name()), onnx);
        }
        OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(onnx));
        List<String> ops = proto.getGraph().getNodeList().stream()
                .map(OnnxMl.NodeProto::getOpType)
                .toList();
        assertFalse(ops.contains("BatchNormalization"), "BatchNorm folded: " + ops);
        assertTrue(ops.contains("DepthToSpace"), "the 256-channel ConvTranspose is polyphase: " + ops);
        assertTrue(ops.contains("ConvTranspose"), "the narrower ones stay ConvTranspose: " + ops);
        ExportTest.assertChecked(onnx);

        float[] ort;
        try (Generator g = Generator.load(onnx)) {
            ort = g.generate(z, n).floats();
        }
        assertClose(expected, ort, 1e-4, "DJL (BatchNorm, ConvTranspose2d) vs ONNX Runtime (folded, polyphase)");

        OnnxImporter.Imported imported = OnnxImporter.read(onnx);
        assertEquals(16, imported.latentSize());
        assertEquals(0, imported.classes());
        assertFalse(
                imported.layers().stream().anyMatch(l -> l instanceof Layer.BatchNorm),
                imported.layers().toString());
        assertClose(ort, djl(imported, z, null, n), 1e-4, "imported DJL network vs ONNX Runtime");
    }

    /** The zoo's files were written before folding: they import, and a re-export draws the same images. */
    @Test
    void zooGeneratorsImportAndReexportToTheSameImages() throws Exception {
        for (String name : List.of("fashion-dcgan", "fashion-cgan")) {
            byte[] bytes = Zoo.defaultZoo().fetch(name).bytes();
            OnnxMl.ModelProto old = OnnxMl.ModelProto.parseFrom(bytes);
            OnnxImporter.Imported imported = OnnxImporter.read(old);
            int n = 20;
            float[] z = Noise.standardNormal(7, 0, n, imported.latentSize());
            int[] labels = imported.classes() == 0 ? null : new int[n];
            for (int i = 0; labels != null && i < n; i++) {
                labels[i] = i % imported.classes();
            }
            Path before = dir.resolve(name + "-before.onnx");
            Files.write(before, bytes);
            Path after = dir.resolve(name + "-after.onnx");
            OnnxExporter.write(OnnxImporter.reexport(old, Map.of()), after);
            float[] viaDjl = djl(imported, z, labels, n);
            float[] a;
            float[] b;
            try (Generator g = Generator.load(before);
                    Generator h = Generator.load(after)) {
                a = (labels == null ? g.generate(z, n) : g.generate(z, labels, n)).floats();
                b = (labels == null ? h.generate(z, n) : h.generate(z, labels, n)).floats();
                assertEquals(g.metadata().name(), h.metadata().name());
            }
            assertClose(a, b, 1e-4, name + ": ONNX Runtime before vs after re-export");
            assertClose(a, viaDjl, 1e-4, name + ": ONNX Runtime vs the imported DJL network");
            ExportTest.assertChecked(after);
        }
    }

    static float[] djl(OnnxImporter.Imported imported, float[] z, int[] labels, int n) {
        try (NDManager manager = Torch.newManager()) {
            Network net = imported.network(manager);
            NDArray in = manager.create(z, new Shape(n, imported.latentSize()));
            if (labels != null) {
                in = in.concat(manager.create(labels).oneHot(imported.classes()), 1);
            }
            return net.block()
                    .forward(new ParameterStore(manager, false), new NDList(in), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Running statistics and affine parameters far from their initial values, so that folding is exercised. */
    static void randomizeBatchNorm(Network net) {
        SplittableRandom r = new SplittableRandom(5);
        for (Parameter p : net.parameters().values()) {
            String name = p.getName();
            float[] v = new float[(int) p.getArray().size()];
            boolean positive = name.equals("runningVar") || name.equals("gamma");
            boolean bn = positive || name.equals("runningMean") || name.equals("beta");
            if (!bn) {
                continue;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = positive ? (float) (0.3 + r.nextDouble()) : (float) (r.nextDouble() - 0.5) * 0.4f;
            }
            p.getArray().set(v);
        }
    }

    static Map<String, String> metadata(String name) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
        md.put(ModelFormat.NAME, name);
        md.put(ModelFormat.VERSION, "0.1.0");
        md.put(ModelFormat.LATENT_SIZE, "16");
        md.put(ModelFormat.LATENT_PRIOR, ModelFormat.PRIOR_NORMAL);
        md.put(ModelFormat.IMAGE_SHAPE, "3,64,64");
        md.put(ModelFormat.VALUE_RANGE, "-1,1");
        return md;
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": sizes");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(max <= tolerance, what + ": max abs difference " + max + " (" + Torch.environment() + ")");
    }
}
