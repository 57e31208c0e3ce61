package io.ganzoo.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the bytes the exporter writes: generators (28x28 and 64x64, unconditional and conditional, inference graph
 * and one-node-per-layer graph) and the evaluator classifier, built from fixed layer lists with weights drawn from a
 * fixed {@link SplittableRandom} (not from PyTorch's generator), so the expected SHA-256 of each file's bytes
 * (producer_version cleared) does not depend on the engine, the machine or the ganzoo version.
 *
 * <p>A failure means the exporter writes different files. If that is intended (a new graph form), check the new
 * files (written to {@code trainer/target/export-golden/}) with ONNX Runtime and the reference checker against the
 * old ones, then update the hashes here and say so in the commit message.
 */
public class ExportGoldenTest {
    static final int LATENT = 8;
    static final int CLASSES = 4;

    /** The expected SHA-256 of each variant's bytes. */
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("g28", "c26c9efbedd5d0a7c20c3806b2e3a99f6ba4868f835f19c7d8d305e3202c9839"),
            Map.entry("g28-layers", "59a9b8dd613a4bdc484fc9baede39e34b9677e6e0a2ddf4faf64cd402e82e0af"),
            Map.entry("g28-cond", "6dcba13287c4c9709f337c3d476a3eb16d8a22bcb3565a3367f552bb5432d6ff"),
            Map.entry("g28-cond-layers", "01f0e4950efcb3d7a01c673e23b4e88e11ceaf1be3b8bc2c663e89623c7aa775"),
            Map.entry("g64", "2c34ddc2285808d5ed468855de3e654639903cf7c28f47c011b30e11555c7e18"),
            Map.entry("g64-layers", "4a70df977f0f1db10827d24024ff2815e9a6cec8f3f8f1c2d460437a049210da"),
            Map.entry("g64-cond", "9336d68f28e3e86f3932bddb30aeba07060408a3b49fda01c833c5fc7d40b4f9"),
            Map.entry("classifier28", "4bf4cf58bc7f874879df9c34606fc4339a7f20a6b942fbbdaa139c285001667c"));

    @Test
    void exportedBytesAreThePinnedOnes() throws Exception {
        Path out = Path.of("target", "export-golden");
        Files.createDirectories(out);
        Map<String, String> actual = new LinkedHashMap<>();
        try (NDManager manager = Torch.newManager()) {
            for (boolean inference : new boolean[] {true, false}) {
                String suffix = inference ? "" : "-layers";
                actual.put(
                        "g28" + suffix,
                        generator(manager, generator28(16), 0, 28, inference, out.resolve("g28" + suffix + ".onnx")));
                actual.put(
                        "g28-cond" + suffix,
                        generator(
                                manager,
                                generator28(16),
                                CLASSES,
                                28,
                                inference,
                                out.resolve("g28-cond" + suffix + ".onnx")));
            }
            actual.put("g64", generator(manager, generator64(16), 0, 64, true, out.resolve("g64.onnx")));
            actual.put("g64-layers", generator(manager, generator64(16), 0, 64, false, out.resolve("g64-layers.onnx")));
            actual.put(
                    "g64-cond", generator(manager, generator64(16), CLASSES, 64, true, out.resolve("g64-cond.onnx")));
            Network c = network(manager, classifier(10), new Shape(1, 1, 28, 28), 11);
            OnnxMl.ModelProto m =
                    OnnxExporter.buildClassifier(c, new int[] {1, 28, 28}, 10, 12, 128, metadata("classifier"));
            actual.put("classifier28", save(m, out.resolve("classifier28.onnx")));
        }
        for (String variant : actual.keySet()) {
            ExportTest.assertChecked(out.resolve(variant + ".onnx"));
        }
        assertEquals(
                new TreeMap<>(EXPECTED),
                new TreeMap<>(actual),
                "SHA-256 of the exported files (written to " + out.toAbsolutePath() + ")");
    }

    private static String generator(
            NDManager manager, List<Layer> layers, int classes, int size, boolean inference, Path file)
            throws Exception {
        Network g = network(manager, layers, new Shape(1, LATENT + classes), 17 + size + classes);
        int[] shape = {layers.get(layers.size() - 2) instanceof Layer.ConvTranspose c ? c.filters() : 0, size, size};
        return save(OnnxExporter.build(g, LATENT, classes, shape, metadata("g" + size), inference), file);
    }

    /** Writes the file and returns the SHA-256 of its bytes with producer_version (the ganzoo version) cleared. */
    private static String save(OnnxMl.ModelProto m, Path file) throws Exception {
        OnnxExporter.write(m, file);
        byte[] pinned = m.toBuilder().clearProducerVersion().build().toByteArray();
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pinned));
    }

    /** A network with every parameter drawn from {@code seed}; BatchNorm statistics and scales away from 0 and 1. */
    static Network network(NDManager manager, List<Layer> layers, Shape input, long seed) {
        Network net = new Network(layers);
        net.block().initialize(manager, DataType.FLOAT32, input);
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : net.parameters().values()) {
            boolean positive = p.getName().equals("runningVar") || p.getName().equals("gamma");
            float[] v = new float[Math.toIntExact(p.getArray().size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = positive ? (float) (0.3 + r.nextDouble()) : (float) ((r.nextDouble() - 0.5) * 0.4);
            }
            p.getArray().set(v);
        }
        return net;
    }

    static Map<String, String> metadata(String name) {
        Map<String, String> md = new LinkedHashMap<>();
        md.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
        md.put(ModelFormat.NAME, name);
        md.put(ModelFormat.VERSION, "1.0.0");
        md.put(ModelFormat.CREATED, "2024-01-01T00:00:00Z");
        return md;
    }

    /** The 28x28 DCGAN generator (as nn.Dcgan.generator28 builds it), one channel. */
    static List<Layer> generator28(int ngf) {
        return List.of(
                new Layer.Dense(2 * ngf * 7 * 7, false),
                new Layer.BatchNorm(),
                new Layer.Relu(),
                new Layer.Reshape(2L * ngf, 7, 7),
                new Layer.ConvTranspose(ngf, 4, 2, 1, false),
                new Layer.BatchNorm(),
                new Layer.Relu(),
                new Layer.ConvTranspose(1, 4, 2, 1, true),
                new Layer.Tanh());
    }

    /** The 64x64 DCGAN generator (as nn.Dcgan.generator64 builds it), three channels. */
    static List<Layer> generator64(int ngf) {
        List<Layer> g = new ArrayList<>(List.of(
                new Layer.Dense(8 * ngf * 4 * 4, false),
                new Layer.BatchNorm(),
                new Layer.Relu(),
                new Layer.Reshape(8L * ngf, 4, 4)));
        for (int mult : new int[] {4, 2, 1}) {
            g.addAll(List.of(
                    new Layer.ConvTranspose(mult * ngf, 4, 2, 1, false), new Layer.BatchNorm(), new Layer.Relu()));
        }
        g.addAll(List.of(new Layer.ConvTranspose(3, 4, 2, 1, true), new Layer.Tanh()));
        return g;
    }

    /** The evaluator classifier (as eval.ClassifierTrainer.layers builds it); features are layer 12's output. */
    static List<Layer> classifier(int classes) {
        List<Layer> l = new ArrayList<>();
        for (int[] c : new int[][] {{32, 3, 1}, {64, 4, 2}, {128, 4, 2}}) {
            l.addAll(List.of(
                    new Layer.Conv(c[0], c[1], c[2], 1, false), new Layer.BatchNorm(), new Layer.LeakyRelu(0.1f)));
        }
        l.addAll(List.of(
                new Layer.Flatten(),
                new Layer.Dense(128, false),
                new Layer.BatchNorm(),
                new Layer.LeakyRelu(0.1f),
                new Layer.Dense(classes, true)));
        return l;
    }
}
