package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.trainer.analysis.MixtureBenchmark;
import io.ganzoo.trainer.analysis.StackedMnistBenchmark;
import io.ganzoo.trainer.metrics.StrictJson;
import io.ganzoo.trainer.train.TrainingFailedException;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ganzoo-trainer benchmark}: reproduces the tables of docs/evaluation.md. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Reproduce the mode-coverage benchmarks: 2-D mixtures and StackedMNIST.",
        subcommands = {BenchmarkCommand.Mixtures.class, BenchmarkCommand.StackedMnist.class})
final class BenchmarkCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    @Command(
            name = "mixtures",
            mixinStandardHelpOptions = true,
            description =
                    "Ring of 8 and grid of 25 Gaussians: modes captured, high-quality samples and reverse KL per loss,"
                            + " mean (sd) over seeds; a scatter plot of the first seed of each.")
    static final class Mixtures implements Callable<Integer> {
        @Option(
                names = "--mixtures",
                split = ",",
                defaultValue = "ring,grid",
                description = "ring, grid (default: ${DEFAULT-VALUE})")
        List<String> mixtures;

        @Option(
                names = "--losses",
                split = ",",
                defaultValue = "minimax,non-saturating,wgan-gp,rpgan",
                description = "losses (default: ${DEFAULT-VALUE})")
        List<String> losses;

        @Option(
                names = "--seeds",
                defaultValue = "10",
                description = "runs per loss, seeds 1..N (default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--steps", defaultValue = "15000", description = "G steps per run (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(
                names = "--wgan-steps",
                defaultValue = "5000",
                description = "G steps of wgan-gp runs, each after 5 critic steps (default: ${DEFAULT-VALUE})")
        int wganSteps;

        @Option(names = "--batch-size", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(
                names = "--width",
                defaultValue = "128",
                description = "hidden units per layer (default: ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        float lr;

        @Option(
                names = {"-o", "--out"},
                description = "folder for mixtures.json, mixtures.md and the scatter plots")
        Path out;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            var suite = new MixtureBenchmark.Suite(mixtures, losses, seeds, steps, wganSteps, batch, width, lr);
            long started = System.nanoTime();
            MixtureBenchmark.Report report =
                    MixtureBenchmark.run(suite, out, spec.commandLine().getErr());
            PrintWriter o = spec.commandLine().getOut();
            o.print(report.table());
            o.printf(
                    Locale.ROOT,
                    "%d runs of %d G steps (wgan-gp %d), batch %d, width %d, lr %s, in %.0f s%n",
                    suite.runs(),
                    steps,
                    wganSteps,
                    batch,
                    width,
                    lr,
                    (System.nanoTime() - started) / 1e9);
            if (out != null) {
                String text = StrictJson.of(report.json());
                AtomicFiles.write(out.resolve("mixtures.json"), text.getBytes(StandardCharsets.UTF_8));
                AtomicFiles.write(out.resolve("mixtures.md"), report.table().getBytes(StandardCharsets.UTF_8));
                o.println("wrote " + out.resolve("mixtures.json") + ", mixtures.md and the scatter plots");
            }
            return ExitCode.OK.code();
        }
    }

    /**
     * {@code benchmark stacked-mnist}: trains a 3-channel DCGAN and an RpGAN (R1 + R2) on StackedMNIST, or continues
     * their runs in the output folder, exports them, and counts the modes of 26,000 samples with the mnist classifier.
     */
    @Command(
            name = "stacked-mnist",
            mixinStandardHelpOptions = true,
            description = "Train (or continue) a DCGAN and an RpGAN on StackedMNIST and count their modes out of 1000.")
    static final class StackedMnist implements Callable<Integer> {
        @Option(
                names = "--families",
                split = ",",
                defaultValue = "dcgan,rpgan",
                description = "families (default: ${DEFAULT-VALUE})")
        List<String> families;

        @Option(
                names = "--dcgan-steps",
                defaultValue = "8000",
                description = "G steps of the dcgan run (default: ${DEFAULT-VALUE})")
        long dcganSteps;

        @Option(
                names = "--rpgan-steps",
                defaultValue = "5000",
                description = "G steps of the rpgan run (default: ${DEFAULT-VALUE})")
        long rpganSteps;

        @Option(
                names = "--train-images",
                defaultValue = "60000",
                description =
                        "stacked training images built from the 8,004 MNIST training digits (default: ${DEFAULT-VALUE})")
        int trainImages;

        @Option(
                names = "--samples",
                defaultValue = "26000",
                description = "samples counted (default: ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--seed", defaultValue = "7", description = "training seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--classifier",
                defaultValue = "mnist-classifier",
                description = "digit classifier (default: ${DEFAULT-VALUE})")
        String classifier;

        @Option(names = "--data", description = "folder of the MNIST digits (default: /usr/share/datasets/mnist)")
        Path dataDir;

        @Option(
                names = {"-o", "--out"},
                required = true,
                description =
                        "folder of the runs (stacked-mnist-<family>/, continued when present) and stacked-mnist.json")
        Path out;

        @CommandLine.Mixin
        QuietOption quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, ModelException, TrainingFailedException {
            var settings = new StackedMnistBenchmark.Settings(
                    families, dcganSteps, rpganSteps, trainImages, samples, seed, classifier, dataDir);
            PrintStream log = quiet.log();
            StackedMnistBenchmark.Report report = StackedMnistBenchmark.run(settings, out, log);
            PrintWriter o = spec.commandLine().getOut();
            o.print(report.table());
            String text = StrictJson.of(report.json());
            AtomicFiles.write(out.resolve("stacked-mnist.json"), text.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(out.resolve("stacked-mnist.md"), report.table().getBytes(StandardCharsets.UTF_8));
            o.println("wrote " + out.resolve("stacked-mnist.json") + " and stacked-mnist.md");
            return ExitCode.OK.code();
        }
    }
}
