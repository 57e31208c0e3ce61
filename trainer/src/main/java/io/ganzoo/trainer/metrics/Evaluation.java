package io.ganzoo.trainer.metrics;

import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.data.Emoji;
import io.ganzoo.trainer.data.FashionMnist;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Mnist;
import io.ganzoo.trainer.data.Pixels;
import io.ganzoo.trainer.data.StackedMnist;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a generator against real data with an evaluator {@link Classifier}:
 * <ul>
 *   <li>{@link #byDataset}: the scores that fit the generator's dataset, as {@code ganzoo-trainer evaluate} prints them;
 *       </li>
 *   <li>{@link #quality}: Frechet distance, KID and precision/recall (k = 3) of generated against real images in the
 *       classifier's feature space, with the same scores of real training images against the same real images
 *       beside them (the floor a perfect generator would reach), and for conditional generators the classifier's
 *       accuracy on the samples of each requested class;</li>
 *   <li>{@link #stackedModes}: the StackedMNIST modes (digit triples) a 3-channel generator covers, each channel
 *       read by a digit classifier, and the reverse KL of the mode histogram against uniform.</li>
 * </ul>
 * Results are ordered maps ready to print or write as JSON.
 */
public final class Evaluation {
    /** KID subsets and subset size. */
    public static final int KID_SUBSETS = 10;

    public static final int KID_SUBSET_SIZE = 1000;
    /** Neighbours of precision and recall. */
    public static final int K = 3;
    /** Fewest samples evaluate accepts: precision and recall need more than {@link #K}, KID two per subset. */
    public static final int MIN_SAMPLES = 10;
    /** Samples per set below which FD is reported with a warning: its bias grows as n shrinks (the cards use 10,000). */
    public static final int STABLE_FD_SAMPLES = 10_000;

    private Evaluation() {}

    /**
     * What a generator of a dataset is scored against (the protocols of docs/evaluation.md).
     *
     * @param classifier the evaluator model's zoo name
     * @param real       the real images the samples are compared with
     * @param floor      the real images whose own score against {@code real} is the floor
     * @param samples    the protocol's number of samples
     */
    public record Reference(String classifier, ImageDataset real, ImageDataset floor, int samples) {}

    /**
     * The reference of {@code dataset} ({@code fashion-mnist}, {@code mnist}, {@code emoji-faces}, with or without
     * a {@code /split}): Fashion-MNIST's test set (floor: its training set; 10,000 samples), MNIST's held-out digits
     * (floor: the training digits), the emoji faces at even positions (floor: those at odd positions; as many samples
     * as faces).
     *
     * @param dir the data folder, or {@code null} for the dataset's default
     * @throws IllegalArgumentException for a dataset without a feature-space protocol (StackedMNIST counts modes)
     * @throws IOException              when the data cannot be read
     */
    public static Reference reference(String dataset, Path dir) throws IOException {
        String base = Datasets.base(dataset);
        Path d = dir != null ? dir : Datasets.defaultDir(base);
        return switch (base) {
            case "fashion-mnist" ->
                new Reference("fashion-classifier", FashionMnist.test(d), FashionMnist.train(d), 10_000);
            case "mnist" -> {
                ImageDataset held = Mnist.heldOut(d);
                yield new Reference("mnist-classifier", held, Mnist.train(d), held.count());
            }
            case "emoji-faces" -> {
                // no face is held out from the generator: the faces at even positions are the reference, the
                // others the floor
                Emoji.Data faces = Emoji.faces(d, true);
                ImageDataset even = faces.part(0);
                yield new Reference("emoji-classifier", even, faces.part(1), even.count());
            }
            default ->
                throw new IllegalArgumentException("no feature-space protocol for '" + dataset
                        + "': quality is scored for fashion-mnist, mnist and emoji-faces generators");
        };
    }

    /**
     * How {@link #byDataset} scores a generator.
     *
     * @param samples       generated samples, or {@code null} for the protocol's (Fashion-MNIST 10,000, MNIST as many
     *                      as the real images, StackedMNIST 26,000, emoji-faces as many as the reference faces)
     * @param seed          seed of the samples and of the real images drawn
     * @param classifier    the evaluator classifier (zoo reference or .onnx file), or {@code null} for the dataset's
     * @param dataDir       folder of the real data, or {@code null} for the dataset's
     * @param realLimit     Fashion-MNIST and MNIST: real test images used, drawn at random with the seed (0: all)
     * @param copySamples   emoji-faces: samples whose nearest training image is measured ({@link Memorisation})
     * @param copyThreshold emoji-faces: RMS pixel distance (values in [0, 1]) below which a sample is a near copy
     * @param copies        emoji-faces: PNG file for the 8 samples nearest to a training image above those images, or
     *                      {@code null} for none
     */
    public record Settings(
            Integer samples,
            long seed,
            String classifier,
            Path dataDir,
            int realLimit,
            int copySamples,
            double copyThreshold,
            Path copies) {
        /**
         * Checks the numbers.
         *
         * @throws IllegalArgumentException naming the option of {@code evaluate} that sets it, for fewer samples or
         *     real images than {@link Evaluation#MIN_SAMPLES}, fewer than 1 copy sample or a copy threshold not
         *     above 0
         */
        public Settings {
            if (samples != null && samples < MIN_SAMPLES) {
                throw new IllegalArgumentException("--samples: expected at least " + MIN_SAMPLES + " (precision and"
                        + " recall compare each sample's " + K + " nearest neighbours), found " + samples);
            }
            if (realLimit < 0 || realLimit > 0 && realLimit < MIN_SAMPLES) {
                throw new IllegalArgumentException(
                        "--real-limit: expected 0 (all) or at least " + MIN_SAMPLES + ", found " + realLimit);
            }
            if (copySamples < 1 || !(copyThreshold > 0)) {
                throw new IllegalArgumentException("--copy-samples and --copy-threshold: expected at least 1 and more"
                        + " than 0, found " + copySamples + " and " + copyThreshold);
            }
        }
    }

    /**
     * The scores that fit {@code g}'s dataset (its metadata says which): Fashion-MNIST and MNIST generators get
     * {@link #quality} against the {@link #reference} (its real images limited to {@code realLimit}); StackedMNIST
     * generators {@link #stackedModes}, with MNIST's held-out digits as the floor; emoji-faces generators
     * {@link #quality} against the faces at even positions (none is held out from the generator; the floor is the
     * faces at odd positions), then {@link Memorisation}'s near copies of {@code copySamples} samples, whose nearest
     * pairs are written to {@code copies} when given.
     *
     * @param g       the generator
     * @param s       how to score it
     * @param options how the evaluator classifier runs
     * @param log     progress; {@code null} for silence
     * @return the scores, ordered: {@code model} (the generator's source) and {@code dataset} first, then those of
     *     {@link #quality} or {@link #stackedModes} (and {@code memorisation}); a mutable map, ready for
     *     {@link #describe} and JSON
     * @throws IllegalArgumentException for a generator of another dataset
     * @throws IOException              when the real data cannot be read or the near copies cannot be written
     * @throws ModelException           when the classifier cannot be loaded or run
     */
    public static Map<String, Object> byDataset(Generator g, Settings s, Options options, PrintStream log)
            throws IOException, ModelException {
        Map<String, Object> result = new LinkedHashMap<>();
        String dataset = g.metadata().get(ModelFormat.DATASET);
        String base = dataset == null ? "" : Datasets.base(dataset);
        result.put("model", g.source());
        result.put("dataset", dataset);
        Path dir = s.dataDir() == null && !base.isEmpty() && Datasets.NAMES.contains(base)
                ? Datasets.defaultDir(base)
                : s.dataDir();
        switch (base) {
            case "fashion-mnist", "mnist" -> {
                Reference ref = reference(base, dir);
                var test = ref.real();
                if (s.realLimit() > 0) {
                    test = test.subset(s.realLimit(), s.seed());
                }
                // Fashion-MNIST: the protocol's 10,000; MNIST: as many as the (possibly limited) held-out digits
                int n = s.samples() != null ? s.samples() : base.equals("fashion-mnist") ? ref.samples() : test.count();
                try (Classifier c =
                        Classifier.load(s.classifier() != null ? s.classifier() : ref.classifier(), options)) {
                    result.putAll(quality(g, c, ref.floor(), test, n, s.seed(), log));
                }
            }
            case "stacked-mnist" -> {
                int n = s.samples() != null ? s.samples() : 26_000;
                try (Classifier c =
                        Classifier.load(s.classifier() != null ? s.classifier() : "mnist-classifier", options)) {
                    result.putAll(stackedModes(g, c, Mnist.heldOut(dir), n, s.seed(), log));
                }
            }
            case "emoji-faces" -> emojiFaces(g, s, dir, options, log, result);
            default ->
                throw new IllegalArgumentException(g.source() + " was trained on '" + dataset + "'; evaluate knows "
                        + "fashion-mnist, mnist, stacked-mnist and emoji-faces generators");
        }
        return result;
    }

    /** {@link #byDataset}'s scores of an emoji-faces generator, added to {@code result}. */
    private static void emojiFaces(
            Generator g, Settings s, Path dir, Options options, PrintStream log, Map<String, Object> result)
            throws IOException, ModelException {
        Emoji.Data faces = Emoji.faces(dir, true);
        // no face is held out from the generator: score against half of the faces (even positions), the floor is
        // the other half against it
        ImageDataset even = faces.part(0);
        ImageDataset odd = faces.part(1);
        int n = s.samples() != null ? s.samples() : even.count();
        try (Classifier c = Classifier.load(s.classifier() != null ? s.classifier() : "emoji-classifier", options)) {
            result.putAll(quality(g, c, odd, even, n, s.seed(), log));
        }
        say(log, "nearest training image of %d samples", s.copySamples());
        Images drawn = g.sample(s.copySamples(), s.seed());
        Memorisation.Result m = Memorisation.measure(
                drawn,
                faces.images(),
                (i, j) -> faces.entry(i).name().equals(faces.entry(j).name()) ? 1 : 0,
                s.copyThreshold());
        result.put("memorisation", m.summary());
        if (s.copies() != null) {
            Memorisation.nearestPairs(drawn, faces.images(), m, 8).writePng(s.copies());
        }
    }

    /**
     * Labels for {@code n} samples of a conditional generator, so that the samples are compared with real images of
     * the same mix of classes: each class gets its share of {@code reference}'s labels (largest remainders, ties to
     * the lower class), and the classes take turns while they have samples left. For a reference with equal classes
     * this is {@link Generator#labelsInTurn} (Fashion-MNIST); for the emoji faces, 27% of whose images have no skin
     * tone and 15% each of the five tones, it keeps those proportions.
     *
     * @param reference the real images' labels, each in [0, classes)
     * @return n labels in [0, classes)
     * @throws IllegalArgumentException when a reference label is outside [0, classes) or the reference is empty
     */
    public static int[] labelsLike(int[] reference, int classes, int n) {
        if (reference.length == 0) {
            throw new IllegalArgumentException("no reference labels to take the class proportions from");
        }
        long[] count = new long[classes];
        for (int l : reference) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("reference label " + l + " is outside the generator's " + classes
                        + " classes: the reference set does not match the model");
            }
            count[l]++;
        }
        int[] share = new int[classes];
        long[] remainder = new long[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            share[c] = (int) (count[c] * n / reference.length);
            remainder[c] = count[c] * n % reference.length;
            given += share[c];
        }
        for (; given < n; given++) {
            int top = 0;
            for (int c = 1; c < classes; c++) {
                if (remainder[c] > remainder[top]) {
                    top = c;
                }
            }
            share[top]++;
            remainder[top] = -1;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; ) {
            for (int c = 0; c < classes && i < n; c++) {
                if (share[c] > 0) {
                    share[c]--;
                    out[i++] = c;
                }
            }
        }
        return out;
    }

    /** A labelled dataset as sdk images in [-1, 1]. */
    public static Images images(ImageDataset d) {
        return Images.of(Pixels.all(d), d.count(), d.channels(), d.height(), d.width(), -1f, 1f);
    }

    /**
     * Sample quality of {@code g} against {@code test} (all of it), with the floor computed from {@code n} images of
     * {@code train} chosen with {@code seed}.
     *
     * @param n number of generated samples (and of floor images)
     */
    public static Map<String, Object> quality(
            Generator g, Classifier c, ImageDataset train, ImageDataset test, int n, long seed, PrintStream log)
            throws ModelException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classifier", c.metadata().name() + "@" + c.metadata().version());
        out.put("classifierAccuracy", c.accuracy());
        out.put("classifierTestSet", c.testSet());
        out.put("samples", n);
        out.put("realImages", test.count());
        out.put("seed", seed);
        int d = c.featureSize();
        say(log, "classifying %d real test images", test.count());
        Classifier.Scores real = c.classify(images(test));
        ImageDataset floorSet = train.subset(n, seed);
        say(log, "classifying %d real training images (the floor)", floorSet.count());
        Classifier.Scores floor = c.classify(images(floorSet));
        // the classifier's accuracy on the reference and on conditional samples means something only when it tells
        // the same classes the labels name (Fashion-MNIST's garments); the emoji classifier tells subcategories, while
        // the emoji faces are labelled with skin tones, which no evaluator classifies
        boolean sameClasses = c.classes().equals(test.classNames())
                && (!g.isConditional() || g.classes().equals(test.classNames()));
        if (sameClasses) {
            out.put("realAccuracy", accuracy(real.predicted(), test.labels()));
        }
        Images fake;
        int[] requested = null;
        if (g.isConditional()) {
            requested = labelsLike(test.labels(), g.classes().size(), n);
            say(log, "generating %d samples, the classes in the proportions of the real images", n);
            fake = g.sample(requested, seed);
        } else {
            say(log, "generating %d samples", n);
            fake = g.sample(n, seed);
        }
        Classifier.Scores gen = c.classify(fake);
        say(log, "scoring generated samples");
        out.put("generated", scores(gen.features(), n, real.features(), test.count(), d, seed));
        say(log, "scoring the real-vs-real floor");
        out.put("floor", scores(floor.features(), floorSet.count(), real.features(), test.count(), d, seed));
        if (requested != null && !sameClasses) {
            out.put(
                    "conditionalAccuracyNote",
                    "not measured: " + c.metadata().name() + " classifies "
                            + c.classes().size() + " classes, not the generator's " + g.classes() + "; look at"
                            + " 'ganzoo sample MODEL --per-class N' instead");
        } else if (requested != null) {
            Map<String, Object> perClass = new LinkedHashMap<>();
            int[] predicted = gen.predicted();
            int[] realPredicted = real.predicted();
            List<String> names = g.classes();
            double total = 0;
            for (int k = 0; k < names.size(); k++) {
                int right = 0;
                int count = 0;
                int realRight = 0;
                int realCount = 0;
                for (int i = 0; i < n; i++) {
                    if (requested[i] == k) {
                        count++;
                        right += predicted[i] == k ? 1 : 0;
                    }
                }
                for (int i = 0; i < test.count(); i++) {
                    if (test.labels()[i] == k) {
                        realCount++;
                        realRight += realPredicted[i] == k ? 1 : 0;
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("samples", count);
                row.put("accuracy", right / (double) count);
                row.put("realAccuracy", realCount == 0 ? null : realRight / (double) realCount);
                perClass.put(names.get(k), row);
                total += right;
            }
            out.put("conditionalAccuracy", total / n);
            out.put("perClass", perClass);
        }
        return out;
    }

    private static Map<String, Object> scores(float[] a, int na, float[] b, int nb, int d, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fd", FeatureStats.frechetDistance(a, na, b, nb, d));
        double[] kid = FeatureStats.kid(a, na, b, nb, d, KID_SUBSETS, KID_SUBSET_SIZE, seed);
        m.put("kid", kid[0]);
        m.put("kidSd", kid[1]);
        double[] pr = FeatureStats.precisionRecall(b, nb, a, na, d, K);
        m.put("precision", pr[0]);
        m.put("recall", pr[1]);
        List<String> warnings = new ArrayList<>();
        int n = Math.min(na, nb);
        if (n < STABLE_FD_SAMPLES) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "FD from %d samples is biased upward (the covariance of %d-d features"
                            + " is estimated from few rows): compare it only with FD at the same n; a stable figure needs %,d"
                            + " samples per set (-n %d)",
                    n,
                    d,
                    STABLE_FD_SAMPLES,
                    STABLE_FD_SAMPLES));
        }
        if (n < KID_SUBSET_SIZE) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "KID from subsets of %d instead of %d samples: its sd is large; a stable"
                            + " figure needs %,d samples per set",
                    n,
                    KID_SUBSET_SIZE,
                    KID_SUBSET_SIZE));
        }
        if (!warnings.isEmpty()) {
            m.put("warnings", warnings);
        }
        return m;
    }

    /**
     * StackedMNIST mode coverage of {@code n} samples of a 3-channel generator: each channel classified by
     * {@code digits}, the mode {@code 100 r + 10 g + b}; reverse KL {@code sum q log(1000 q)} of the mode
     * histogram q (R3GAN's definition). With {@code real} given, the same scores of {@code n} real stacked images
     * built from those digits are added as the floor.
     */
    public static Map<String, Object> stackedModes(
            Generator g, Classifier digits, ImageDataset realDigits, int n, long seed, PrintStream log)
            throws ModelException {
        if (g.metadata().channels() != 3) {
            throw new IllegalArgumentException("StackedMNIST generators draw 3-channel images, found "
                    + g.metadata().channels() + " channels in " + g.source());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classifier", digits.metadata().name() + "@" + digits.metadata().version());
        out.put("classifierAccuracy", digits.accuracy());
        out.put("classifierTestSet", digits.testSet());
        out.put("samples", n);
        out.put("seed", seed);
        int[] hist = new int[StackedMnist.MODES];
        int batch = 2000;
        Latents all = g.latents(n, seed); // the latents of g.sample(n, seed)
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            say(log, "generating and classifying samples %d..%d of %d", start, start + m, n);
            modes(digits, g.generate(all.slice(start, start + m)), hist);
        }
        out.put("generated", modeScores(hist, n));
        if (realDigits != null) {
            ImageDataset stacked = StackedMnist.build(realDigits, n, seed);
            int[] real = new int[StackedMnist.MODES];
            say(log, "classifying %d real stacked images (the floor)", n);
            modes(digits, images(stacked), real);
            Map<String, Object> floor = modeScores(real, n);
            floor.put("digits", realDigits.name());
            out.put("floor", floor);
        }
        return out;
    }

    private static void modes(Classifier digits, Images stacked, int[] hist) throws ModelException {
        int n = stacked.count();
        int plane = stacked.height() * stacked.width();
        float[] split = new float[3 * n * plane];
        for (int i = 0; i < n; i++) {
            float[] px = stacked.floats(i);
            for (int ch = 0; ch < 3; ch++) {
                System.arraycopy(px, ch * plane, split, (ch * n + i) * plane, plane);
            }
        }
        int[] p = digits.classify(Images.of(
                        split, 3 * n, 1, stacked.height(), stacked.width(), stacked.minValue(), stacked.maxValue()))
                .predicted();
        for (int i = 0; i < n; i++) {
            hist[100 * p[i] + 10 * p[n + i] + p[2 * n + i]]++;
        }
    }

    private static Map<String, Object> modeScores(int[] hist, int n) {
        int covered = 0;
        double kl = 0;
        for (int c : hist) {
            if (c > 0) {
                covered++;
                double q = c / (double) n;
                kl += q * Math.log(q * hist.length);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("modes", covered);
        m.put("reverseKl", kl);
        return m;
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return right / (double) labels.length;
    }

    /** The scores as short lines for a terminal. */
    @SuppressWarnings("unchecked")
    public static List<String> describe(Map<String, Object> r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                Locale.ROOT,
                "classifier %s (accuracy %.4f on %s)",
                r.get("classifier"),
                (Double) r.get("classifierAccuracy"),
                r.get("classifierTestSet")));
        for (String part : new String[] {"generated", "floor"}) {
            Map<String, Object> s = (Map<String, Object>) r.get(part);
            if (s == null) {
                continue;
            }
            String label = part.equals("generated") ? "generated " : "real floor";
            if (s.containsKey("fd")) {
                lines.add(String.format(
                        Locale.ROOT,
                        "%s: FD %.3f, KID %.4f (sd %.4f), precision %.3f, recall %.3f",
                        label,
                        (Double) s.get("fd"),
                        (Double) s.get("kid"),
                        (Double) s.get("kidSd"),
                        (Double) s.get("precision"),
                        (Double) s.get("recall")));
                for (String w : (List<String>) s.getOrDefault("warnings", List.of())) {
                    if (part.equals("generated")) {
                        lines.add("warning: " + w);
                    }
                }
            } else {
                lines.add(String.format(
                        Locale.ROOT, "%s: %d of 1000 modes, reverse KL %.3f", label, (Integer) s.get("modes"), (Double)
                                s.get("reverseKl")));
            }
        }
        if (r.containsKey("memorisation")) {
            Map<String, Object> m = (Map<String, Object>) r.get("memorisation");
            lines.add(String.format(
                    Locale.ROOT,
                    "near copies: %.1f%% of %d samples are within RMS %.3f of a training image (nearest: median %.3f,"
                            + " 5th percentile %.3f, min %.3f)",
                    100 * (Double) m.get("nearCopies"),
                    (Integer) m.get("samples"),
                    (Double) m.get("threshold"),
                    (Double) m.get("sampleDistanceMedian"),
                    (Double) m.get("sampleDistanceP05"),
                    (Double) m.get("sampleDistanceMin")));
            lines.add(String.format(
                    Locale.ROOT,
                    "real scale: nearest image of another emoji: median %.3f, 5th percentile %.3f; %.1f%% within %.3f",
                    (Double) m.get("realOtherDistanceMedian"),
                    (Double) m.get("realOtherDistanceP05"),
                    100 * (Double) m.get("realOtherBelow"),
                    (Double) m.get("threshold")));
        }
        if (r.containsKey("conditionalAccuracyNote")) {
            lines.add("classifier accuracy on conditional samples: " + r.get("conditionalAccuracyNote"));
        }
        if (r.containsKey("conditionalAccuracy")) {
            Double realAll = (Double) r.get("realAccuracy");
            lines.add(String.format(
                    Locale.ROOT,
                    "classifier accuracy on conditional samples: %.4f (on real test images %s)",
                    (Double) r.get("conditionalAccuracy"),
                    realAll == null ? "n/a" : String.format(Locale.ROOT, "%.4f", realAll)));
            Map<String, Object> pc = (Map<String, Object>) r.get("perClass");
            for (Map.Entry<String, Object> e : pc.entrySet()) {
                Map<String, Object> row = (Map<String, Object>) e.getValue();
                Double real = (Double) row.get("realAccuracy");
                lines.add(String.format(
                        Locale.ROOT,
                        "  %-12s %.3f (real %s)",
                        e.getKey(),
                        (Double) row.get("accuracy"),
                        real == null ? "n/a: no real image of this class" : String.format(Locale.ROOT, "%.3f", real)));
            }
        }
        return lines;
    }

    private static void say(PrintStream log, String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
        }
    }
}
