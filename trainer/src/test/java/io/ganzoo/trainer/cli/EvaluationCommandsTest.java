package io.ganzoo.trainer.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.FashionMnist;
import io.ganzoo.trainer.data.MnistTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.ganzoo.trainer.cli.TrainerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** evaluate, classifier and benchmark through the command line, on small real data (CI runs these tiny versions). */
class EvaluationCommandsTest {
    @TempDir
    Path dir;

    static void assumeFashion() {
        assumeTrue(
                Files.isDirectory(FashionMnist.DEFAULT_DIR) || System.getenv("CI") != null,
                "dataset-fashion-mnist not installed: apt-get install dataset-fashion-mnist");
    }

    @Test
    void evaluatePrintsWritesJsonAndUpdatesTheModelCardOnce() throws Exception {
        assumeFashion();
        Path card = dir.resolve("card.md");
        Files.writeString(card, "# fashion-dcgan\n\nSome text.\n");
        Path json = dir.resolve("scores.json");
        for (int i = 0; i < 2; i++) {
            TrainerCliTest.Run r = run(
                    "evaluate",
                    "fashion-dcgan",
                    "--samples",
                    "400",
                    "--real-limit",
                    "400",
                    "-q",
                    "--json",
                    json.toString(),
                    "--card",
                    card.toString());
            assertEquals(ExitCode.OK.code(), r.code(), r.err());
            assertTrue(r.out().contains("generated : FD") && r.out().contains("real floor: FD"), r.out());
            assertTrue(
                    r.out().contains("warning: FD from 400 samples is biased upward")
                            && r.out().contains("warning: KID" + " from subsets of 400 instead of 1000 samples"),
                    "small n is flagged: " + r.out());
        }
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("fashion-dcgan@1.1.0", o.get("model").getAsString());
        assertEquals("fashion-classifier@1.0.0", o.get("classifier").getAsString());
        double fd = o.getAsJsonObject("generated").get("fd").getAsDouble();
        double floor = o.getAsJsonObject("floor").get("fd").getAsDouble();
        assertTrue(
                fd > floor,
                "a generator is further from the test images than real training images are: " + fd + " vs " + floor);
        double precision = o.getAsJsonObject("generated").get("precision").getAsDouble();
        assertTrue(precision > 0.1 && precision <= 1, "precision " + precision);
        String text = Files.readString(card);
        assertTrue(text.startsWith("# fashion-dcgan\n\nSome text.\n"), text);
        assertEquals(1, text.split(EvaluateCommand.CARD_START, -1).length - 1, "one evaluation section: " + text);
        assertTrue(text.contains("## Evaluation") && text.contains("FD "), text);
    }

    /** -n 2 or 3 with k = 3 reported precision 1.000 and recall 1.000 with no warning. */
    @Test
    void tooFewSamplesForPrecisionAndRecallAreRefused() {
        for (String n : new String[] {"2", "3", "9"}) {
            TrainerCliTest.Run r = run("evaluate", "fashion-dcgan", "-n", n, "-q");
            assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
            assertTrue(
                    r.err()
                            .contains("--samples: expected at least 10 (precision and recall compare each sample's 3"
                                    + " nearest neighbours), found " + n),
                    r.err());
        }
        TrainerCliTest.Run r = run("evaluate", "fashion-dcgan", "-n", "100", "--real-limit", "3", "-q");
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(r.err().contains("--real-limit: expected 0 (all) or at least 10, found 3"), r.err());
    }

    @Test
    void conditionalModelsGetPerClassAccuracy() throws Exception {
        assumeFashion();
        Path json = dir.resolve("cgan.json");
        TrainerCliTest.Run r = run(
                "evaluate", "fashion-cgan", "--samples", "300", "--real-limit", "300", "-q", "--json", json.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("Ankle boot"), r.out());
        JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertTrue(o.get("conditionalAccuracy").getAsDouble() > 0.7, o.toString());
        assertEquals(10, o.getAsJsonObject("perClass").size());
    }

