package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.data.Emoji;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Mnist;
import io.ganzoo.trainer.data.Pixels;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.metrics.Memorisation;
import io.ganzoo.trainer.metrics.StrictJson;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelFormat;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
        if (samples != null && samples < Evaluation.MIN_SAMPLES) {
            throw new IllegalArgumentException("--samples: expected at least " + Evaluation.MIN_SAMPLES
                    + " (precision and" + " recall compare each sample's " + Evaluation.K
                    + " nearest neighbours), found " + samples);
        }
        if (realLimit < 0 || realLimit > 0 && realLimit < Evaluation.MIN_SAMPLES) {
            throw new IllegalArgumentException(
                    "--real-limit: expected 0 (all) or at least " + Evaluation.MIN_SAMPLES + ", found " + realLimit);
        }
        if (copySamples < 1 || !(copyThreshold > 0)) {
            throw new IllegalArgumentException("--copy-samples and --copy-threshold: expected at least 1 and more than"
                    + " 0, found " + copySamples + " and " + copyThreshold);
        }
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
        PrintStream log = quiet.log();
        Options options =
                Options.builder().optIntraOpThreads(threads).optBatchSize(500).build();
        long start = System.nanoTime();
        Map<String, Object> result = new LinkedHashMap<>();
        try (Generator g = Generator.load(model, options)) {
            String dataset = g.metadata().get(ModelFormat.DATASET);
            String base = dataset == null ? "" : Datasets.base(dataset);
            result.put("model", g.source());
            result.put("dataset", dataset);
            Path dir = dataDir == null && !base.isEmpty() && Datasets.NAMES.contains(base)
                    ? Datasets.defaultDir(base)
                    : dataDir;
            switch (base) {
                case "fashion-mnist", "mnist" -> {
                    Evaluation.Reference ref = Evaluation.reference(base, dir);
                    var test = ref.real();
                    if (realLimit > 0) {
                        test = test.subset(realLimit, seed);
                    }
                    // Fashion-MNIST: the protocol's 10,000; MNIST: as many as the (possibly limited) held-out digits
                    int n = samples != null ? samples : base.equals("fashion-mnist") ? ref.samples() : test.count();
                    try (Classifier c = Classifier.load(classifier != null ? classifier : ref.classifier(), options)) {
                        result.putAll(Evaluation.quality(g, c, ref.floor(), test, n, seed, log));
                    }
                }
                case "stacked-mnist" -> {
                    int n = samples != null ? samples : 26_000;
                    try (Classifier c =
                            Classifier.load(classifier != null ? classifier : "mnist-classifier", options)) {
                        result.putAll(Evaluation.stackedModes(g, c, Mnist.heldOut(dir), n, seed, log));
                    }
                }
                case "emoji-faces" -> {
                    Emoji.Data faces = Emoji.faces(dir, true);
                    // no face is held out from the generator: score against half of the faces (even positions), the
                    // floor is the other half against it
                    ImageDataset even = faces.part(0);
                    ImageDataset odd = faces.part(1);
                    int n = samples != null ? samples : even.count();
                    try (Classifier c =
                            Classifier.load(classifier != null ? classifier : "emoji-classifier", options)) {
                        result.putAll(Evaluation.quality(g, c, odd, even, n, seed, log));
                    }
                    if (log != null) {
                        log.printf(Locale.ROOT, "nearest training image of %d samples%n", copySamples);
                    }
                    Images drawn = g.sample(copySamples, seed);
                    Memorisation.Result m = Memorisation.measure(
                            drawn,
                            faces.images(),
                            (i, j) ->
                                    faces.entry(i).name().equals(faces.entry(j).name()) ? 1 : 0,
                            copyThreshold);
                    result.put("memorisation", m.summary());
                    if (copies != null) {
                        writeCopies(drawn, faces, m, copies);
                    }
                }
                default ->
                    throw new IllegalArgumentException(g.source() + " was trained on '" + dataset + "'; evaluate knows "
                            + "fashion-mnist, mnist, stacked-mnist and emoji-faces generators");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("seconds", Math.round(seconds * 10) / 10.0);
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
        return ExitCode.OK.code();
    }

    /** The 8 samples nearest to a training image (top row) above their nearest training images (bottom row). */
    private static void writeCopies(Images drawn, Emoji.Data faces, Memorisation.Result m, Path file)
            throws IOException {
        Integer[] order = new Integer[drawn.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(m.distance()[a], m.distance()[b]));
        int k = Math.min(8, order.length);
        int size = drawn.channels() * drawn.height() * drawn.width();
        float[] top = new float[k * size];
        float[] bottom = new float[k * size];
        float[] real = Pixels.all(faces.images());
        for (int i = 0; i < k; i++) {
            System.arraycopy(drawn.floats(), order[i] * size, top, i * size, size);
            System.arraycopy(real, m.nearest()[order[i]] * size, bottom, i * size, size);
        }
        int c = drawn.channels();
        int h = drawn.height();
        int w = drawn.width();
        Images.rows(List.of(Images.of(top, k, c, h, w, -1f, 1f), Images.of(bottom, k, c, h, w, -1f, 1f)), 2)
                .writePng(file);
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
