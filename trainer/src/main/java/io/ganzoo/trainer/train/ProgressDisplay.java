package io.ganzoo.trainer.train;

import io.ganzoo.console.Progress;

import java.util.Locale;

/** Shows the run's progress through {@link Progress}: steps, rate, ETA, and the step's epoch, losses, D(x) and D(G(z)). */
final class ProgressDisplay implements TrainingListener {
    private Progress progress;

    @Override
    public void onTrainingBegin(TrainingRun run) {
        progress = new Progress(run.log(), "steps", run.startStep(), run.totalSteps());
    }

    @Override
    public void onBatch(TrainingRun run, StepMetrics m) {
        String figures = String.format(
                Locale.ROOT,
                "epoch %d lossD %.3f lossG %.3f D(x) %.2f D(G(z)) %.2f",
                m.epoch() + 1,
                m.lossD(),
                m.lossG(),
                m.dReal(),
                m.dFake());
        if (run.config().augmentTarget() > 0) {
            figures += String.format(Locale.ROOT, " augment p %.3f", m.augmentP());
        }
        progress.update(m.step(), figures);
    }
}
