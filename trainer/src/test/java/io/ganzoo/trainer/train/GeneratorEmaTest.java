package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.trainer.export.GeneratorExport;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The moving average of G's weights against a float64 loop, its BatchNorm statistics, export and resume. */
class GeneratorEmaTest {
    @TempDir
    Path dir;

    static TrainConfig config(long steps) {
        return TinyConfigs.tiny(steps).toBuilder()
                .emaHalfLife(200)
                .emaRampup(0.05f)
                .build();
    }

    @Test
    void betaIsTheHalfLifeFormulaWithWarmUp() {
        // no warm-up: 0.5^(64 / 10000)
        assertEquals(Math.pow(0.5, 64 / 10000.0), GeneratorEma.beta(10, 64, 10_000, 0f), 1e-15);
        // warm-up: at step 1000, 1000 * 64 * 0.05 = 3200 images < 10000
        assertEquals(Math.pow(0.5, 64 / 3200.0), GeneratorEma.beta(1000, 64, 10_000, 0.05f), 1e-9);
        // after warm-up: step 5000 gives 16000 > 10000
        assertEquals(Math.pow(0.5, 64 / 10000.0), GeneratorEma.beta(5000, 64, 10_000, 0.05f), 1e-15);
        // the first step with warm-up: half-life 3.2 images
        assertEquals(Math.pow(0.5, 64 / 3.2), GeneratorEma.beta(1, 64, 10_000, 0.05f), 1e-9);
    }

    @Test
    void lagIsTheMeanAgeOfTheAveragedWeightsSummedInFloat64() {
        for (long[] c : new long[][] {{10_000, 64}, {500, 64}, {64, 64}, {1_000_000, 32}}) {
            double beta = Math.pow(0.5, c[1] / (double) c[0]);
            // a weight k steps old holds (1 - beta) beta^k of the average
            double age = 0;
            double w = 1 - beta;
            for (long k = 0; k < 10_000_000 && w > 1e-300; k++, w *= beta) {
                age += k * w;
            }
            assertEquals(age, GeneratorEma.lagSteps(c[0], (int) c[1]), 1e-6 * age, Arrays.toString(c));
        }
        // 10,000 images at batch 64: about 156 / ln 2 = 225 steps
        assertEquals(225, GeneratorEma.lagSteps(10_000, 64), 1);
    }

