package io.ganzoo.trainer.train;

/** Small, fast configurations for tests. */
public final class TinyConfigs {
    private TinyConfigs() {}

    /** A narrow DCGAN on synthetic 28x28 data: milliseconds per step. */
    public static TrainConfig tiny(long steps) {
        return TrainConfig.dcgan()
                .name("test-dcgan")
                .version("0.1.0")
                .dataset("synthetic/rectangles")
                .latentSize(16)
                .ngf(8)
                .ndf(8)
                .batchSize(16)
                .epochs(1)
                .steps(steps)
                .seed(3L)
                .checkpointEvery(5)
                .build();
    }
}
