package io.ganzoo.trainer.train;

import io.ganzoo.trainer.loss.Objective;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.engine.Torch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * The training loop: alternating D and G steps of an {@link Objective}, per-step metrics, a sample grid from a fixed
 * noise batch, atomic checkpoints and exact resumption.
 *
 * <p>Everything random is a function of the seed and the step, so a resumed run draws the same batches and noise
 * as an uninterrupted one: the data order of epoch {@code e} comes from {@code Random(seed, e)}, the noise of step
 * {@code s} from {@link Noise} indices of that step, the initial weights from the engine seeded with the seed.
 */
public final class GanTrainer {
    /** Number of fixed-noise samples drawn into each grid. */
    public static final int GRID_SAMPLES = 64;

    private final TrainConfig config;
    private final ImageDataset data;
    private final Path runDir;
    private final PrintStream log;
    private BiConsumer<Long, GanModel> afterStep = (step, model) -> { };

    /** Outcome of a run. */
    public record Result(long steps, double seconds, Path runDir, StepMetrics last,
                         List<HealthMonitor.Warning> warnings) {
    }

    /**
     * @param log where to print the seed, progress and notices; {@code null} for silence
     */
    public GanTrainer(TrainConfig config, ImageDataset data, Path runDir, PrintStream log) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
    }

    /**
     * Test seam: runs after each step's updates, before its metrics are judged and its grid drawn. Tests use it to
     * force a failure mode on a real run (e.g. cut G off from its noise to make it collapse).
     */
    GanTrainer afterStep(BiConsumer<Long, GanModel> hook) {
        this.afterStep = hook;
        return this;
    }

    /**
     * Trains to {@link TrainConfig#totalSteps} and leaves a checkpoint, metrics and sample grids in the run folder.
     *
     * @param resume continue from the run folder's checkpoint; without it the folder must hold no checkpoint
     * @throws IOException             when the run folder cannot be written
     * @throws TrainingFailedException when a loss becomes NaN or infinite
     */
    public Result train(boolean resume) throws IOException, TrainingFailedException {
        boolean has = Checkpoint.exists(runDir);
        if (has && !resume) {
            throw new IllegalStateException("run folder " + runDir + " already holds a checkpoint; pass --resume to continue"
                    + " that run, or choose another output folder");
        }
        if (!has && resume) {
            throw new IllegalStateException("cannot resume: no checkpoint in " + runDir);
        }
        Files.createDirectories(runDir.resolve("samples"));
        Objective objective = config.objective().create();
        int stepsPerEpoch = config.stepsPerEpoch(data.count());
        long total = config.totalSteps(data.count());
        int batch = config.batchSize();
        print("seed %d; %s/%s on %s (%d images); %d steps of batch %d (%d per epoch); run folder %s",
                config.seed(), config.family().wireName(), objective.name(), data.name(), data.count(), total, batch,
                stepsPerEpoch, runDir);

        try (GanModel model = GanModel.create(config, data.channels(), data.height(), data.width(),
                data.classNames().size())) {
            Optimizer optG = Optimizer.create(config, model.generator().trainable(), config.learningRateG(),
                    model.manager());
            Optimizer optD = Optimizer.create(config, model.discriminator().trainable(), config.learningRateD(),
                    model.manager());
            GanStep update = new GanStep(model, objective, optG, optD);
            long step = 0;
            double secondsBefore = 0;
            if (resume) {
                Checkpoint ck = Checkpoint.load(runDir);
                if (!ck.header().config().equals(config)) {
                    throw new IllegalStateException("cannot resume " + runDir + ": it was started with another configuration:"
                            + "\n  saved: " + ck.header().config() + "\n  given: " + config);
                }
                ck.restore(state(model, optG, optD));
                step = ck.header().step();
                secondsBefore = ck.header().seconds();
                optG.restoreUpdates(step);
                optD.restoreUpdates(step * config.criticSteps());
                print("resumed at step %d of %d", step, total);
            }
            print("G: %,d parameters, D: %,d parameters", model.generator().size(), model.discriminator().size());
            int[] fixedLabels = gridLabels(model.classes());
            int gridSize = fixedLabels == null ? GRID_SAMPLES : fixedLabels.length;
            float[] fixedNoise = Noise.standardNormal(config.seed(), 0, gridSize, config.latentSize());
            long startNanos = System.nanoTime();
            Progress progress = new Progress(log, "steps", step, total);
            StepMetrics last = null;
            long lastCheckpoint = step;
            Batches batches = new Batches(stepsPerEpoch);
            HealthMonitor health = new HealthMonitor(config.objective());
            List<HealthMonitor.Warning> warnings = new ArrayList<>();
            double realDiversity = realDiversity(gridSize);
            try (MetricsLog metrics = new MetricsLog(runDir, step)) {
                while (step < total) {
                    last = step(model, update, batches, step, secondsBefore + (System.nanoTime() - startNanos) / 1e9);
                    step++;
                    afterStep.accept(step, model);
                    last = new StepMetrics(step, last.epoch(), last.lossD(), last.lossG(), last.dReal(), last.dFake(),
                            last.gradD(), last.gradG(), secondsBefore + (System.nanoTime() - startNanos) / 1e9);
                    metrics.write(last);
                    if (!last.finite()) {
                        metrics.flush();
                        String keep = Checkpoint.exists(runDir)
                                ? String.format(Locale.ROOT, "The last good checkpoint (step %d) is kept in %s; resume from it"
                                        + " with --resume, or restart with a lower learning rate.", lastCheckpoint, runDir)
                                : "No checkpoint had been written yet; restart with a lower learning rate.";
                        throw new TrainingFailedException(String.format(Locale.ROOT,
                                "losses became non-finite at step %d (D %s, G %s). %s (Ran on: %s.)", step, last.lossD(), last.lossG(),
                                keep, Torch.environment()));
                    }
                    report(health.observe(step, last.lossD(), last.lossG(), realScore(last), fakeScore(last)), warnings);
                    boolean epochEnd = epochsDone(step, stepsPerEpoch) > epochsDone(step - 1, stepsPerEpoch);
                    boolean sampleNow = config.sampleEvery() > 0 ? step % config.sampleEvery() == 0 : epochEnd;
                    if (sampleNow || step == total) {
                        float[] px = writeGrid(model, fixedNoise, fixedLabels, runDir.resolve("samples").resolve(
                                String.format(Locale.ROOT, "step-%07d.png", step)));
                        double ratio = HealthMonitor.meanPairwiseDistance(px, gridSize, data.imageSize()) / realDiversity;
                        print("step %d: sample diversity %.2f of real data's", step, ratio);
                        report(health.observeDiversity(step, ratio), warnings);
                    }
                    if (step % config.checkpointEvery() == 0 || epochEnd || step == total) {
                        metrics.flush();
                        Checkpoint.save(runDir, new Checkpoint.Header(step, last.seconds(), config),
                                state(model, optG, optD));
                        lastCheckpoint = step;
                    }
                    progress.update(step, String.format(Locale.ROOT, "epoch %d lossD %.3f lossG %.3f D(x) %.2f D(G(z)) %.2f",
                            last.epoch() + 1, last.lossD(), last.lossG(), last.dReal(), last.dFake()));
                }
            }
            if (last == null) {
                print("nothing to do: the checkpoint is already at step %d of %d", step, total);
                return new Result(step, secondsBefore, runDir, null, warnings);
            }
            print("done: %d steps in %s", step, Progress.duration(last.seconds()));
            return new Result(step, last.seconds(), runDir, last, warnings);
        }
    }

    private boolean probabilities() {
        return config.objective().probabilities();
    }

    /**
     * The score the health monitor judges balance on: D's mean probability on real data, or for the relativistic
     * objective sigmoid of the mean real-fake gap (the probability D gives to "real is more real than fake").
     */
    private double realScore(StepMetrics m) {
        return probabilities() ? m.dReal() : 1 / (1 + Math.exp(-(m.dReal() - m.dFake())));
    }

    /** D's mean probability on fakes, or for the relativistic objective the complement of {@link #realScore}. */
    private double fakeScore(StepMetrics m) {
        return probabilities() ? m.dFake() : 1 - realScore(m);
    }

    private void report(List<HealthMonitor.Warning> found, List<HealthMonitor.Warning> all) {
        for (HealthMonitor.Warning w : found) {
            all.add(w);
            print("warning at step %d: %s", w.step(), w.message());
        }
    }

    /** Mean pairwise distance of {@code n} real images, the yardstick of sample diversity. */
    private double realDiversity(int n) {
        int m = Math.min(n, data.count());
        int[] order = permutation(data.count(), config.seed() + 99, 0);
        float[] px = new float[m * data.imageSize()];
        fillBatch(order, 0, px, m);
        return HealthMonitor.meanPairwiseDistance(px, m, data.imageSize());
    }

    /** Epochs completed after {@code step} G steps. */
    private long epochsDone(long step, int batchesPerEpoch) {
        return step * config.criticSteps() / batchesPerEpoch;
    }

    /** The data order of the current epoch, drawn again only when the epoch changes. */
    private final class Batches {
        private final int perEpoch;
        private final float[] pixels = new float[config.batchSize() * data.imageSize()];
        private final int[] labels = new int[config.batchSize()];
        private int[] order;
        private long orderEpoch = -1;

        Batches(int perEpoch) {
            this.perEpoch = perEpoch;
        }

        /** Real batch number {@code b} of the run (epoch b / perEpoch), scaled to [-1, 1]. */
        float[] get(long b) {
            long epoch = b / perEpoch;
            if (epoch != orderEpoch) {
                order = permutation(data.count(), config.seed(), (int) epoch);
                orderEpoch = epoch;
            }
            int start = (int) (b % perEpoch) * config.batchSize();
            fillBatch(order, start, pixels, config.batchSize());
            if (data.labels() != null) {
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = data.labels()[order[start + i]];
                }
            }
            return pixels;
        }

        /** Labels of the batch last returned by {@link #get}. */
        int[] labels() {
            return labels;
        }
    }

    /**
     * G step {@code step} (0-based): {@code criticSteps} D updates on fresh real batches and noise, then one G update.
     * Its noise and data are functions of the seed and the step only.
     */
    private StepMetrics step(GanModel model, GanStep update, Batches batches, long step, double seconds) {
        int batch = config.batchSize();
        int latent = config.latentSize();
        int k = config.criticSteps();
        Shape xShape = new Shape(batch, data.channels(), data.height(), data.width());
        Shape zShape = new Shape(batch, latent);
        long noiseBase = step * (k + 1L) * batch;
        GanStep.DResult d = null;
        NDArray lastReal = null;
        NDArray lastLabels = null;
        try (NDManager sm = model.manager().newSubManager()) {
            for (int c = 0; c < k; c++) {
                NDArray real = sm.create(batches.get(step * k + c), xShape);
                // Conditional models: fakes take the real batch's labels, so both sides see the same classes.
                NDArray labels = model.classes() > 0 ? sm.create(batches.labels()) : null;
                lastReal = real;
                lastLabels = labels;
                float[] zD = Noise.standardNormal(config.seed() + 1, noiseBase + (long) c * batch, batch, latent);
                d = update.updateDiscriminator(real, labels, sm.create(zD, zShape), uniform(step, c, batch));
            }
            float[] zG = Noise.standardNormal(config.seed() + 1, noiseBase + (long) k * batch, batch, latent);
            GanStep.GResult g = update.updateGenerator(lastReal, lastLabels, sm.create(zG, zShape));
            long epoch = (step * k + k - 1) / batches.perEpoch;
            return new StepMetrics(step + 1, (int) epoch, d.loss(), g.loss(), d.dReal(), d.dFake(), d.gradNorm(),
                    g.gradNorm(), seconds);
        }
    }

    /** One U(0, 1) mixing weight per sample for the WGAN-GP interpolates, from the seed, step and critic step. */
    private float[] uniform(long step, int c, int n) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(config.seed() * 7919L + step * 31L + c);
        float[] e = new float[n];
        for (int i = 0; i < n; i++) {
            e[i] = (float) r.nextDouble();
        }
        return e;
    }

    /** Weights, BatchNorm statistics and Adam moments under stable names. */
    static Map<String, NDArray> state(GanModel model, Optimizer optG, Optimizer optD) {
        Map<String, NDArray> all = new LinkedHashMap<>(model.tensors());
        all.putAll(optG.state("optG"));
        all.putAll(optD.state("optD"));
        return all;
    }

    /**
     * Labels of the fixed grid of a conditional model: 8 per class, one row per class ({@code null} when
     * unconditional). Image k uses latent vector k, as the sdk's {@code sample(labels, seed)} does.
     */
    static int[] gridLabels(int classes) {
        if (classes == 0) {
            return null;
        }
        int[] labels = new int[8 * classes];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / 8;
        }
        return labels;
    }

    /** Writes an 8-column grid of the generator's (inference-mode) outputs on the fixed noise; returns them. */
    static float[] writeGrid(GanModel model, float[] noise, int[] labels, Path file) throws IOException {
        int n = noise.length / model.config().latentSize();
        float[] px = model.sample(noise, labels, n);
        Images.of(px, n, model.channels(), model.height(), model.width(), -1f, 1f).grid(8).writePng(file);
        return px;
    }

    private void fillBatch(int[] order, int start, float[] dst, int count) {
        int size = data.imageSize();
        byte[] px = data.pixels();
        for (int b = 0; b < count; b++) {
            int src = order[start + b] * size;
            int off = b * size;
            for (int i = 0; i < size; i++) {
                dst[off + i] = (px[src + i] & 0xff) / 127.5f - 1f;
            }
        }
    }

    static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private void print(String format, Object... args) {
        if (log != null) {
            io.ganzoo.zoo.Terminal.endLine(log);              // a message never lands on the progress bar's line
            log.println(String.format(Locale.ROOT, format, args));
        }
    }
}