    @Test
    void updatesEqualAFloat64Loop() {
        TrainConfig c = config(10);
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            List<Parameter> params = m.generator().trainable();
            List<double[]> expected = new ArrayList<>();
            for (Parameter p : params) {
                expected.add(toDouble(p.getArray().toFloatArray()));
            }
            SplittableRandom r = new SplittableRandom(1);
            for (long step = 1; step <= 40; step++) {
                double beta = GeneratorEma.beta(step, c.batchSize(), c.emaHalfLife(), c.emaRampup());
                for (int k = 0; k < params.size(); k++) {
                    NDArray w = params.get(k).getArray();
                    float[] v = new float[(int) w.size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (r.nextDouble() * 2 - 1);
                    }
                    w.set(v);
                    double[] e = expected.get(k);
                    for (int i = 0; i < v.length; i++) {
                        e[i] = v[i] + beta * (e[i] - v[i]);
                    }
                }
                m.ema().update(step);
            }
            Map<String, NDArray> avg = m.ema().tensors();
            assertEquals(params.size(), avg.size(), "one average per trainable weight (no BatchNorm statistics)");
            int k = 0;
            for (NDArray a : avg.values()) {
                float[] got = a.toFloatArray();
                double[] e = expected.get(k++);
                for (int i = 0; i < got.length; i++) {
                    assertEquals(e[i], got[i], 1e-5, "average " + k + " at " + i);
                }
            }
        }
    }

    @Test
    void averagedWeightsGetBatchNormStatisticsOfTheirOwnActivations() {
        TrainConfig c = config(10);
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            // move the average away from G so that G's own statistics would be wrong for it
            for (Parameter p : m.generator().trainable()) {
                p.getArray().muli(1.5f);
            }
            m.ema().update(1000);
            m.useEmaWeights();
            assertTrue(m.emaWeightsInUse());
            int n = GanModel.EMA_STATISTICS_SAMPLES;
            float[] z = Noise.standardNormal(GanModel.EMA_STATISTICS_SEED, 0, n, c.latentSize());
            // inference with the measured statistics == training mode (batch statistics) on the same batch
            float[] inference = m.sample(z, null, n);
            float[] batchStats;
            try (NDManager sm = m.manager().newSubManager()) {
                batchStats = m.generate(sm.create(z, new Shape(n, c.latentSize())), null, true)
                        .toFloatArray();
            }
            double max = 0;
            for (int i = 0; i < inference.length; i++) {
                max = Math.max(max, Math.abs(inference[i] - batchStats[i]));
            }
            assertTrue(max < 1e-4, "inference vs batch statistics, max abs difference " + max);
        }
    }

    @Test
    void samplingTheAverageLeavesTheTrainingWeightsAsTheyWereAndDrawsWhatAnExportDraws() {
        TrainConfig c = config(10);
        float[] z = Noise.standardNormal(5, 0, 9, c.latentSize());
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            for (Parameter p : m.generator().trainable()) {
                p.getArray().muli(0.5f);
            }
            m.ema().update(1000);
            Map<String, float[]> before = new LinkedHashMap<>();
            m.generator()
                    .parameters()
                    .forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
            float[] drawn = m.sampleEma(z, null, 9);
            m.generator()
                    .parameters()
                    .forEach((k, p) ->
                            assertArrayEquals(before.get(k), p.getArray().toFloatArray(), k + " restored exactly"));
            assertFalse(m.emaWeightsInUse());
            m.useEmaWeights();
            assertArrayEquals(m.sample(z, null, 9), drawn, 0f);
        }
    }

    @Test
    void batchNormStatisticsAreThePlainMeanAndVarianceOfEachLayersInput() {
        TrainConfig c = TinyConfigs.tiny(1);
        try (GanModel m = GanModel.create(c, 1, 28, 28)) {
            var g = m.generator();
            ParameterStore store = new ParameterStore(m.manager(), false);
            try (NDManager sm = m.manager().newSubManager()) {
                int n = 50;
                NDArray z = sm.create(Noise.standardNormal(1, 0, n, c.latentSize()), new Shape(n, c.latentSize()));
                g.measureBatchNormStatistics(store, z);
                // layer 0 is Dense, layer 1 BatchNorm over its (n, F) output
                NDArray dense = g.block()
                        .getChildren()
                        .get(0)
                        .getValue()
                        .forward(store, new NDList(z), false)
                        .singletonOrThrow();
                float[] h = dense.toFloatArray();
                int f = (int) dense.getShape().get(1);
                float[] mean = g.parameters(1).get("runningMean").getArray().toFloatArray();
                float[] var = g.parameters(1).get("runningVar").getArray().toFloatArray();
                for (int j = 0; j < f; j += 7) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += h[i * f + j];
                    }
                    double mu = s / n;
                    double v = 0;
                    for (int i = 0; i < n; i++) {
                        v += (h[i * f + j] - mu) * (h[i * f + j] - mu);
                    }
                    assertEquals(mu, mean[j], 1e-5, "mean of feature " + j);
                    assertEquals(v / n, var[j], 1e-5, "variance of feature " + j);
                }
            }
        }
    }

    @Test
    void runsWithoutAnAverageKeepNone() {
        try (GanModel m = GanModel.create(TinyConfigs.tiny(1), 1, 28, 28)) {
            assertNull(m.ema());
            assertFalse(m.tensors().keySet().stream().anyMatch(k -> k.startsWith("Gema.")));
            assertThrows(IllegalStateException.class, m::useEmaWeights);
        }
    }

    /** Stops a run with an exception after {@code step}, as a kill would (the checkpoint before it stays). */
    static final class StopAt implements TrainingListener {
        final long step;

        StopAt(long step) {
            this.step = step;
        }

        @Override
        public void onBatch(TrainingRun run, StepMetrics m) {
            if (m.step() == step) {
                throw new IllegalStateException("stopped at " + step);
            }
        }
    }

    /**
     * Trains {@code c} on 128 rectangles into {@code straight}, and into {@code stopped} stopped after step 15 (the
     * checkpoint at step 10 left) then resumed; asserts the two final checkpoints hold the same tensors (1e-5).
     *
     * @return the resumed run's final checkpoint
     */
    static Checkpoint resumesExactly(TrainConfig c, Path straight, Path stopped) throws Exception {
        var data = SyntheticData.rectangles(128, 28, 2);
        new GanTrainer(c, data, straight, null).train(false);
        List<TrainingListener> listeners = GanTrainer.defaultListeners(c);
        listeners.add(0, new StopAt(15)); // after the checkpoint at step 10
        assertThrows(IllegalStateException.class, () -> new GanTrainer(c, data, stopped, null, listeners).train(false));
        assertEquals(10, Checkpoint.load(stopped).header().step());
        new GanTrainer(c, data, stopped, null).train(true);
        Checkpoint a = Checkpoint.load(stopped);
        Checkpoint b = Checkpoint.load(straight);
        assertEquals(b.names(), a.names());
        for (String name : b.names()) {
            float[] x = a.values(name);
            float[] y = b.values(name);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-5, name + " at " + i + ": resumed vs uninterrupted");
            }
        }
        return a;
    }

    @Test
    void anAugmentedRunWithAnAverageResumesExactlyAndExportsTheAverage() throws Exception {
        TrainConfig c = config(24).toBuilder()
                .augment("color,translation,cutout")
                .checkpointEvery(10)
                .build();
        Path straight = dir.resolve("straight");
        Checkpoint a = resumesExactly(c, straight, dir.resolve("stopped"));
        assertTrue(a.names().stream().anyMatch(k -> k.startsWith("Gema.")), "the checkpoint carries the average");

        Path ema = dir.resolve("ema.onnx");
        Path raw = dir.resolve("raw.onnx");
        GeneratorExport.writeRun(straight, ema);
        GeneratorExport.writeRun(straight, raw, GeneratorExport.Weights.RAW);
        assertEquals("ema", ModelMetadata.read(ema).get(ModelFormat.TRAINING_WEIGHTS));
        assertEquals("raw", ModelMetadata.read(raw).get(ModelFormat.TRAINING_WEIGHTS));
        TrainConfig recorded = TrainConfig.fromJson(ModelMetadata.read(ema).get(ModelFormat.TRAINING_CONFIG));
        assertEquals(c, recorded);
        assertEquals(200, recorded.emaHalfLife());
        assertEquals("color,translation,cutout", recorded.augment());
    }

    @Test
    void exportingAnAverageOfARunWithoutOneSaysWhatToDo() throws Exception {
        TrainConfig c = TinyConfigs.tiny(3);
        Path run = dir.resolve("plain");
        new GanTrainer(c, SyntheticData.rectangles(64, 28, 2), run, null).train(false);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> GeneratorExport.writeRun(run, dir.resolve("x.onnx"), GeneratorExport.Weights.EMA));
        assertTrue(e.getMessage().contains("--weights raw"), e.getMessage());
        Path plain = dir.resolve("plain.onnx");
        GeneratorExport.writeRun(run, plain);
        assertNull(ModelMetadata.read(plain).get(ModelFormat.TRAINING_WEIGHTS), "no average, no weights key");
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