    @Test
    void evaluateRefusesAGeneratorOfAnUnknownDataset() {
        Path run = dir.resolve("dry");
        Path onnx = dir.resolve("dry.onnx");
        assertEquals(
                ExitCode.OK.code(),
                run(
                                "train",
                                "--dry-run",
                                "--steps",
                                "1",
                                "--batch-size",
                                "8",
                                "--ngf",
                                "8",
                                "--ndf",
                                "8",
                                "-q",
                                "-o",
                                run.toString(),
                                "--export",
                                onnx.toString())
                        .code());
        TrainerCliTest.Run r = run("evaluate", onnx.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().contains("synthetic/rectangles") && r.err().contains("fashion-mnist"), r.err());
        TrainerCliTest.Run missing = run("evaluate", "no-such-model");
        assertEquals(ExitCode.MODEL_NOT_FOUND.code(), missing.code(), missing.err());
    }

    @Test
    void mixturesBenchmarkWritesItsTableJsonAndPlots() throws Exception {
        Path out = dir.resolve("mix");
        TrainerCliTest.Run r = run(
                "benchmark",
                "mixtures",
                "--mixtures",
                "ring",
                "--losses",
                "minimax,wgan-gp",
                "--seeds",
                "2",
                "--steps",
                "20",
                "--wgan-steps",
                "5",
                "--width",
                "16",
                "--batch-size",
                "64",
                "-o",
                out.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("| ring | minimax |") && r.out().contains("| ring | wgan-gp |"), r.out());
        JsonObject o = JsonParser.parseString(Files.readString(out.resolve("mixtures.json")))
                .getAsJsonObject();
        assertEquals(4, o.getAsJsonArray("runs").size());
        assertTrue(Files.size(out.resolve("mixture-ring-minimax.png")) > 100);
        assertTrue(Files.size(out.resolve("mixture-ring-wgan-gp.png")) > 100);
        assertEquals(
                ExitCode.USAGE.code(),
                run("benchmark", "mixtures", "--losses", "hinge").code());
    }

    @Test
    void stackedMnistBenchmarkTrainsCountsAndContinues() throws Exception {
        MnistTest.assumeDigits();
        Path out = dir.resolve("stacked");
        String[] args = {
            "benchmark",
            "stacked-mnist",
            "--families",
            "dcgan",
            "--dcgan-steps",
            "3",
            "--train-images",
            "128",
            "--samples",
            "300",
            "-q",
            "-o",
            out.toString()
        };
        TrainerCliTest.Run r = run(args);
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("| dcgan (non-saturating) | 3 |"), r.out());
        JsonObject o = JsonParser.parseString(Files.readString(out.resolve("stacked-mnist.json")))
                .getAsJsonObject();
        int floor = o.getAsJsonObject("floor").get("modes").getAsInt();
        assertTrue(floor > 200, "300 real stacked images cover " + floor + " modes");
        int modes = o.getAsJsonArray("models")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("generated")
                .get("modes")
                .getAsInt();
        assertTrue(modes >= 1 && modes <= 300, "modes " + modes);
        try (Generator g =
                Generator.load(out.resolve("stacked-mnist-dcgan").resolve("stacked-mnist-dcgan-1.0.0.onnx"))) {
            assertEquals(3, g.metadata().channels());
            assertEquals("stacked-mnist/train", g.metadata().get("ganzoo.dataset"));
        }
        TrainerCliTest.Run again = run(args);
        assertEquals(ExitCode.OK.code(), again.code(), again.err());
        assertEquals(r.out(), again.out(), "a finished run is continued (nothing to train) and counted the same");
    }

    @Test
    void classifierCommandTrainsAndExportsAnEvaluator() throws Exception {
        MnistTest.assumeDigits();
        Path onnx = dir.resolve("digits.onnx");
        TrainerCliTest.Run r =
                run("classifier", "--dataset", "mnist", "--epochs", "1", "--limit", "640", "-q", "-o", onnx.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("accuracy on mnist/held-out (1996 images)"), r.out());
        try (Classifier c = Classifier.load(onnx, Options.defaults())) {
            assertTrue(c.accuracy() > 0.5, "one epoch on 640 digits: " + c.accuracy());
        }
        assertEquals(
                ExitCode.USAGE.code(),
                run("classifier", "--dataset", "stacked-mnist", "-o", onnx.toString())
                        .code());
    }
}
