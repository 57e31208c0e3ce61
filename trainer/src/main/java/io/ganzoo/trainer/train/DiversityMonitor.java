package io.ganzoo.trainer.train;

import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Pixels;

/**
 * Measures the diversity of each sample grid, the mean pairwise distance of its images divided by that of as many
 * real images, prints it and hands it to the {@link HealthMonitor}, which warns when it collapses.
 */
final class DiversityMonitor implements TrainingListener, SampleGrids.Observer {
    private final HealthMonitor health;
    private double realDiversity;

    DiversityMonitor(HealthMonitor health) {
        this.health = health;
    }

    @Override
    public void onTrainingBegin(TrainingRun run) {
        realDiversity = realDiversity(
                run.data(),
                SampleGrids.size(run.model().classes()),
                run.config().seed());
    }

    @Override
    public void onGrid(TrainingRun run, long step, float[] pixels, int count) {
        double ratio =
                HealthMonitor.meanPairwiseDistance(pixels, count, run.data().imageSize()) / realDiversity;
        run.print("step %d: sample diversity %.2f of real data's", step, ratio);
        run.report(health.observeDiversity(step, ratio));
    }

    /** Mean pairwise distance of {@code n} real images drawn with the seed: the yardstick of sample diversity. */
    static double realDiversity(ImageDataset data, int n, long seed) {
        int m = Math.min(n, data.count());
        int[] order = GanTrainer.permutation(data.count(), seed + 99, 0);
        float[] px = new float[m * data.imageSize()];
        Pixels.copy(data, order, 0, m, px);
        return HealthMonitor.meanPairwiseDistance(px, m, data.imageSize());
    }
}
