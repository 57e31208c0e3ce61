package io.ganzoo.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.ImageDataset;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

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

    /** Outcome of a run. */
    public record Result(long steps, double seconds, Path runDir, StepMetrics last) {
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
        Objective objective = Objective.named(config.objective());
        int stepsPerEpoch = config.stepsPerEpoch(data.count());
        long total = config.totalSteps(data.count());
        int batch = config.batchSize();
        int latent = config.latentSize();
        print("seed %d; %s/%s on %s (%d images); %d steps of batch %d (%d per epoch); run folder %s",
                config.seed(), config.family(), objective.name(), data.name(), data.count(), total, batch,
                stepsPerEpoch, runDir);

        try (GanModel model = GanModel.create(config, data.channels(), data.height(), data.width())) {
            Adam optG = new Adam(model.generator().trainable(), config.learningRateG(), config.beta1(), config.beta2(),
                    model.manager());
            Adam optD = new Adam(model.discriminator().trainable(), config.learningRateD(), config.beta1(),
                    config.beta2(), model.manager());
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
                optD.restoreUpdates(step);
                print("resumed at step %d of %d", step, total);
            }
            print("G: %,d parameters, D: %,d parameters", model.generator().size(), model.discriminator().size());
            float[] fixedNoise = Noise.standardNormal(config.seed(), 0, GRID_SAMPLES, latent);
            long startNanos = System.nanoTime();
            Progress progress = new Progress(log, "steps", step, total);
            StepMetrics last = null;
            long lastCheckpoint = step;
            int[] order = null;
            int orderEpoch = -1;
            float[] batchPixels = new float[batch * data.imageSize()];
            Shape xShape = new Shape(batch, data.channels(), data.height(), data.width());
            Shape zShape = new Shape(batch, latent);
            try (MetricsLog metrics = new MetricsLog(runDir, step)) {
                while (step < total) {
                    int epoch = (int) (step / stepsPerEpoch);
                    int inEpoch = (int) (step % stepsPerEpoch);
                    if (epoch != orderEpoch) {
                        order = permutation(data.count(), config.seed(), epoch);
                        orderEpoch = epoch;
                    }
                    fillBatch(order, inEpoch * batch, batchPixels);
                    float[] zD = Noise.standardNormal(config.seed() + 1, step * 2L * batch, batch, latent);
                    float[] zG = Noise.standardNormal(config.seed() + 1, step * 2L * batch + batch, batch, latent);
                    step++;
                    try (NDManager sm = model.manager().newSubManager()) {
                        NDArray real = sm.create(batchPixels, xShape);
                        float lossD;
                        float dReal;
                        float dFake;
                        // D step: G's output is produced outside the collector, so no graph reaches G.
                        NDArray fake = model.generate(sm.create(zD, zShape), true);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray realLogits = model.discriminate(real, true);
                            NDArray fakeLogits = model.discriminate(fake, true);
                            NDArray loss = objective.discriminatorLoss(realLogits, fakeLogits);
                            gc.backward(loss);
                            lossD = loss.getFloat();
                            dReal = Activation.sigmoid(realLogits).mean().getFloat();
                            dFake = Activation.sigmoid(fakeLogits).mean().getFloat();
                        }
                        optD.step();
                        // G step: D is frozen so its weights collect no gradient.
                        float lossG;
                        model.discriminator().freeze(true);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = objective.generatorLoss(null, model.discriminate(model.generate(sm.create(zG, zShape),
                                    true), true));
                            gc.backward(loss);
                            lossG = loss.getFloat();
                        } finally {
                            model.discriminator().freeze(false);
                        }
                        optG.step();
                        double seconds = secondsBefore + (System.nanoTime() - startNanos) / 1e9;
                        last = new StepMetrics(step, epoch, lossD, lossG, dReal, dFake, seconds);
                    }
                    metrics.write(last);
                    if (!last.finite()) {
                        metrics.flush();
                        String keep = Checkpoint.exists(runDir)
                                ? String.format(Locale.ROOT, "The last good checkpoint (step %d) is kept in %s; resume from it"
                                        + " with --resume, or restart with a lower learning rate.", lastCheckpoint, runDir)
                                : "No checkpoint had been written yet; restart with a lower learning rate.";
                        throw new TrainingFailedException(String.format(Locale.ROOT,
                                "losses became non-finite at step %d (D %s, G %s). %s", step, last.lossD(), last.lossG(), keep));
                    }
                    boolean epochEnd = step % stepsPerEpoch == 0;
                    boolean sampleNow = config.sampleEvery() > 0 ? step % config.sampleEvery() == 0 : epochEnd;
                    if (sampleNow || step == total) {
                        writeGrid(model, fixedNoise, runDir.resolve("samples").resolve(
                                String.format(Locale.ROOT, "step-%07d.png", step)));
                    }
                    if (step % config.checkpointEvery() == 0 || epochEnd || step == total) {
                        metrics.flush();
                        Checkpoint.save(runDir, new Checkpoint.Header(step, last.seconds(), config),
                                state(model, optG, optD));
                        lastCheckpoint = step;
                    }
                    progress.update(step, String.format(Locale.ROOT, "epoch %d lossD %.3f lossG %.3f D(x) %.2f D(G(z)) %.2f",
                            epoch + 1, last.lossD(), last.lossG(), last.dReal(), last.dFake()));
                }
            }
            if (last == null) {
                print("nothing to do: the checkpoint is already at step %d of %d", step, total);
                return new Result(step, secondsBefore, runDir, null);
            }
            print("done: %d steps in %s", step, Progress.duration(last.seconds()));
            return new Result(step, last.seconds(), runDir, last);
        }
    }

    /** Weights, BatchNorm statistics and Adam moments under stable names. */
    static Map<String, NDArray> state(GanModel model, Adam optG, Adam optD) {
        Map<String, NDArray> all = new LinkedHashMap<>(model.tensors());
        all.putAll(optG.state("adamG"));
        all.putAll(optD.state("adamD"));
        return all;
    }

    /** Writes an 8-column grid of the generator's (inference-mode) outputs on the fixed noise. */
    static void writeGrid(GanModel model, float[] noise, Path file) throws IOException {
        int n = noise.length / model.config().latentSize();
        float[] px = model.sample(noise, n);
        Images.of(px, n, model.channels(), model.height(), model.width(), -1f, 1f).grid(8).writePng(file);
    }

    private void fillBatch(int[] order, int start, float[] dst) {
        int size = data.imageSize();
        byte[] px = data.pixels();
        for (int b = 0; b < config.batchSize(); b++) {
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
            log.println(String.format(Locale.ROOT, format, args));
        }
    }
}
