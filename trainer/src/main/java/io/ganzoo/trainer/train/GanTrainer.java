package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ganzoo.console.Progress;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Pixels;
import io.ganzoo.trainer.data.Shuffle;
import io.ganzoo.trainer.loss.Objective;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The training loop: alternating D and G steps of an {@link Objective}, with everything else a run does around them
 * (metrics log, sample grids, health and diversity warnings, checkpoints, progress) done by its
 * {@link TrainingListener}s, and exact resumption.
 *
 * <p>Everything random is a function of the seed and the step, so a resumed run draws the same batches and noise
 * as an uninterrupted one: the data order of epoch {@code e} comes from {@code Random(seed, e)}, the noise of step
 * {@code s} from {@link Noise} indices of that step, the initial weights from the engine seeded with the seed.
 */
public final class GanTrainer {
    private final TrainConfig config;
    private final ImageDataset data;
    private final Path runDir;
    private final PrintStream log;
    private final List<TrainingListener> listeners;

    /** Outcome of a run. */
    public record Result(
            long steps, double seconds, Path runDir, StepMetrics last, List<HealthMonitor.Warning> warnings) {}

    /**
     * A trainer with the {@link #defaultListeners}.
     *
     * @param log where to print the seed, progress and notices; {@code null} for silence
     */
    public GanTrainer(TrainConfig config, ImageDataset data, Path runDir, PrintStream log) {
        this(config, data, runDir, log, defaultListeners(config));
    }

    /**
     * A trainer whose run is followed by {@code listeners}, called in this order (see {@link TrainingListener}).
     *
     * @param log where to print the seed, progress and notices; {@code null} for silence
     */
    public GanTrainer(
            TrainConfig config, ImageDataset data, Path runDir, PrintStream log, List<TrainingListener> listeners) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * What a run does besides its updates, in this order: {@link MetricsLog metrics.jsonl}, the
     * {@link DivergenceCheck} that stops on non-finite losses, the {@link HealthMonitor}'s warnings, the
     * {@link DiversityMonitor} of the {@link SampleGrids}, the {@link CheckpointSaver} and the {@link ProgressDisplay}.
     * A new, modifiable list each call: a test can put its own listener first, to act right after a step's updates.
     */
    public static List<TrainingListener> defaultListeners(TrainConfig config) {
        HealthMonitor health =
                new HealthMonitor(config.objective().create(), config.augment(), config.augmentTarget() > 0);
        DiversityMonitor diversity = new DiversityMonitor(health);
        return new ArrayList<>(List.of(
                new MetricsLog(),
                new DivergenceCheck(),
                health,
                diversity,
                new SampleGrids(diversity),
                new CheckpointSaver(),
                new ProgressDisplay()));
    }

    /**
     * Trains to {@link TrainConfig#totalSteps} and leaves a checkpoint, metrics and sample grids in the run folder.
     *
     * <p>The run folder is held for this process while the run lasts ({@link RunLock}): a training into it from
     * another process is refused.
     *
     * @param resume continue from the run folder's checkpoint; without it the folder must hold no checkpoint
     * @throws IOException             when the run folder cannot be written
     * @throws TrainingFailedException when a loss becomes NaN or infinite
     * @throws IllegalStateException   when the folder holds a checkpoint and {@code resume} is false (or none and it
     *                                 is true), or another training holds it
     */
    @SuppressWarnings("try") // the lock is held by the block, not read in it
    public Result train(boolean resume) throws IOException, TrainingFailedException {
        try (RunLock lock = RunLock.take(
                runDir, "training " + config.name() + "@" + config.version() + " on " + config.dataset())) {
            return trainHeld(resume);
        }
    }

