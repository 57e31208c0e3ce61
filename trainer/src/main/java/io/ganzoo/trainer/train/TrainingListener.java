package io.ganzoo.trainer.train;

import java.io.IOException;

/**
 * Something that follows a {@link GanTrainer} run, in the pattern of DJL's {@code TrainingListener}: the metrics log,
 * the sample grids, the health monitor, the diversity measure, the checkpoints and the progress display are each one
 * (see {@link GanTrainer#defaultListeners}); a test or a tool can add its own.
 *
 * <p>The trainer calls the listeners in the order of its list. After each step's updates every listener in turn gets
 * {@link #onBatch}, followed at once, when that step completes an epoch, by its own {@link #onEpoch}; then the next
 * listener gets both. {@link #onTrainingEnd} is called whether the run succeeds or fails, as DJL's trainer does on
 * close. Every method does nothing unless overridden.
 */
public interface TrainingListener {

    /** Before the first step (of this invocation: a resumed run begins at its checkpoint's step). */
    default void onTrainingBegin(TrainingRun run) throws IOException {}

    /**
     * After G step {@code step.step()} (1-based): its {@code criticSteps} D updates and its G update are done.
     *
     * @throws TrainingFailedException to stop the run (as {@link DivergenceCheck} does on non-finite losses)
     */
    default void onBatch(TrainingRun run, StepMetrics step) throws IOException, TrainingFailedException {}

    /** After {@link #onBatch} of a step that completes an epoch (a pass over the data in D batches). */
    default void onEpoch(TrainingRun run, StepMetrics step) throws IOException {}

    /** After the last step, or when the run stops on an exception: release what {@link #onTrainingBegin} took. */
    default void onTrainingEnd(TrainingRun run) throws IOException {}
}
