package io.ganzoo.trainer.analysis;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ganzoo.sdk.Noise;
import io.ganzoo.sdk.Picture;
import io.ganzoo.trainer.loss.Objective;
import io.ganzoo.trainer.metrics.FeatureStats;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanModel;
import io.ganzoo.trainer.train.GanStep;
import io.ganzoo.trainer.train.ObjectiveType;
import io.ganzoo.trainer.train.Optimizer;
import io.ganzoo.trainer.train.TrainConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mode coverage on 2-D mixtures (VEEGAN and PacGAN protocol): small MLP GANs trained with each objective through the
 * same {@link GanStep} as the image trainer, scored on 2,500 samples by {@link Mixture#score}; a {@link Suite} of them
 * (every mixture with every loss over several seeds) gives the table of docs/evaluation.md.
 *
 * <p>Both networks use Adam at the base learning rate for the first half of the run, decaying linearly towards 0
 * over the second half. Networks: G is z (8-d standard normal) -> 3 x (Dense 256, ReLU) -> Dense 2; D is 2 -> 3 x (Dense 256,
 * LeakyReLU 0.2) -> Dense 1, with no normalisation, so every penalty is exact.
 */
public final class MixtureBenchmark {
    /** Samples scored per run, as in the papers. */
    public static final int EVAL_SAMPLES = 2500;
    /** Latent size of the 2-D generators. */
    public static final int LATENT = 8;
    /** The losses compared. */
    public static final List<String> LOSSES = List.of("minimax", "non-saturating", "wgan-gp", "rpgan");

    private MixtureBenchmark() {}

    /**
     * What decides one run.
     *
     * @param loss  one of {@link #LOSSES}
     * @param steps G steps
     * @param batch samples per batch
     * @param width hidden units per layer
     * @param lr    Adam learning rate of both networks
     */
    public record Settings(String loss, int steps, int batch, int width, float lr) {
        public Settings {
            if (!LOSSES.contains(loss)) {
                throw new IllegalArgumentException("loss: expected one of " + LOSSES + ", found " + loss);
            }
            if (steps <= 0 || batch <= 0 || width <= 0 || !(lr > 0) || Float.isInfinite(lr)) {
                throw new IllegalArgumentException("steps, batch, width and lr must be > 0 (lr finite), found " + steps
                        + ", " + batch + ", " + width + ", " + lr);
            }
        }

        /**
         * The training configuration of this loss. Minimax and non-saturating: Adam 1e-4, betas (0.5, 0.999), as in
         * the papers' MLP experiments. WGAN-GP: 5 critic steps, lambda 0.1 (the value of Gulrajani et al.'s toy
         * experiments), Adam 1e-4 (0.5, 0.9). RpGAN: relativistic pairing loss with gamma/2 (R1 + R2), gamma 0.1, Adam
         * 1e-4 (0.5, 0.99).
         */
        TrainConfig config(String mixture, long seed) {
            TrainConfig.Builder b = TrainConfig.builder()
                    .name(mixture + "-" + loss)
                    .version("0.0.0")
                    .dataset("mixture/" + mixture)
                    .latentSize(LATENT)
                    .ngf(width)
                    .ndf(width)
                    .batchSize(batch)
                    .epochs(1)
                    .steps(steps)
                    .learningRates(lr, lr)
                    .betas(0.5f, 0.999f)
                    .seed(seed)
                    .checkpointEvery(Integer.MAX_VALUE);
            TrainConfig.Builder c = switch (loss) {
                case "minimax" -> b.objective(ObjectiveType.MINIMAX);
                case "non-saturating" -> b.objective(ObjectiveType.NON_SATURATING);
                case "wgan-gp" ->
                    b.family(Family.WGAN)
                            .objective(ObjectiveType.WASSERSTEIN)
                            .beta2(0.9f)
                            .criticSteps(5)
                            .gpWeight(0.1f);
                default ->
                    b.family(Family.RPGAN)
                            .objective(ObjectiveType.RELATIVISTIC)
                            .beta2(0.99f)
                            .r1r2Gamma(0.1f);
            };
            return c.build();
        }
    }

    /** Result of one run: its score and its 2,500 evaluation samples. */
    public record Run(Mixture.Score score, float[] samples, double seconds) {}

    /**
     * The runs of {@code ganzoo-trainer benchmark mixtures}: every mixture with every loss, seeds 1 to {@code seeds}
     * each; {@link #run(Suite, Path, PrintWriter)} checks them.
     *
     * @param mixtures  mixture names ({@link Mixture#named})
     * @param losses    losses, each one of {@link #LOSSES}
     * @param seeds     runs per mixture and loss
     * @param steps     G steps of each run but wgan-gp's
     * @param wganSteps G steps of wgan-gp runs (each after its critic steps)
     * @param batch     samples per batch
     * @param width     hidden units per layer
     * @param lr        Adam learning rate of both networks
     */
    public record Suite(
            List<String> mixtures,
            List<String> losses,
            int seeds,
            int steps,
            int wganSteps,
            int batch,
            int width,
            float lr) {
        /**
         * The number of runs.
         *
         * @return mixtures x losses x seeds
         */
        public int runs() {
            return mixtures.size() * losses.size() * seeds;
        }
    }

    /**
     * A suite's outcome.
     *
     * @param table a Markdown table, a row per mixture and loss ({@link #row}), ending in a newline
     * @param json  the protocol, the suite's settings and every run's scores, ready for JSON
     */
    public record Report(String table, Map<String, Object> json) {}

    /**
     * Runs a suite, each mixture, then each loss, then each seed in turn; plots the first seed's samples of each
     * mixture and loss ({@link #scatter}, 480 pixels) into {@code plots/mixture-<mixture>-<loss>.png} when a folder
     * is given.
     *
     * @param suite    the runs
     * @param plots    folder of the scatter plots, made when missing; {@code null} for none
     * @param progress a line per finished run, with its score and the time left, each flushed
     * @return the table and the JSON of all runs
     * @throws IllegalArgumentException for fewer than 1 seed, an unknown mixture or loss, or settings out of range
     *     ({@link Settings}), before anything is run or made
     * @throws IOException              when the folder or a plot cannot be written
     */
    public static Report run(Suite suite, Path plots, PrintWriter progress) throws IOException {
        if (suite.seeds() <= 0) {
            throw new IllegalArgumentException("--seeds: expected at least 1, found " + suite.seeds());
        }
        List<Mixture> ms = new ArrayList<>();
        for (String m : suite.mixtures()) {
            ms.add(Mixture.named(m));
        }
        List<Settings> settings = new ArrayList<>();
        for (String l : suite.losses()) {
            int steps = l.equals("wgan-gp") ? suite.wganSteps() : suite.steps();
            settings.add(new Settings(l, steps, suite.batch(), suite.width(), suite.lr()));
        }
        if (plots != null) {
            Files.createDirectories(plots);
        }
        List<String> rows = new ArrayList<>();
        List<Map<String, Object>> json = new ArrayList<>();
        int total = suite.runs();
        int done = 0;
        long started = System.nanoTime();
        for (Mixture m : ms) {
            for (Settings s : settings) {
                List<Run> runs = new ArrayList<>();
                for (int seed = 1; seed <= suite.seeds(); seed++) {
                    Run r = run(m, s, seed);
                    runs.add(r);
                    done++;
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    progress.printf(
                            Locale.ROOT,
                            "[%d/%d] %s %s seed %d: %s (%.1f s; ETA %.0f s)%n",
                            done,
                            total,
                            m.name(),
                            s.loss(),
                            seed,
                            r.score(),
                            r.seconds(),
                            elapsed / done * (total - done));
                    progress.flush();
                    json.add(runJson(m, s, seed, r));
                    if (plots != null && seed == 1) {
                        scatter(m, r.samples(), 480)
                                .writePng(plots.resolve("mixture-" + m.name() + "-" + s.loss() + ".png"));
                    }
                }
                rows.add(row(m.name(), s.loss(), runs));
            }
        }
        String header = "| mixture | loss | modes | modes (>= 1/4 share) | high quality % | reverse KL | runs |\n"
                + "|---|---|---|---|---|---|---|\n";
        return new Report(header + String.join("\n", rows) + "\n", suiteJson(suite, json));
    }

    /** One run's scores as a JSON object. */
    private static Map<String, Object> runJson(Mixture m, Settings s, int seed, Run r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("mixture", m.name());
        j.put("loss", s.loss());
        j.put("seed", seed);
        j.put("modes", r.score().modes());
        j.put("modesStrict", r.score().modesStrict());
        j.put("highQuality", r.score().highQuality());
        j.put("reverseKl", Double.isFinite(r.score().reverseKl()) ? r.score().reverseKl() : null);
        j.put("countsPerMode", r.score().counts());
        j.put("seconds", r.seconds());
        return j;
    }

    /** The suite's JSON: the protocol, its settings and its runs. */
    private static Map<String, Object> suiteJson(Suite suite, List<Map<String, Object>> runs) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(
                "protocol",
                "2,500 samples; high quality within 3 sd of the nearest mode; a mode is captured with"
                        + " at least one high-quality sample (strict: at least n/(4K)); reverse KL of the high-quality mode"
                        + " histogram against uniform");
        root.put("steps", suite.steps());
        root.put("wganSteps", suite.wganSteps());
        root.put("batchSize", suite.batch());
        root.put("width", suite.width());
        root.put("learningRate", suite.lr());
        root.put("runs", runs);
        return root;
    }

    /** G: z -> 3 x (Dense, ReLU) -> Dense 2. */
    static List<Layer> generator(int width) {
        List<Layer> g = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            g.add(new Layer.Dense(width, true));
            g.add(new Layer.Relu());
        }
        g.add(new Layer.Dense(2, true));
        return g;
    }

    /** D: 2 -> 3 x (Dense, LeakyReLU 0.2) -> Dense 1. */
    static List<Layer> discriminator(int width) {
        List<Layer> d = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            d.add(new Layer.Dense(width, true));
            d.add(new Layer.LeakyRelu(0.2f));
        }
        d.add(new Layer.Dense(1, true));
        return d;
    }

    /** Trains one GAN on {@code mixture} and scores {@link #EVAL_SAMPLES} of its samples. */
    public static Run run(Mixture mixture, Settings s, long seed) {
        long start = System.nanoTime();
        TrainConfig c = s.config(mixture.name(), seed);
        Objective objective = c.objective().create();
        SplittableRandom data = new SplittableRandom(seed * 31 + 17);
        SplittableRandom mix = new SplittableRandom(seed * 131 + 5);
        try (GanModel model = GanModel.create(c, generator(s.width()), discriminator(s.width()), new int[] {2}, 0)) {
            Optimizer optG = Optimizer.adam(
                    model.generator().trainable(), c.learningRateG(), c.beta1(), c.beta2(), model.manager());
            Optimizer optD = Optimizer.adam(
                    model.discriminator().trainable(), c.learningRateD(), c.beta1(), c.beta2(), model.manager());
            GanStep update = new GanStep(model, objective, optG, optD);
            Shape x = new Shape(s.batch(), 2);
            Shape z = new Shape(s.batch(), LATENT);
            long noise = 0;
            for (int step = 0; step < s.steps(); step++) {
                float lr = learningRate(s, step);
                optG.setLearningRate(lr);
                optD.setLearningRate(lr);
                try (NDManager sm = model.manager().newSubManager()) {
                    float[] real = null;
                    for (int k = 0; k < c.criticSteps(); k++) {
                        real = mixture.sample(s.batch(), data);
                        float[] eps = new float[s.batch()];
                        for (int i = 0; i < eps.length; i++) {
                            eps[i] = (float) mix.nextDouble();
                        }
                        update.updateDiscriminator(
                                sm.create(real, x),
                                null,
                                sm.create(Noise.standardNormal(seed, noise, s.batch(), LATENT), z),
                                eps);
                        noise += s.batch();
                    }
                    GanStep.GResult g = update.updateGenerator(
                            sm.create(real, x),
                            null,
                            sm.create(Noise.standardNormal(seed, noise, s.batch(), LATENT), z));
                    noise += s.batch();
                    if (!Float.isFinite(g.loss())) {
                        break; // a diverged run is scored as it stands (its samples are NaN: no mode)
                    }
                }
            }
            float[] samples =
                    model.sample(Noise.standardNormal(seed + 1_000_003L, 0, EVAL_SAMPLES, LATENT), null, EVAL_SAMPLES);
            return new Run(mixture.score(samples), samples, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The schedule: the base rate for the first half of the run, then a linear decay towards 0, which lets G settle
     * its samples onto the modes instead of jittering around them.
     */
    static float learningRate(Settings s, int step) {
        int half = s.steps() / 2;
        return step < half ? s.lr() : s.lr() * (s.steps() - step) / (float) (s.steps() - half);
    }

    /**
     * A scatter plot: the samples as small blue dots over the true modes, each drawn as a red circle of radius
     * 3 sd (the high-quality zone), on a white square of {@code size} pixels.
     */
    public static Picture scatter(Mixture m, float[] samples, int size) {
        byte[] px = new byte[size * size * 3];
        Arrays.fill(px, (byte) 255);
        double half = m.extent() * 1.4 + 0.2;
        for (double[] mode : m.modes()) {
            double r = Math.max(3, 3 * m.sd() / (2 * half) * size);
            int cx = (int) Math.round((mode[0] + half) / (2 * half) * (size - 1));
            int cy = (int) Math.round((half - mode[1]) / (2 * half) * (size - 1));
            for (int a = 0; a < 720; a++) {
                double t = Math.PI * a / 360;
                set(
                        px,
                        size,
                        (int) Math.round(cx + r * Math.cos(t)),
                        (int) Math.round(cy + r * Math.sin(t)),
                        220,
                        30,
                        30);
            }
        }
        for (int i = 0; i < samples.length / 2; i++) {
            double sx = samples[2 * i];
            double sy = samples[2 * i + 1];
            if (!Double.isFinite(sx) || !Double.isFinite(sy)) {
                continue;
            }
            int x = (int) Math.round((sx + half) / (2 * half) * (size - 1));
            int y = (int) Math.round((half - sy) / (2 * half) * (size - 1));
            set(px, size, x, y, 20, 60, 200);
            set(px, size, x + 1, y, 20, 60, 200);
            set(px, size, x, y + 1, 20, 60, 200);
            set(px, size, x + 1, y + 1, 20, 60, 200);
        }
        return Picture.of(px, size, size, 3);
    }

    private static void set(byte[] px, int size, int x, int y, int r, int g, int b) {
        if (x < 0 || y < 0 || x >= size || y >= size) {
            return;
        }
        int o = (y * size + x) * 3;
        px[o] = (byte) r;
        px[o + 1] = (byte) g;
        px[o + 2] = (byte) b;
    }

    /** One table row: mean (sd) of modes, strict modes, HQ % and reverse KL over runs. */
    public static String row(String mixture, String loss, List<Run> runs) {
        double[] modes = runs.stream().mapToDouble(r -> r.score().modes()).toArray();
        double[] strict =
                runs.stream().mapToDouble(r -> r.score().modesStrict()).toArray();
        double[] hq =
                runs.stream().mapToDouble(r -> 100 * r.score().highQuality()).toArray();
        double[] kl = runs.stream().mapToDouble(r -> r.score().reverseKl()).toArray();
        double[] a = FeatureStats.meanSd(modes);
        double[] b = FeatureStats.meanSd(strict);
        double[] h = FeatureStats.meanSd(hq);
        double[] k = FeatureStats.meanSd(kl);
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.1f (%.1f) | %.1f (%.1f) | %.1f (%.1f) | %.3f (%.3f) | %d |",
                mixture,
                loss,
                a[0],
                a[1],
                b[0],
                b[1],
                h[0],
                h[1],
                k[0],
                k[1],
                runs.size());
    }
}
