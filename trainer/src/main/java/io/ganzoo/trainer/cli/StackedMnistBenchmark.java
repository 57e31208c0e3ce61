package io.ganzoo.trainer.cli;

import io.ganzoo.sdk.Options;
import io.ganzoo.console.ExitCode;
import com.google.gson.GsonBuilder;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Mnist;
import io.ganzoo.trainer.data.StackedMnist;
import io.ganzoo.trainer.eval.Evaluation;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.GanTrainer;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.trainer.train.TrainingFailedException;
import io.ganzoo.zoo.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code benchmark stacked-mnist}: trains a 3-channel DCGAN and an RpGAN (R1 + R2) on StackedMNIST, or continues
 * their runs in the output folder, exports them, and counts the modes of 26,000 samples with the mnist classifier.
 */
@Command(name = "stacked-mnist", mixinStandardHelpOptions = true,
        description = "Train (or continue) a DCGAN and an RpGAN on StackedMNIST and count their modes out of 1000.")
final class StackedMnistBenchmark implements Callable<Integer> {
    @Option(names = "--families", split = ",", defaultValue = "dcgan,rpgan", description = "families (default: ${DEFAULT-VALUE})")
    List<String> families;
    @Option(names = "--dcgan-steps", defaultValue = "8000", description = "G steps of the dcgan run (default: ${DEFAULT-VALUE})")
    long dcganSteps;
    @Option(names = "--rpgan-steps", defaultValue = "5000", description = "G steps of the rpgan run (default: ${DEFAULT-VALUE})")
    long rpganSteps;
    @Option(names = "--train-images", defaultValue = "60000",
            description = "stacked training images built from the 8,004 MNIST training digits (default: ${DEFAULT-VALUE})")
    int trainImages;
    @Option(names = "--samples", defaultValue = "26000", description = "samples counted (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--seed", defaultValue = "7", description = "training seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--classifier", defaultValue = "mnist-classifier", description = "digit classifier (default: ${DEFAULT-VALUE})")
    String classifier;
    @Option(names = "--data", description = "folder of the MNIST digits (default: /usr/share/datasets/mnist)")
    Path dataDir;
    @Option(names = {"-o", "--out"}, required = true,
            description = "folder of the runs (stacked-mnist-<family>/, continued when present) and stacked-mnist.json")
    Path out;
    @Option(names = "-q", description = "no progress output")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ModelException, TrainingFailedException {
        for (String f : families) {
            if (!f.equals("dcgan") && !f.equals("rpgan")) {
                throw new IllegalArgumentException("--families: expected dcgan and/or rpgan, found " + f);
            }
        }
        if (samples < 1 || trainImages < 64) {
            throw new IllegalArgumentException("--samples must be >= 1 and --train-images >= 64, found " + samples + " and "
                    + trainImages);
        }
        Path dir = dataDir == null ? Mnist.DEFAULT_DIR : dataDir;
        PrintStream log = quiet ? null : System.err;
        ImageDataset data = StackedMnist.build(Mnist.train(dir), trainImages, Datasets.STACKED_SEED);
        ImageDataset heldOut = Mnist.heldOut(dir);
        Files.createDirectories(out);
        PrintWriter o = spec.commandLine().getOut();
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        Map<String, Object> floor = null;
        Options options = Options.builder().optBatchSize(500).build();
        try (Classifier digits = Classifier.load(classifier, options)) {
            for (String family : families) {
                TrainConfig config = config(family, family.equals("dcgan") ? dcganSteps : rpganSteps);
                Path run = out.resolve(config.name());
                boolean resume = Checkpoint.exists(run);
                if (log != null) {
                    log.println((resume ? "continuing " : "training ") + config.name() + " in " + run);
                }
                io.ganzoo.trainer.data.DatasetHash.record(run, resume, config.dataset(), dir, data);
                GanTrainer.Result r = new GanTrainer(config, data, run, log).train(resume);
                Path onnx = run.resolve(config.name() + "-" + config.version() + ".onnx");
                TrainerCli.exportRun(run, onnx);
                Map<String, Object> e;
                try (Generator g = Generator.load(onnx, options)) {
                    e = Evaluation.stackedModes(g, digits, floor == null ? heldOut : null, samples, 1, log);
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
                rows.add(String.format(Locale.ROOT, "| %s (%s) | %d | %d | %.3f |", family, config.objective(),
                        config.steps(), (Integer) gen.get("modes"), (Double) gen.get("reverseKl")));
            }
        }
        String table = "| model | G steps | modes (of 1000) | reverse KL |\n|---|---|---|---|\n" + String.join("\n", rows)
                + String.format(Locale.ROOT, "%n| real stacked held-out digits (floor) | - | %d | %.3f |%n",
                (Integer) floor.get("modes"), (Double) floor.get("reverseKl"));
        o.print(table);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("protocol", samples + " samples; each channel classified by " + classifier + "; mode = 100 r + 10 g + b;"
                + " reverse KL = sum q log(1000 q); training set: " + trainImages + " stacked images from the 8,004 MNIST"
                + " training digits (only 10,000 MNIST digits are obtainable here)");
        root.put("models", results);
        root.put("floor", floor);
        String text = new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
        AtomicFiles.write(out.resolve("stacked-mnist.json"), text.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("stacked-mnist.md"), table.getBytes(StandardCharsets.UTF_8));
        o.println("wrote " + out.resolve("stacked-mnist.json") + " and stacked-mnist.md");
        return ExitCode.OK.code();
    }

    /** The paper defaults of a family on StackedMNIST; the same as {@code train --dataset stacked-mnist --sample-every 1000}. */
    private TrainConfig config(String family, long steps) {
        TrainConfig d = TrainConfig.defaults(family, "gp");
        return new TrainConfig("stacked-mnist-" + family, d.version(), d.family(), d.objective(), "stacked-mnist/train",
                d.latentSize(), d.ngf(), d.ndf(), d.batchSize(), d.epochs(), steps, d.learningRateG(), d.learningRateD(),
                d.beta1(), d.beta2(), seed, 1000, d.checkpointEvery(), d.optimizer(), d.criticSteps(), d.clip(), d.gpWeight(),
                d.r1r2Gamma());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
