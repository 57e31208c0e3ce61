package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.metrics.StrictJson;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ganzoo-trainer evaluate MODEL}: the scores that fit the generator's dataset (its metadata says which):
 * Fashion-MNIST and MNIST generators get FD, KID, precision/recall against the real test images (and per-class
 * accuracy when conditional); StackedMNIST generators get modes out of 1000 and reverse KL.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Score a generator (zoo name or .onnx path) with the evaluator classifier of its dataset.")
final class EvaluateCommand implements Callable<Integer> {
    /** Start and end markers of the scores section that --card writes into a model card. */
    static final String CARD_START = "<!-- evaluation: written by ganzoo-trainer evaluate -->";

    static final String CARD_END = "<!-- end of evaluation -->";

    @Parameters(index = "0", paramLabel = "MODEL", description = "zoo reference (name[@version]) or .onnx file")
    String model;

    @Option(
            names = {"-n", "--samples"},
            description = "generated samples (default: 10000; StackedMNIST 26000)")
    Integer samples;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--classifier",
            description = "evaluator classifier (default: fashion-classifier or mnist-classifier"
                    + " from the zoo, by the generator's dataset)")
    String classifier;

    @Option(names = "--data", description = "folder of the real data (default: the dataset's)")
    Path dataDir;

    @Option(
            names = "--real-limit",
            defaultValue = "0",
            description = "use only N real test images, drawn at random with the seed (0: all)")
    int realLimit;

    @Option(
            names = "--json",
            converter = io.ganzoo.console.FileName.class,
            description = "write the scores to this JSON file")
    Path json;

    @Option(
            names = "--card",
            converter = io.ganzoo.console.FileName.class,
            description = "write the scores into this model card (Markdown), replacing an earlier section")
    Path card;

    @Option(
            names = "--copy-samples",
            defaultValue = "1000",
            description = "emoji-faces: samples whose nearest training image is measured (default: ${DEFAULT-VALUE})")
    int copySamples;

    @Option(
            names = "--copy-threshold",
            defaultValue = "0.05",
            description = "emoji-faces: RMS pixel distance (values in [0, 1]) below which a sample is a near copy of"
                    + " its nearest training image (default: ${DEFAULT-VALUE})")
    double copyThreshold;

    @Option(
            names = "--copies",
            converter = io.ganzoo.console.FileName.class,
            description = "emoji-faces: write the 8 samples nearest to a training image above those images (PNG)")
    Path copies;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads (0: all cores)")
    int threads;

    @CommandLine.Mixin
    QuietOption quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ModelException {
        var settings = new Evaluation.Settings(
                samples, seed, classifier, dataDir, realLimit, copySamples, copyThreshold, copies);
        checkFiles();
        PrintStream log = quiet.log();
        Options options =
                Options.builder().optIntraOpThreads(threads).optBatchSize(500).build();
        long start = System.nanoTime();
        Map<String, Object> result;
        try (Generator g = Generator.load(model, options)) {
            result = Evaluation.byDataset(g, settings, options, log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("seconds", Math.round(seconds * 10) / 10.0);
        report(result, seconds);
        return ExitCode.OK.code();
    }

    /** Refuses a --card that does not exist and a --copies that cannot be written, before minutes of scoring. */
    private void checkFiles() {
        if (card != null && !Files.isRegularFile(card)) {
            throw new IllegalArgumentException(
                    "--card: " + card + " does not exist; give the model card (Markdown) to update");
        }
        if (copies != null) {
            Path parent = copies.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                // said now, not after minutes of scoring
                throw new IllegalArgumentException("--copies: cannot write " + copies + " (its folder " + parent
                        + (parent != null && Files.isDirectory(parent) ? " is not writable" : " does not exist")
                        + "); give a path in a writable folder");
            }
        }
    }

    /** Prints the scores and the time they took, then writes them to --json and into --card when given. */
    private void report(Map<String, Object> result, double seconds) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println(result.get("model") + " (" + result.get("dataset") + ", " + result.get("samples")
                + " samples, seed " + seed + ")");
        for (String line : Evaluation.describe(result)) {
            out.println(line);
        }
        out.printf(Locale.ROOT, "%.1f s%n", seconds);
        if (json != null) {
            String text = StrictJson.of(result);
            AtomicFiles.write(json, text.getBytes(StandardCharsets.UTF_8));
            out.println("wrote " + json);
        }
        if (card != null) {
            writeCard(card, result);
            out.println("updated " + card);
        }
    }

    /** Replaces (or appends) the evaluation section of a Markdown model card. */
    static void writeCard(Path card, Map<String, Object> result) throws IOException {
        String text = Files.readString(card, StandardCharsets.UTF_8);
        StringBuilder section = new StringBuilder(CARD_START).append("\n## Evaluation\n\n");
        section.append("`ganzoo-trainer evaluate ")
                .append(result.get("model"))
                .append(" --seed ")
                .append(result.get("seed"))
                .append("`: ")
                .append(result.get("samples"))
                .append(" samples");
        if (result.containsKey("realImages")) {
            section.append(" against the ").append(result.get("realImages")).append(" real test images");
        }
        section.append(".\n\n```\n");
        for (String line : Evaluation.describe(result)) {
            section.append(line).append('\n');
        }
        section.append(
                        "```\n\nFeature-space scores use the project's own classifier, not Inception: compare them only with"
                                + " other models scored by the same classifier, and with the real floor printed beside them.\n")
                .append(CARD_END);
        int a = text.indexOf(CARD_START);
        int b = text.indexOf(CARD_END);
        String updated;
        if (a >= 0 && b > a) {
            updated = text.substring(0, a) + section + text.substring(b + CARD_END.length());
        } else {
            updated = text.stripTrailing() + "\n\n" + section + "\n";
        }
        AtomicFiles.write(card, updated.getBytes(StandardCharsets.UTF_8));
    }
}
