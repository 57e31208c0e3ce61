package io.ganzoo.trainer.train;

import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.nn.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hinge loss with a spectrally normalised D trains through the ordinary loop, keeps u and v in its checkpoints, and a
 * run interrupted after a checkpoint resumes to the weights (and u, v) of an uninterrupted one.
 */
class SpectralNormTrainingTest {
    @TempDir
    Path dir;

    @Test
    void hingeWithSpectralNormTrainsAndResumesExactly() throws Exception {
        TrainConfig c = TinyConfigs.tiny(20).toBuilder()
                .objective(ObjectiveType.HINGE)
                .spectralNorm(true)
                .checkpointEvery(10)
                .build();
        assertFalse(c.discriminatorBatchNorm(), "a spectrally normalised D has no BatchNorm");
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            List<Layer> d = m.discriminator().layers();
            assertEquals(
                    List.of(
                            new Layer.SpectralNorm(new Layer.Conv(8, 4, 2, 1, true)),
                            new Layer.LeakyRelu(0.2f),
                            new Layer.SpectralNorm(new Layer.Conv(16, 4, 2, 1, true)),
                            new Layer.LeakyRelu(0.2f),
                            new Layer.Flatten(),
                            new Layer.SpectralNorm(new Layer.Dense(1, true))),
                    d);
            assertTrue(m.tensors().containsKey("D.0.u") && m.tensors().containsKey("D.5.v"));
            assertFalse(m.tensors().keySet().stream().anyMatch(k -> k.startsWith("G.") && k.endsWith(".u")));
        }
        ImageDataset data = SyntheticData.rectangles(128, 28, 1);

        Path straight = dir.resolve("straight");
        GanTrainer.Result r = new GanTrainer(c, data, straight, null).train(false);
        assertEquals(20, r.steps());
        assertTrue(r.last().finite(), "last step losses finite: " + r.last());

        Path cut = dir.resolve("cut");
        List<TrainingListener> listeners = GanTrainer.defaultListeners(c);
        listeners.add(new TrainingListener() {
            @Override
            public void onBatch(TrainingRun run, StepMetrics step) {
                if (step.step() == 13) {
                    throw new IllegalStateException("interrupted at step 13");
                }
            }
        });
        assertThrows(IllegalStateException.class, () -> new GanTrainer(c, data, cut, null, listeners).train(false));
        long at = Checkpoint.load(cut).header().step();
        assertTrue(at >= 10 && at < 20, "interrupted run's checkpoint at step " + at);
        new GanTrainer(c, data, cut, null).train(true);

        Checkpoint a = Checkpoint.load(cut);
        Checkpoint b = Checkpoint.load(straight);
        assertEquals(20, a.header().step());
        assertEquals(b.names(), a.names());
        assertTrue(b.names().contains("D.2.u"), b.names().toString());
        float[] u0 = null;
        for (String name : b.names()) {
            float[] x = a.values(name);
            float[] y = b.values(name);
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
            assertEquals(0, max, 1e-5, name + ": resumed vs uninterrupted, max abs difference");
        }
        try (GanModel fresh = GanModel.create(c, 1, 28, 28)) {
            u0 = fresh.tensors().get("D.0.u").toFloatArray();
        }
        float[] u20 = b.values("D.0.u");
        double moved = 0;
        for (int i = 0; i < u0.length; i++) {
            moved = Math.max(moved, Math.abs(u0[i] - u20[i]));
        }
        assertTrue(moved > 1e-3, "training moved u (max change " + moved + ")");
    }
}
