package io.ganzoo.trainer.export;

import ai.djl.engine.Engine;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.Noise;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.GanTrainer;
import io.ganzoo.trainer.train.TinyConfigs;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

public class ExportTest {
    @TempDir
    static Path dir;

    static Path exported(TrainConfig c) throws Exception {
        Path onnx = dir.resolve("g.onnx");
        if (!Files.exists(onnx)) {
            // Train a little so BatchNorm statistics and weights are no longer at their initial values.
            new GanTrainer(c, SyntheticData.rectangles(128, 28, 2), dir.resolve("run"), null).train(false);
            try (GanModel m = GanModel.create(c, 1, 28, 28)) {
                Checkpoint.load(dir.resolve("run")).restore(m.tensors());
                GeneratorExport.write(m, c.steps(), 1.5, List.of(), Map.of(), onnx);
            }
        }
        return onnx;
    }

    @Test
    void onnxRuntimeAgreesWithTheDjlGeneratorWithin1e4() throws Exception {
        TrainConfig c = TinyConfigs.tiny(20);
        Path onnx = exported(c);
        int n = 37; // not a multiple of the sdk's batch size
        float[] z = Noise.standardNormal(11, 0, n, c.latentSize());
        float[] expected;
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            Checkpoint.load(dir.resolve("run")).restore(m.tensors());
            expected = m.sample(z, null, n);
        }
        try (Generator g =
                Generator.load(onnx, Options.builder().optBatchSize(16).build())) {
            Images im = g.generate(z, n);
            double max = 0;
            for (int i = 0; i < n; i++) {
                float[] a = im.floats(i);
                for (int j = 0; j < a.length; j++) {
                    max = Math.max(max, Math.abs(a[j] - expected[i * a.length + j]));
                }
            }
            assertTrue(
                    max <= 1e-4, "max abs difference DJL vs ONNX Runtime: " + max + " (" + Torch.environment() + ")");
            ModelMetadata md = g.metadata();
            assertEquals("test-dcgan", md.name());
            assertEquals(16, md.latentSize());
            assertEquals(1, md.channels());
            assertEquals(28, md.height());
            assertEquals("20", md.get(ModelFormat.TRAINING_STEPS));
            assertEquals("3", md.get(ModelFormat.TRAINING_SEED));
            assertEquals("non-saturating", md.get(ModelFormat.OBJECTIVE));
            assertEquals(c, TrainConfig.fromJson(md.get(ModelFormat.TRAINING_CONFIG)));
            assertTrue(
                    md.get(ModelFormat.TOOL_VERSIONS).contains("\"djl\":\"" + Engine.getDjlVersion() + "\""),
                    md.get(ModelFormat.TOOL_VERSIONS));
        }
    }

    @Test
    void conditionalGeneratorExportsWithALabelInputThatAgreesWithDjl() throws Exception {
        TrainConfig base = TinyConfigs.tiny(6);
        TrainConfig c = base.toBuilder().name("test-cgan").family(Family.CGAN).build();
        Path run = dir.resolve("cgan-run");
        new GanTrainer(c, SyntheticData.rectangles(128, 28, 2), run, null).train(false);
        Path onnx = dir.resolve("cgan.onnx");
        int n = 9;
        int[] labels = {0, 1, 2, 3, 3, 2, 1, 0, 2};
        float[] z = Noise.standardNormal(5, 0, n, c.latentSize());
        float[] expected;
        try (GanModel m = GanModel.create(c, 1, 28, 28, SyntheticData.CLASSES.size())) {
            Checkpoint.load(run).restore(m.tensors());
            GeneratorExport.write(m, 6, 1.0, SyntheticData.CLASSES, Map.of(), onnx);
            expected = m.sample(z, labels, n);
        }
        try (Generator g = Generator.load(onnx)) {
            assertEquals(SyntheticData.CLASSES, g.classes());
            Images im = g.generate(z, labels, n);
            double max = 0;
            for (int i = 0; i < n; i++) {
                float[] a = im.floats(i);
                for (int j = 0; j < a.length; j++) {
                    max = Math.max(max, Math.abs(a[j] - expected[i * a.length + j]));
                }
            }
            assertTrue(
                    max <= 1e-4,
                    "max abs difference DJL vs ONNX Runtime (conditional): " + max + " (" + Torch.environment() + ")");
        }
        assertChecked(onnx);
    }

    @Test
    void referenceOnnxCheckerAcceptsTheFile() throws Exception {
        assertChecked(exported(TinyConfigs.tiny(20)));
    }

    public static void assertChecked(Path onnx) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean ci = System.getenv("CI") != null;
        boolean available = Files.isExecutable(python)
                && new ProcessBuilder(python.toString(), "-c", "import onnx")
                                .start()
                                .waitFor()
                        == 0;
        // CI installs python3-onnx (.ci/run) and must run this check; elsewhere it runs when the checker is there.
        assumeTrue(available || ci, "python3-onnx not installed: apt-get install python3-onnx");
        Process p = new ProcessBuilder(
                        python.toString(),
                        "-c",
                        "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True);"
                                + " print('opset', m.opset_import[0].version, 'ir', m.ir_version)",
                        onnx.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "onnx.checker.check_model(full_check=True) output: " + out);
        assertTrue(out.contains("opset 13 ir 8"), out);
    }

    @Test
    void graphHasTheDocumentedSignature() throws Exception {
        ai.onnx.proto.OnnxMl.ModelProto m =
                ai.onnx.proto.OnnxMl.ModelProto.parseFrom(Files.readAllBytes(exported(TinyConfigs.tiny(20))));
        assertEquals(
                List.of(ModelFormat.LATENT_INPUT),
                m.getGraph().getInputList().stream().map(v -> v.getName()).toList());
        assertEquals(
                List.of("image"),
                m.getGraph().getOutputList().stream().map(v -> v.getName()).toList());
        assertEquals(
                "batch",
                m.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(0)
                        .getDimParam());
        assertTrue(m.getMetadataPropsList().stream().anyMatch(e -> e.getKey().equals(ModelFormat.SCHEMA)));
    }
}
