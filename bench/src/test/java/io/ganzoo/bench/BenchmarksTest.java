package io.ganzoo.bench;

import ai.onnx.proto.OnnxMl;
import io.ganzoo.sdk.Images;
import io.ganzoo.trainer.export.OnnxImporter;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.train.BackboneType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmarks measure what they claim: both engines draw the same images from the same weights, the FLOP count
 * is the known one for the DCGAN paper's generator, the training benchmark runs real updates, and the report reads
 * JMH's JSON. (Timing itself is never asserted: figures come from bench/run, see docs/performance.md.)
 */
public class BenchmarksTest {
    @TempDir
    Path dir;

    @Test
    void sdkAndDjlDrawTheSameImagesForEveryBenchmarkedModel() throws Exception {
        for (String model : List.of("fashion-dcgan", "fashion-cgan", BenchModels.DCGAN64)) {
            float[][] out = new float[2][];
            int i = 0;
            for (String engine : List.of("ort", "djl")) {
                SamplingBenchmark b = new SamplingBenchmark();
                b.model = model;
                b.batch = 3;
                b.engine = engine;
                b.setUp();
                b.noGrad();
                Object r = b.sample();
                out[i++] = r instanceof Images im ? im.floats() : (float[]) r;
                b.tearDown();
            }
            assertEquals(out[0].length, out[1].length, model);
            // an agreement check only means something on images that vary: dcgan64 once drew 0 in every pixel
            double mean = 0;
            for (float v : out[0]) {
                mean += v / out[0].length;
            }
            double var = 0;
            for (float v : out[0]) {
                var += (v - mean) * (v - mean) / out[0].length;
            }
            assertTrue(Math.sqrt(var) > 0.01, model + ": the images barely vary (sd " + Math.sqrt(var) + ")");
            double max = 0;
            for (int k = 0; k < out[0].length; k++) {
                max = Math.max(max, Math.abs(out[0][k] - out[1][k]));
            }
            assertTrue(max < 1e-4, model + ": ONNX Runtime vs DJL max difference " + max);
        }
    }

    @Test
    void dcgan64HasThePapersMultiplyAdds() throws Exception {
        double flops = BenchModels.flopsPerImage(OnnxImporter.read(BenchModels.dcgan64()));
        // Dense 100 -> 512x4x4, then ConvT 512->256->128->64->3 (k4 s2): 2 x (819,200 + 3 x 33,554,432 + 3,145,728)
        assertEquals(2.0 * (100 * 8192 + 3 * 33_554_432L + 3_145_728), flops, 1);
        assertTrue(
                BenchModels.names().containsAll(List.of("fashion-dcgan", "stacked-mnist-rpgan", BenchModels.DCGAN64)),
                BenchModels.names().toString());
        assertTrue(!BenchModels.names().contains("fashion-classifier"), "classifiers are not sampled");
    }

    /** The residual generator's multiply-adds include both branches of its blocks. */
    @Test
    void residualGeneratorCountsBothBranches() {
        List<Layer> layers = BackboneType.RESNET.backbone().generator(10, 1, 28, 28, 4);
        List<Map<String, float[]>> none =
                layers.stream().map(l -> Map.<String, float[]>of()).toList();
        double flops = BenchModels.flopsPerImage(new OnnxImporter.Imported(layers, none, 10, 0));
        double dense = 10 * 8 * 7 * 7; // Dense 10 -> 8 x 7 x 7
        double block1 = 196 * 4 * (8 * 9 + 4 * 9 + 8); // 14 x 14: Conv3 8->4, Conv3 4->4, shortcut Conv1 8->4
        double block2 = 784 * 4 * (4 * 9 + 4 * 9 + 4); // 28 x 28: Conv3 4->4 twice, shortcut Conv1 4->4
        double out = 784 * 4 * 9; // Conv3 4->1
        assertEquals(2 * (dense + block1 + block2 + out), flops, 1e-6);
    }

    @Test
    void sgemmModelMultipliesMatrices() throws Exception {
        OnnxMl.ModelProto m = SgemmBenchmark.matMul(4);
        assertEquals("MatMul", m.getGraph().getNode(0).getOpType());
        SgemmBenchmark b = new SgemmBenchmark();
        b.n = 64;
        b.setUp();
        assertEquals(1, b.sgemm());
        b.tearDown();
    }

    @Test
    void trainingBenchmarkRunsRealUpdatesOfEveryFamily() {
        for (String family : List.of("dcgan", "wgan-gp", "rpgan")) {
            TrainingBenchmark b = new TrainingBenchmark();
            b.family = family;
            b.setUp();
            b.noGrad();
            float d0 = b.discriminatorUpdate();
            float g0 = b.generatorUpdate();
            float d1 = b.discriminatorUpdate();
            assertTrue(Float.isFinite(d0) && Float.isFinite(g0) && Float.isFinite(d1), family);
            assertTrue(d0 != d1, family + ": the D update changed the weights, so the loss moved: " + d0 + " " + d1);
            b.tearDown();
        }
    }

    @Test
    void reportTurnsJmhJsonIntoTables() throws Exception {
        Path json = dir.resolve("r.json");
        Files.writeString(json, """
                [{"benchmark": "io.ganzoo.bench.SgemmBenchmark.sgemm", "params": {"n": "1024"},
                  "primaryMetric": {"score": 100.0, "scoreError": 2.0, "scoreUnit": "ops/s"}},
                 {"benchmark": "io.ganzoo.bench.SamplingBenchmark.sample",
                  "params": {"model": "dcgan64", "batch": "64", "engine": "ort"},
                  "primaryMetric": {"score": 20.0, "scoreError": 1.0, "scoreUnit": "ops/s"}},
                 {"benchmark": "io.ganzoo.bench.SamplingBenchmark.sample",
                  "params": {"model": "dcgan64", "batch": "64", "engine": "djl"},
                  "primaryMetric": {"score": 8.0, "scoreError": 1.0, "scoreUnit": "ops/s"}},
                 {"benchmark": "io.ganzoo.bench.TrainingBenchmark.discriminatorUpdate", "params": {"family": "wgan-gp"},
                  "primaryMetric": {"score": 50.0, "scoreError": 5.0, "scoreUnit": "ms/op"}},
                 {"benchmark": "io.ganzoo.bench.TrainingBenchmark.generatorUpdate", "params": {"family": "wgan-gp"},
                  "primaryMetric": {"score": 30.0, "scoreError": 5.0, "scoreUnit": "ms/op"}}]
                """);
        String md = Report.markdown(Report.read(json));
        assertTrue(md.contains("**215 GFLOP/s**"), md); // 2 x 1024^3 x 100 / 1e9
        assertTrue(md.contains("| dcgan64 | 209.3 | 1,280 / 512 (**2.5x**) |"), md);
        assertTrue(md.contains("| dcgan64 | 268 (125%) |"), md); // 1,280 img/s x 209.3 MFLOP
        // WGAN-GP: 5 critic updates a step; epoch = 937 x 50 ms + 937 / 5 x 30 ms = 52.5 s
        assertTrue(md.contains("| wgan-gp | 50.0 ± 5.0 | 30.0 ± 5.0 | 80.0 | 5 | 280.0 | 52 |"), md);
    }
}
