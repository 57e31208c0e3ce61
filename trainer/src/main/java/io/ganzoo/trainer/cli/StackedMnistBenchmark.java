package io.ganzoo.trainer.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "stacked-mnist", mixinStandardHelpOptions = true, description = "placeholder")
final class StackedMnistBenchmark implements Callable<Integer> {
    @Override
    public Integer call() {
        return TrainerCli.USAGE;
    }
}
