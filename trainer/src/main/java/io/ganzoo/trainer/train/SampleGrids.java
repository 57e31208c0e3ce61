package io.ganzoo.trainer.train;

import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Noise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws G's outputs (inference mode) on a fixed noise batch into {@code samples/step-NNNNNNN.png}: every
 * {@link TrainConfig#sampleEvery} steps, or at the end of every epoch when that is 0, and at the last step. The fixed
 * batch is latent vectors 0.. of the sdk's noise stream for the run's seed, so the exported model draws the same
 * images with that seed. Each grid's pixels go on to the {@link Observer}s. A run that keeps a moving average of G's
 * weights also gets {@code step-NNNNNNN-ema.png}, what an export of the average would draw.
 */
final class SampleGrids implements TrainingListener {
    /** Number of fixed-noise samples drawn into each grid of an unconditional model. */
    static final int SAMPLES = 64;

    /** Receives the pixels of each grid drawn. */
    interface Observer {
        /** @param pixels {@code count} images in [-1, 1] */
        void onGrid(TrainingRun run, long step, float[] pixels, int count) throws IOException;
    }

    private final List<Observer> observers;
    private int[] labels;
    private float[] noise;

    SampleGrids(Observer... observers) {
        this.observers = List.of(observers);
    }

    /** Images in the grid of a model with {@code classes} classes (0: unconditional). */
    static int size(int classes) {
        return classes == 0 ? SAMPLES : labels(classes).length;
    }

    /**
     * Labels of the fixed grid of a conditional model: 8 per class, one row per class ({@code null} when
     * unconditional). Image k uses latent vector k, as the sdk's {@code sample(labels, seed)} does.
     */
    static int[] labels(int classes) {
        if (classes == 0) {
            return null;
        }
        int[] labels = new int[8 * classes];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / 8;
        }
        return labels;
    }

    @Override
    public void onTrainingBegin(TrainingRun run) throws IOException {
        Files.createDirectories(run.runDir().resolve("samples"));
        labels = labels(run.model().classes());
        noise = Noise.standardNormal(
                run.config().seed(),
                0,
                size(run.model().classes()),
                run.config().latentSize());
    }

    @Override
    public void onBatch(TrainingRun run, StepMetrics m) throws IOException {
        int every = run.config().sampleEvery();
        if (every > 0 && m.step() % every == 0 || run.lastStep(m)) {
            draw(run, m.step());
        }
    }

    @Override
    public void onEpoch(TrainingRun run, StepMetrics m) throws IOException {
        if (run.config().sampleEvery() == 0 && !run.lastStep(m)) { // the last step's was drawn by onBatch
            draw(run, m.step());
        }
    }

    private void draw(TrainingRun run, long step) throws IOException {
        Path dir = run.runDir().resolve("samples");
        Path file = dir.resolve(String.format(Locale.ROOT, "step-%07d.png", step));
        float[] px = write(run.model(), noise, labels, file);
        GanModel model = run.model();
        if (model.ema() != null) {
            // what an export of the moving average draws at this step
            int n = noise.length / model.config().latentSize();
            Images.of(model.sampleEma(noise, labels, n), n, model.channels(), model.height(), model.width(), -1f, 1f)
                    .grid(8)
                    .writePng(dir.resolve(String.format(Locale.ROOT, "step-%07d-ema.png", step)));
        }
        for (Observer o : observers) {
            o.onGrid(run, step, px, noise.length / run.config().latentSize());
        }
    }

    /** Writes an 8-column grid of the generator's (inference-mode) outputs on {@code noise}; returns them. */
    static float[] write(GanModel model, float[] noise, int[] labels, Path file) throws IOException {
        int n = noise.length / model.config().latentSize();
        float[] px = model.sample(noise, labels, n);
        Images.of(px, n, model.channels(), model.height(), model.width(), -1f, 1f)
                .grid(8)
                .writePng(file);
        return px;
    }
}
