package io.ganzoo.cli;

import io.ganzoo.sdk.Device;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Locale;

/** How every command runs its generator: device, threads, batch size. A picocli mixin. */
final class RunOptions {
    @Option(
            names = "--device",
            defaultValue = "cpu",
            paramLabel = "DEVICE",
            description = "cpu, cuda or cuda:N (CUDA needs the onnxruntime_gpu build; default: ${DEFAULT-VALUE})")
    String device;

    @Option(
            names = "--cpu-fallback",
            description = "run on the CPU when the CUDA device cannot be used, instead of failing")
    boolean cpuFallback;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "CPU threads in all; each runs a part of every batch (0: one per core; at most 8 per core)")
    int threads;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
    int batchSize;

    Options options() {
        return Options.builder()
                .optDevice(Device.parse(device))
                .optCpuFallback(cpuFallback)
                .optThreads(threads)
                .optBatchSize(batchSize)
                .build();
    }

    /** Loads {@code model} with these options. */
    Generator load(String model) throws ModelException {
        Generator g = Generator.load(model, options());
        if (g.cpuFallbackReason() != null) {
            // said once, on stderr, whatever -q says: the user asked for another device
            mixee.commandLine()
                    .getErr()
                    .println("ganzoo: running on the CPU instead of " + device + " (--cpu-fallback): "
                            + g.cpuFallbackReason());
        }
        return g;
    }

    /**
     * Says once, on stderr, how many values {@code g} drew outside its declared range (they were clipped to it): a
     * model that does not keep its metadata's promise. Silent when there were none.
     */
    void noteOutOfRange(Generator g) {
        long outside = g.outOfRangeValues();
        if (outside > 0) {
            mixee.commandLine()
                    .getErr()
                    .printf(
                            Locale.ROOT,
                            "ganzoo: note: %,d of %,d values %s drew (%.3f%%) were outside its range [%s, %s] and"
                                    + " were clipped to it%n",
                            outside,
                            g.valuesDrawn(),
                            g.source(),
                            100.0 * outside / g.valuesDrawn(),
                            g.metadata().minValue(),
                            g.metadata().maxValue());
        }
    }

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;
}
