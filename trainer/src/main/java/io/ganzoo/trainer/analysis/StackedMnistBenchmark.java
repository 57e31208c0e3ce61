package io.ganzoo.trainer.analysis;

import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Mnist;
import io.ganzoo.trainer.data.StackedMnist;
import io.ganzoo.trainer.export.GeneratorExport;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanTrainer;
import io.ganzoo.trainer.train.Lipschitz;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.trainer.train.TrainingFailedException;
import io.ganzoo.zoo.ModelException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Mode coverage on StackedMNIST (R3GAN's protocol): trains a 3-channel DCGAN and an RpGAN (R1 + R2) on stacked MNIST
 * digits, or continues their runs, exports them, and counts the modes (digit triples, out of 1000) of their samples,
 * each channel read by a digit classifier, with the same count of real stacked held-out digits as the floor.
 */
public final class StackedMnistBenchmark {
    private StackedMnistBenchmark() {}

    /**
     * What decides the benchmark.
     *
     * @param families    {@code dcgan} and/or {@code rpgan}
     * @param dcganSteps  G steps of the dcgan run
     * @param rpganSteps  G steps of the rpgan run
     * @param trainImages stacked training images built from the MNIST training digits
     * @param samples     samples counted per model
     * @param seed        training seed
     * @param classifier  the digit classifier (zoo reference)
     * @param dataDir     folder of the MNIST digits, or {@code null} for the default
     */
    public record Settings(
            List<String> families,
            long dcganSteps,
            long rpganSteps,
            int trainImages,
            int samples,
            long seed,
            String classifier,
            Path dataDir) {
        public Settings {
            for (String f : families) {
                if (!f.equals("dcgan") && !f.equals("rpgan")) {
                    throw new IllegalArgumentException("--families: expected dcgan and/or rpgan, found " + f);
                }
            }
            if (samples < 1 || trainImages < 64) {
                throw new IllegalArgumentException(
                        "--samples must be >= 1 and --train-images >= 64, found " + samples + " and " + trainImages);
            }
            families = List.copyOf(families);
        }
    }

    /** The benchmark's outcome: a Markdown table and the same figures as a JSON-ready map. */
    public record Report(String table, Map<String, Object> json) {}

    /**
     * Trains (or continues) each family's run in {@code out/stacked-mnist-<family>}, exports it next to its checkpoint
     * and counts its modes.
     *
     * @param log progress of training and counting; {@code null} for silence
     */
    public static Report run(Settings s, Path out, PrintStream log)
            throws IOException, ModelException, TrainingFailedException {
        Path dir = s.dataDir() == null ? Mnist.DEFAULT_DIR : s.dataDir();
        ImageDataset data = StackedMnist.build(Mnist.train(dir), s.trainImages(), Datasets.STACKED_SEED);
        ImageDataset heldOut = Mnist.heldOut(dir);
        Files.createDirectories(out);
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Map<String, Object> floor = null;
        Options options = Options.builder().optBatchSize(500).build();
        try (Classifier digits = Classifier.load(s.classifier(), options)) {
            for (String family : s.families()) {
                TrainConfig config = config(family, family.equals("dcgan") ? s.dcganSteps() : s.rpganSteps(), s.seed());
                Path run = out.resolve(config.name());
                boolean resume = Checkpoint.exists(run);
                if (log != null) {
                    log.println((resume ? "continuing " : "training ") + config.name() + " in " + run);
                }
                DatasetHash.record(run, resume, config.dataset(), dir, data);
                GanTrainer.Result r = new GanTrainer(config, data, run, log).train(resume);
                Path onnx = run.resolve(config.name() + "-" + config.version() + ".onnx");
                GeneratorExport.writeRun(run, onnx);
                Map<String, Object> e;
                try (Generator g = Generator.load(onnx, options)) {
                    e = Evaluation.stackedModes(g, digits, floor == null ? heldOut : null, s.samples(), 1, log);
                }
                if (floor == null) {
                    floor = castMap(e.get("floor"));
                }
                e.remove("floor");
                e.put("family", family);
                e.put("steps", config.steps());
                e.put("trainingSeconds", r.seconds());
                e.put("onnx", onnx.toString());
                results.add(e);
                Map<String, Object> gen = castMap(e.get("generated"));
                rows.add(String.format(
                        Locale.ROOT,
                        "| %s (%s) | %d | %d | %.3f |",
                        family,
                        config.objective().wireName(),
                        config.steps(),
                        (Integer) gen.get("modes"),
                        (Double) gen.get("reverseKl")));
            }
        }
        String table =
                "| model | G steps | modes (of 1000) | reverse KL |\n|---|---|---|---|\n" + String.join("\n", rows)
                        + String.format(
                                Locale.ROOT,
                                "%n| real stacked held-out digits (floor) | - | %d | %.3f |%n",
                                (Integer) floor.get("modes"),
                                (Double) floor.get("reverseKl"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(
                "protocol",
                s.samples() + " samples; each channel classified by " + s.classifier() + "; mode = 100 r + 10 g"
                        + " + b; reverse KL = sum q log(1000 q); training set: " + s.trainImages()
                        + " stacked images from the 8,004"
                        + " MNIST training digits (only 10,000 MNIST digits are obtainable here)");
        root.put("models", results);
        root.put("floor", floor);
        return new Report(table, root);
    }

    /** The paper defaults of a family on StackedMNIST; the same as {@code train --dataset stacked-mnist --sample-every 1000}. */
    static TrainConfig config(String family, long steps, long seed) {
        return TrainConfig.preset(Family.parse(family), Lipschitz.GP)
                .name("stacked-mnist-" + family)
                .dataset("stacked-mnist/train")
                .steps(steps)
                .seed(seed)
                .sampleEvery(1000)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
