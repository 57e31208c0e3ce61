package io.ganzoo.trainer.train;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.cli.TrainerCli;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.export.GeneratorExport;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The residual backbone through the ordinary loop: hinge loss, a spectrally normalised D penalised by lazy R1 + R2 on
 * DiffAugment'ed images, a moving average of G's weights. It trains, its checkpoints hold the nested parameters, a run
 * interrupted after a checkpoint resumes to the weights (and u, v, average) of an uninterrupted one, and the export of
 * the average samples through the sdk. {@code --backbone resnet} selects it on the command line.
 */
class ResnetTrainingTest {
    @TempDir
    Path dir;

    static TrainConfig config() {
        return TinyConfigs.tiny(10).toBuilder()
                .name("test-resnet")
                .backbone(BackboneType.RESNET)
                .objective(ObjectiveType.HINGE)
                .spectralNorm(true)
                .r1r2Gamma(0.5f)
                .r1r2Interval(2)
                .augment("translation,cutout")
                .emaHalfLife(200)
                .checkpointEvery(5)
                .build();
    }

    @Test
    void trainsWithSpectralNormEmaAndR1AndResumesExactly() throws Exception {
        TrainConfig c = config();
        ImageDataset data = SyntheticData.rectangles(256, 28, 1); // 16 steps an epoch: one sample grid, at the end
        Map<String, float[]> initial = new LinkedHashMap<>();
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            assertTrue(m.discriminator().layers().get(0) instanceof Layer.Residual, "D starts with a residual block");
            m.tensors().forEach((k, v) -> initial.put(k, v.toFloatArray()));
        }
        assertTrue(
                initial.keySet().containsAll(List.of("G.2.main.3.weight", "D.1.shortcut.0.u", "Gema.2.main.3.weight")),
                initial.keySet().toString());

        Path straight = dir.resolve("straight");
        GanTrainer.Result r = new GanTrainer(c, data, straight, null).train(false);
        assertEquals(10, r.steps());
        assertTrue(r.last().finite(), "last step losses finite: " + r.last());

        Path cut = dir.resolve("cut");
        List<TrainingListener> listeners = GanTrainer.defaultListeners(c);
        listeners.add(new TrainingListener() {
            @Override
            public void onBatch(TrainingRun run, StepMetrics step) {
                if (step.step() == 7) {
                    throw new IllegalStateException("interrupted at step 7");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> new GanTrainer(c, data, cut, null, listeners).train(false));
        assertEquals(5, Checkpoint.load(cut).header().step());
        new GanTrainer(c, data, cut, null).train(true);

        Checkpoint a = Checkpoint.load(cut);
        Checkpoint b = Checkpoint.load(straight);
        assertEquals(10, a.header().step());
        assertEquals(b.names(), a.names());
        int moved = 0;
        for (String name : b.names()) {
            float[] x = a.values(name);
            float[] y = b.values(name);
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
            assertEquals(0, max, 1e-5, name + ": resumed vs uninterrupted, max abs difference");
            float[] before = initial.get(name);
            if (before != null && !name.contains("running")) {
                double change = 0;
                for (int i = 0; i < before.length; i++) {
                    change = Math.max(change, Math.abs(before[i] - y[i]));
                }
                moved += change > 1e-6 ? 1 : 0;
            }
        }
        assertTrue(moved > initial.size() / 2, "training moved " + moved + " of " + initial.size() + " tensors");

        // the export holds the average with standing statistics, and the sdk samples it
        Path onnx = dir.resolve("resnet.onnx");
        GeneratorExport.writeRun(straight, onnx);
        try (Generator g = Generator.load(onnx)) {
            assertEquals("ema", g.metadata().get(ModelFormat.TRAINING_WEIGHTS));
            assertEquals(
                    BackboneType.RESNET,
                    TrainConfig.fromJson(g.metadata().get(ModelFormat.TRAINING_CONFIG))
                            .backbone());
            float[] px =
                    g.generate(Noise.standardNormal(1, 0, 4, c.latentSize()), 4).floats();
            assertEquals(4 * 28 * 28, px.length);
            for (float v : px) {
                assertTrue(v >= -1 && v <= 1, "pixel in [-1, 1]: " + v);
            }
        }
    }

    @Test
    void theCommandLineSelectsTheResidualBackbone() throws Exception {
        Path out = dir.resolve("cli");
        int code = TrainerCli.commandLine()
                .execute(
                        "train",
                        "--dry-run",
                        "--backbone",
                        "resnet",
                        "--steps",
                        "2",
                        "--batch-size",
                        "8",
                        "--ngf",
                        "4",
                        "--ndf",
                        "4",
                        "--latent",
                        "8",
                        "-q",
                        "-o",
                        out.toString());
        assertEquals(0, code);
        Checkpoint ck = Checkpoint.load(out);
        assertEquals(BackboneType.RESNET, ck.header().config().backbone());
        assertEquals(2, ck.header().step());
        assertTrue(ck.names().contains("G.2.shortcut.1.weight") && ck.names().contains("D.0.main.0.weight"));
    }
}
