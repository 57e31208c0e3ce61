package io.ganzoo.trainer.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.metrics.FeatureStats;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.QualityProbe;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.ganzoo.trainer.cli.EvaluationCommandsTest.assumeFashion;
import static io.ganzoo.trainer.cli.TrainerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --quality-every}: the scores logged during training are those of the exported model (the same samples
 * through ONNX Runtime, scored again here), the best step's checkpoint is kept and exports, and a resumed run keeps
 * probing.
 */
class QualityProbeTest {
    @TempDir
    Path dir;

    @Test
    void scoresDuringTrainingAreTheExportedModelsAndTheBestStepIsKept() throws Exception {
        assumeFashion();
        Path out = dir.resolve("run");
        String[] args = {
            "train",
            "--limit",
            "512",
            "--steps",
            "6",
            "--ngf",
            "8",
            "--ndf",
            "8",
            "--ema-half-life",
            "500",
            "--quality-every",
            "3",
            "--quality-samples",
            "200",
            "--checkpoint-every",
            "3",
            "-q",
            "-o",
            out.toString()
        };
        TrainerCliTest.Run r = run(args);
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        List<String> lines = Files.readAllLines(out.resolve(QualityProbe.FILE));
        assertEquals(2, lines.size(), String.join("\n", lines));
        JsonObject last = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertEquals(6, last.get("step").getAsInt());
        assertEquals("ema", last.get("weights").getAsString());
        long best = -1;
        double bestFd = Double.MAX_VALUE;
        for (String line : lines) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (o.get("fd").getAsDouble() < bestFd) {
                bestFd = o.get("fd").getAsDouble();
                best = o.get("step").getAsLong();
            }
        }
        Path bestRun = out.resolve(QualityProbe.BEST);
        assertEquals(best, Checkpoint.load(bestRun).header().step(), "best/ holds the lowest FD's step");

        // the last step's score, recomputed from the exported model with ONNX Runtime
        Path onnx = dir.resolve("g.onnx");
        assertEquals(
                ExitCode.OK.code(),
                run("export", "--run", out.toString(), "-o", onnx.toString()).code());
        Evaluation.Reference ref = Evaluation.reference("fashion-mnist/train", null);
        try (Generator g = Generator.load(onnx);
                Classifier c = Classifier.load(ref.classifier())) {
            float[] real = c.classify(Evaluation.images(ref.real())).features();
            float[] fake = c.classify(g.sample(200, QualityProbe.SEED)).features();
            int d = c.featureSize();
            double fd = FeatureStats.frechetDistance(fake, 200, real, ref.real().count(), d);
            double[] pr = FeatureStats.precisionRecall(real, ref.real().count(), fake, 200, d, Evaluation.K);
            assertEquals(fd, last.get("fd").getAsDouble(), 1e-3 * Math.max(1, fd), "FD");
            assertEquals(pr[0], last.get("precision").getAsDouble(), 0.011, "precision");
            assertEquals(pr[1], last.get("recall").getAsDouble(), 0.011, "recall");
        }
        Path bestOnnx = dir.resolve("best.onnx");
        assertEquals(
                ExitCode.OK.code(),
                run("export", "--run", bestRun.toString(), "-o", bestOnnx.toString())
                        .code());
        assertEquals(Long.toString(best), ModelMetadata.read(bestOnnx).get(ModelFormat.TRAINING_STEPS));
        assertTrue(ModelMetadata.read(bestOnnx).containsKey(ModelFormat.DATASET_SHA256), "data hashes kept");
    }

    @Test
    void aRunSaysWhichStabilisersItUsesInPlainWords() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream before = System.err;
        TrainerCliTest.Run r;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            r = run(
                    "train",
                    "--dry-run",
                    "--steps",
                    "2",
                    "--ema-half-life",
                    "1000",
                    "--augment",
                    "cutout,translation",
                    "--backbone",
                    "resnet",
                    "--ngf",
                    "8",
                    "--ndf",
                    "8",
                    "-o",
                    dir.resolve("said").toString());
        } finally {
            System.setErr(before);
        }
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        String said = log.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("dcgan/non-saturating with the resnet backbone on synthetic/rectangles"), said);
        assertTrue(
                said.contains(
                        "keeping a moving average of G's weights: half-life 1,000 images (16 steps), so it"
                                + " trails the trained weights by about 22 steps, shorter for the first 20,000 images (warm-up 0.05)"),
                said);
        assertTrue(
                said.contains("augmenting every image D sees, real and generated (DiffAugment: translation,cutout)"),
                said);
    }

    @Test
    void badProbeSettingsAreRefusedBeforeTraining() {
        Path out = dir.resolve("bad");
        TrainerCliTest.Run r = run("train", "--dry-run", "--quality-samples", "100", "-q", "-o", out.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().contains("--quality-samples goes with --quality-every"), r.err());
        r = run(
                "train",
                "--dry-run",
                "--quality-every",
                "2",
                "-q",
                "-o",
                dir.resolve("dry").toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().contains("no feature-space protocol for 'synthetic/rectangles'"), r.err());
        assertTrue(!Files.exists(dir.resolve("dry")) && !Files.exists(out), "no run folder is made");
    }
}