    private Result trainHeld(boolean resume) throws IOException, TrainingFailedException {
        boolean has = Checkpoint.exists(runDir);
        if (has && !resume) {
            throw new IllegalStateException(
                    "run folder " + runDir + " already holds a checkpoint; pass --resume to continue"
                            + " that run, or choose another output folder");
        }
        if (!has && resume) {
            throw new IllegalStateException("cannot resume: no checkpoint in " + runDir);
        }
        Files.createDirectories(runDir);
        Objective objective = config.objective().create();
        int stepsPerEpoch = config.stepsPerEpoch(data.count());
        long total = config.totalSteps(data.count());
        int batch = config.batchSize();
        print(
                "seed %d; %s/%s%s on %s (%d images); %d steps of batch %d (%s); run folder %s",
                config.seed(),
                config.family().wireName(),
                objective.name(),
                config.backbone() == BackboneType.DCGAN ? "" : " with the " + config.backbone() + " backbone",
                data.name(),
                data.count(),
                total,
                batch,
                // an epoch is one pass of D over the data: with k D updates per step it is stepsPerEpoch / k steps
                config.criticSteps() == 1
                        ? stepsPerEpoch + " per epoch"
                        : String.format(
                                Locale.ROOT,
                                "%d D updates each; %.1f steps per epoch",
                                config.criticSteps(),
                                stepsPerEpoch / (double) config.criticSteps()),
                runDir);

        try (GanModel model = GanModel.create(
                config,
                data.channels(),
                data.height(),
                data.width(),
                data.classNames().size())) {
            Optimizer optG =
                    Optimizer.create(config, model.generator().trainable(), config.learningRateG(), model.manager());
            Optimizer optD = Optimizer.create(
                    config, model.discriminator().trainable(), config.learningRateD(), model.manager());
            GanStep update = new GanStep(model, objective, optG, optD);
            long step = 0;
            double secondsBefore = 0;
            if (resume) {
                Checkpoint.Header h = restore(model, optG, optD, update);
                step = h.step();
                secondsBefore = h.seconds();
                TrainConfig was = h.config();
                if (!was.equals(config)) {
                    print(
                            "the run's length changes from %d to %d steps (%s)",
                            was.totalSteps(data.count()),
                            total,
                            config.steps() > 0 ? "--steps " + config.steps() : "--epochs " + config.epochs());
                }
                print("resumed at step %d of %d", step, total);
            }
            print(
                    "G: %,d parameters, D: %,d parameters",
                    model.generator().size(), model.discriminator().size());
            if (config.emaHalfLife() > 0) {
                print(
                        "keeping a moving average of G's weights: half-life %,d images (%.0f steps), so it trails"
                                + " the trained weights by about %.0f steps%s; exports and samples/step-N-ema.png use it",
                        config.emaHalfLife(),
                        config.emaHalfLife() / (double) config.batchSize(),
                        // the mean age of an average with per-step decay b is b / (1 - b), about half-life / ln 2
                        GeneratorEma.lagSteps(config.emaHalfLife(), config.batchSize()),
                        config.emaRampup() > 0
                                ? String.format(
                                        Locale.ROOT,
                                        ", shorter for the first %,d images (warm-up %.2f)",
                                        (long) Math.ceil(config.emaHalfLife() / config.emaRampup()),
                                        config.emaRampup())
                                : "");
            }
            if (!config.augment().isEmpty()) {
                if (config.augmentTarget() > 0) {
                    print(
                            "augmenting the images D sees, real and generated (DiffAugment: %s), each transform on each"
                                    + " image with an adaptive probability (ADA): p %.3f now, moved every %d D updates"
                                    + " towards D's r_t %.2f, across [0, 1] in %,d images (%,.0f steps)",
                            new DiffAugment(config.augment(), config.augmentP(), config.seed()),
                            update.augmentProbability(),
                            AdaptiveAugment.INTERVAL,
                            config.augmentTarget(),
                            config.augmentSpeed(),
                            config.augmentSpeed() / (double) (config.batchSize() * config.criticSteps()));
                } else if (config.augmentP() >= 1) {
                    print(
                            "augmenting every image D sees, real and generated (DiffAugment: %s)",
                            new DiffAugment(config.augment(), config.augmentP(), config.seed()));
                } else {
                    print(
                            "augmenting the images D sees, real and generated (DiffAugment: %s), each transform on each"
                                    + " image with probability %.2f",
                            new DiffAugment(config.augment(), config.augmentP(), config.seed()), config.augmentP());
                }
            }
            TrainingRun run = new TrainingRun(config, data, runDir, log, model, optG, optD, update, step, total);
            long startNanos = System.nanoTime();
            StepMetrics last = null;
            Batches batches = new Batches(stepsPerEpoch);
            try {
                for (TrainingListener l : listeners) {
                    l.onTrainingBegin(run);
                }
                while (step < total) {
                    StepMetrics m = step(model, update, batches, step);
                    step++;
                    last = m.withSeconds(secondsBefore + (System.nanoTime() - startNanos) / 1e9);
                    boolean epochEnd = epochsDone(step, stepsPerEpoch) > epochsDone(step - 1, stepsPerEpoch);
                    for (TrainingListener l : listeners) {
                        l.onBatch(run, last);
                        if (epochEnd) {
                            l.onEpoch(run, last);
                        }
                    }
                }
            } catch (IOException | TrainingFailedException | RuntimeException | Error e) {
                end(run, e);
                throw e;
            }
            end(run, null);
            if (last == null) {
                print("nothing to do: the checkpoint is already at step %d of %d", step, total);
                return new Result(step, secondsBefore, runDir, null, run.warnings());
            }
            print("done: %d steps in %s", step, Progress.duration(last.seconds()));
            return new Result(step, last.seconds(), runDir, last, run.warnings());
        }
    }

