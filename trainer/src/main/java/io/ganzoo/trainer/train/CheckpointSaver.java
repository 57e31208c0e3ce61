package io.ganzoo.trainer.train;

import java.io.IOException;

/**
 * Saves a checkpoint (weights, BatchNorm statistics, optimiser moments, the step and elapsed time) every
 * {@link TrainConfig#checkpointEvery} steps, at the end of every epoch and at the last step, once per step.
 */
final class CheckpointSaver implements TrainingListener {
    @Override
    public void onBatch(TrainingRun run, StepMetrics m) throws IOException {
        if (scheduled(run, m)) {
            save(run, m);
        }
    }

    @Override
    public void onEpoch(TrainingRun run, StepMetrics m) throws IOException {
        if (!scheduled(run, m)) { // otherwise saved by onBatch already
            save(run, m);
        }
    }

    private static boolean scheduled(TrainingRun run, StepMetrics m) {
        return m.step() % run.config().checkpointEvery() == 0 || run.lastStep(m);
    }

    private static void save(TrainingRun run, StepMetrics m) throws IOException {
        Checkpoint.save(run.runDir(), new Checkpoint.Header(m.step(), m.seconds(), run.config()), run.state());
        run.checkpointSaved(m.step());
    }
}
