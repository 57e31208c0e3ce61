package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.zoo.Terminal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a {@link TrainingListener} sees of a {@link GanTrainer} run: its configuration, data, folder, model and state. */
public final class TrainingRun {
    private final TrainConfig config;
    private final ImageDataset data;
    private final Path runDir;
    private final PrintStream log;
    private final GanModel model;
    private final Optimizer optG;
    private final Optimizer optD;
    private final GanStep update;
    private final long startStep;
    private final long totalSteps;
    private final List<HealthMonitor.Warning> warnings = new ArrayList<>();
    private long lastCheckpoint;

    TrainingRun(
            TrainConfig config,
            ImageDataset data,
            Path runDir,
            PrintStream log,
            GanModel model,
            Optimizer optG,
            Optimizer optD,
            GanStep update,
            long startStep,
            long totalSteps) {
        this.config = config;
        this.data = data;
        this.runDir = runDir;
        this.log = log;
        this.model = model;
        this.optG = optG;
        this.optD = optD;
        this.update = update;
        this.startStep = startStep;
        this.totalSteps = totalSteps;
        this.lastCheckpoint = startStep;
    }

    public TrainConfig config() {
        return config;
    }

    public ImageDataset data() {
        return data;
    }

    /** The run folder: checkpoint, metrics.jsonl, samples/. */
    public Path runDir() {
        return runDir;
    }

    /** Where notices and progress go; {@code null} for silence. */
    public PrintStream log() {
        return log;
    }

    public GanModel model() {
        return model;
    }

    /** The step this invocation starts from: 0, or a resumed run's checkpoint step. */
    public long startStep() {
        return startStep;
    }

    /** The step the run ends at. */
    public long totalSteps() {
        return totalSteps;
    }

    /** Whether {@code m} is the run's last step. */
    public boolean lastStep(StepMetrics m) {
        return m.step() == totalSteps;
    }

    /** The step of the newest checkpoint in the run folder (the start step until this invocation saves one). */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }

    void checkpointSaved(long step) {
        lastCheckpoint = step;
    }

    /**
     * Weights, BatchNorm statistics, optimiser moments and the update's own state (the adaptive augmentation's) under
     * stable names: what a checkpoint holds.
     */
    Map<String, NDArray> state() {
        return state(model, optG, optD, update);
    }

    static Map<String, NDArray> state(GanModel model, Optimizer optG, Optimizer optD, GanStep update) {
        Map<String, NDArray> all = new LinkedHashMap<>(model.tensors());
        all.putAll(optG.state("optG"));
        all.putAll(optD.state("optD"));
        all.putAll(update.tensors());
        return all;
    }

    /** Prints a line to the log (never onto the progress bar's line). */
    public void print(String format, Object... args) {
        print(log, format, args);
    }

    static void print(PrintStream log, String format, Object... args) {
        if (log != null) {
            Terminal.endLine(log);
            log.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** Prints and keeps the health warnings of a step. */
    public void report(List<HealthMonitor.Warning> found) {
        for (HealthMonitor.Warning w : found) {
            warnings.add(w);
            print("warning at step %d: %s", w.step(), w.message());
        }
    }

    /** The warnings reported so far. */
    public List<HealthMonitor.Warning> warnings() {
        return Collections.unmodifiableList(warnings);
    }
}
