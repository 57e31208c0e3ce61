package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.SyntheticData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GanTrainerTest {
    @TempDir
    Path dir;

    @Test
    void fewStepsChangeEveryTrainableTensorAndKeepLossesFinite() throws Exception {
        TrainConfig c = TinyConfigs.tiny(12);
        ImageDataset data = SyntheticData.rectangles(128, 28, 1);
        GanTrainer.Result r = new GanTrainer(c, data, dir, null).train(false);
        assertEquals(12, r.steps());
        assertTrue(r.last().finite(), "last step losses finite: " + r.last());

        Checkpoint ck = Checkpoint.load(dir);
        assertEquals(12, ck.header().step());
        try (GanModel initial = GanModel.create(c, 1, 28, 28)) {
            int changed = 0;
            for (Map.Entry<String, NDArray> e : initial.tensors().entrySet()) {
                if (e.getKey().contains("running")) {
                    continue;
                }
                float[] before = e.getValue().toFloatArray();
                float[] after = ck.values(e.getKey());
                double diff = 0;
                for (int i = 0; i < before.length; i++) {
                    assertTrue(Float.isFinite(after[i]), e.getKey() + " finite");
                    diff = Math.max(diff, Math.abs(before[i] - after[i]));
                }
                assertTrue(diff > 1e-6, e.getKey() + " changed by training (max diff " + diff + ")");
                changed++;
            }
            assertTrue(changed >= 8, "checked " + changed + " tensors");
        }

        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE), StandardCharsets.UTF_8);
        assertEquals(12, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            assertTrue(l.startsWith("{\"step\":" + (i + 1) + ","), l);
            assertTrue(l.contains("\"lossD\":") && l.contains("\"dReal\":") && l.contains("\"dFake\":"), l);
            // r_t of the non-saturating D: a mean sign, in [-1, 1]
            double rt = Double.parseDouble(l.replaceAll(".*\"rt\":([-0-9.eE]+),.*", "$1"));
            assertTrue(rt >= -1 && rt <= 1, l);
            assertFalse(l.contains("NaN") || l.contains("Infinity"), l);
        }
        // 128 images in batches of 16: 8 steps an epoch, so grids at the end of epoch 1 and at the last step.
        assertTrue(Files.isRegularFile(dir.resolve("samples/step-0000008.png")));
        assertTrue(Files.isRegularFile(dir.resolve("samples/step-0000012.png")));
    }

    /** Listeners see every step, each epoch end right after that step, and the end of a run even when it fails. */
    @Test
    void listenersAreCalledInOrderOncePerStepAndEpoch() throws Exception {
        List<String> calls = new ArrayList<>();
        TrainingListener recorder = new TrainingListener() {
            @Override
            public void onTrainingBegin(TrainingRun run) {
                calls.add("begin " + run.startStep() + "/" + run.totalSteps());
            }

            @Override
            public void onBatch(TrainingRun run, StepMetrics step) {
                calls.add("batch " + step.step());
            }

            @Override
            public void onEpoch(TrainingRun run, StepMetrics step) {
                calls.add("epoch " + step.step());
            }

            @Override
            public void onTrainingEnd(TrainingRun run) {
                calls.add("end");
            }
        };
        TrainConfig c = TinyConfigs.tiny(10);
        List<TrainingListener> listeners = GanTrainer.defaultListeners(c);
        listeners.add(recorder);
        // 128 images in batches of 16: 8 steps an epoch
        new GanTrainer(c, SyntheticData.rectangles(128, 28, 1), dir, null, listeners).train(false);
        assertEquals(
                List.of(
                        "begin 0/10",
                        "batch 1",
                        "batch 2",
                        "batch 3",
                        "batch 4",
                        "batch 5",
                        "batch 6",
                        "batch 7",
                        "batch 8",
                        "epoch 8",
                        "batch 9",
                        "batch 10",
                        "end"),
                calls);

        calls.clear();
        TrainConfig diverging = c.toBuilder().learningRates(1e30f, 1e30f).build();
        List<TrainingListener> failing = GanTrainer.defaultListeners(diverging);
        failing.add(recorder);
        assertThrows(
                TrainingFailedException.class,
                () -> new GanTrainer(
                                diverging,
                                SyntheticData.rectangles(128, 28, 1),
                                dir.resolve("diverging"),
                                null,
                                failing)
                        .train(false));
        assertEquals(List.of("begin 0/10", "end"), calls, "the divergence check stops the step before later listeners");
    }

    @Test
    void refusesToOverwriteARunAndToResumeNothing() throws Exception {
        TrainConfig c = TinyConfigs.tiny(2);
        ImageDataset data = SyntheticData.rectangles(64, 28, 1);
        IllegalStateException nothing =
                assertThrows(IllegalStateException.class, () -> new GanTrainer(c, data, dir, null).train(true));
        assertTrue(nothing.getMessage().contains("no checkpoint"), nothing.getMessage());
        new GanTrainer(c, data, dir, null).train(false);
        IllegalStateException again =
                assertThrows(IllegalStateException.class, () -> new GanTrainer(c, data, dir, null).train(false));
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
    }

    @Test
    void divergenceStopsWithAClearMessageAndKeepsTheCheckpoint() throws IOException {
        // A learning rate of 1e30 blows the weights up within a few steps.
        TrainConfig base = TinyConfigs.tiny(40);
        TrainConfig c =
                base.toBuilder().learningRates(1e30f, 1e30f).checkpointEvery(1).build();
        ImageDataset data = SyntheticData.rectangles(64, 28, 1);
        TrainingFailedException e =
                assertThrows(TrainingFailedException.class, () -> new GanTrainer(c, data, dir, null).train(false));
        // Step 1's D update already overflows, so G's loss at step 1 is not finite and nothing was saved.
        assertTrue(e.getMessage().startsWith("losses became non-finite at step 1 "), e.getMessage());
        assertTrue(e.getMessage().contains("No checkpoint had been written yet"), e.getMessage());
        assertFalse(Checkpoint.exists(dir), "no checkpoint of a diverged state");
        List<String> lines = Files.readAllLines(dir.resolve(MetricsLog.FILE), StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), "the failing step is logged");
        // as strict JSON (no NaN or Infinity tokens): the non-finite losses are null and named
        JsonReader strict = new JsonReader(new StringReader(lines.get(0)));
        strict.setStrictness(Strictness.STRICT);
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertTrue(new Gson().getAdapter(JsonElement.class).read(strict).isJsonObject(), lines.get(0));
        assertTrue(o.get("lossG").isJsonNull(), lines.get(0));
        List<String> named = new ArrayList<>();
        o.getAsJsonArray("nonFinite").forEach(x -> named.add(x.getAsString()));
        assertTrue(named.contains("lossG"), lines.get(0));
        for (String f : named) {
            assertTrue(o.get(f).isJsonNull(), f);
        }
    }
}
