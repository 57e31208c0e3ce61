package io.ganzoo.trainer.train;

/** Small, fast configurations for tests. */
public final class TinyConfigs {
    private TinyConfigs() {
    }

    /** A narrow DCGAN on synthetic 28x28 data: milliseconds per step. */
    public static TrainConfig tiny(long steps) {
        return new TrainConfig("test-dcgan", "0.1.0", "dcgan", "non-saturating", "synthetic/rectangles", 16, 8, 8, 16, 1,
                steps, 2e-4f, 2e-4f, 0.5f, 0.999f, 3L, 0, 5, "adam", 1, 0f, 0f, 0f);
    }
}