    /** Loads the run folder's checkpoint into the model and optimisers; refuses one of another configuration. */
    private Checkpoint.Header restore(GanModel model, Optimizer optG, Optimizer optD, GanStep update)
            throws IOException {
        Checkpoint ck = Checkpoint.load(runDir);
        if (!ck.header().config().sameRunAs(config)) {
            throw new IllegalStateException("cannot resume " + runDir + ": it was started with another configuration:"
                    + "\n  saved: " + ck.header().config() + "\n  given: " + config);
        }
        ck.restore(TrainingRun.state(model, optG, optD, update));
        optG.restoreUpdates(ck.header().step());
        optD.restoreUpdates(ck.header().step() * config.criticSteps());
        return ck.header();
    }

    /** Every listener's {@link TrainingListener#onTrainingEnd}; what fails there is added to {@code failure}, if any. */
    private void end(TrainingRun run, Throwable failure) throws IOException {
        IOException first = null;
        for (TrainingListener l : listeners) {
            try {
                l.onTrainingEnd(run);
            } catch (IOException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
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
            Pixels.copy(data, order, start, config.batchSize(), pixels);
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
    private StepMetrics step(GanModel model, GanStep update, Batches batches, long step) {
        int batch = config.batchSize();
        int latent = config.latentSize();
        int k = config.criticSteps();
        Shape xShape = new Shape(batch, data.channels(), data.height(), data.width());
        Shape zShape = new Shape(batch, latent);
        long noiseBase = step * (k + 1L) * batch;
        GanStep.DResult d = null;
        NDArray lastReal = null;
        NDArray lastLabels = null;
        update.beginStep(step);
        float augmentP = update.augmentProbability();
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
            if (model.ema() != null) {
                model.ema().update(step + 1);
            }
            long epoch = (step * k + k - 1) / batches.perEpoch;
            return new StepMetrics(
                    step + 1,
                    (int) epoch,
                    d.loss(),
                    g.loss(),
                    d.dReal(),
                    d.dFake(),
                    d.gradNorm(),
                    g.gradNorm(),
                    d.rt(),
                    augmentP,
                    0);
        }
    }

    /** One U(0, 1) mixing weight per sample for the WGAN-GP interpolates, from the seed, step and critic step. */
    private float[] uniform(long step, int c, int n) {
        SplittableRandom r = new SplittableRandom(config.seed() * 7919L + step * 31L + c);
        float[] e = new float[n];
        for (int i = 0; i < n; i++) {
            e[i] = (float) r.nextDouble();
        }
        return e;
    }

    /** The data order of epoch {@code epoch} of a run with {@code seed}: a shuffle from {@code Random(seed, epoch)}. */
    static int[] permutation(int n, long seed, int epoch) {
        return Shuffle.permutation(n, new Random(seed * 1_000_003L + epoch)::nextInt);
    }

    private void print(String format, Object... args) {
        TrainingRun.print(log, format, args);
    }
}
