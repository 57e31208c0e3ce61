package io.ganzoo.trainer.train;

import io.ganzoo.trainer.engine.Torch;

import java.util.Locale;

/**
 * Stops a run whose losses became NaN or infinite, saying where the last good checkpoint is (as DJL's
 * {@code DivergenceCheckTrainingListener}). Must come after {@link MetricsLog} (the failing step is logged) and
 * before {@link CheckpointSaver} (a diverged state is never saved).
 */
final class DivergenceCheck implements TrainingListener {
    @Override
    public void onBatch(TrainingRun run, StepMetrics m) throws TrainingFailedException {
        if (m.finite()) {
            return;
        }
        String keep = Checkpoint.exists(run.runDir())
                ? String.format(
                        Locale.ROOT,
                        "The last good checkpoint (step %d) is kept in %s; resume from it"
                                + " with --resume, or restart with a lower learning rate.",
                        run.lastCheckpoint(),
                        run.runDir())
                : "No checkpoint had been written yet; restart with a lower learning rate.";
        throw new TrainingFailedException(String.format(
                Locale.ROOT,
                "losses became non-finite at step %d (D %s, G %s). %s (Ran on: %s.)",
                m.step(),
                m.lossD(),
                m.lossG(),
                keep,
                Torch.environment()));
    }
}
