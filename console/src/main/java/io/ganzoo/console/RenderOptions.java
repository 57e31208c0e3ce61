package io.ganzoo.console;

import picocli.CommandLine.Option;

/**
 * What defines the images of a rendered data set besides the model and the count, shared by {@code ganzoo render} ({@code io.ganzoo.cli}) and
 * the Spark job ({@code io.ganzoo.spark.RenderJob}) so that both read the same words the same way. A picocli mixin.
 */
public final class RenderOptions {
    @Option(names = "--seed", defaultValue = "0", description = "seed (default: ${DEFAULT-VALUE})")
    public long seed;

    @Option(
            names = {"--label", "--labels"},
            paramLabel = "CLASS[,CLASS...]",
            description = "conditional models: the class of every image, or several that image k cycles through"
                    + " (k mod their number); default: all classes in turn")
    public String label;
}
