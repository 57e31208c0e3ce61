package io.ganzoo.trainer.cli;

import io.ganzoo.trainer.data.ImageDataset;
import picocli.CommandLine.Option;

/** {@code --limit N}: train on N images drawn at random with the seed; shared by {@code train} and {@code classifier}. */
final class LimitOption {
    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "use only N training images, drawn at random with the seed (0: all)")
    int limit;

    /** {@code data}, or {@code limit} of its images drawn with {@code seed} when a limit is given. */
    ImageDataset apply(ImageDataset data, long seed) {
        return limit > 0 ? data.subset(limit, seed) : data;
    }
}
