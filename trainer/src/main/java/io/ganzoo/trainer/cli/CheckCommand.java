package io.ganzoo.trainer.cli;

import io.ganzoo.trainer.engine.EngineCheckException;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.engine.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code ganzoo-trainer check}: runs the start-up check of PyTorch's arithmetic on this CPU (the one every training
 * run does first) and prints the CPU, the native libraries, each case's errors and the verdict.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check that PyTorch computes the trainer's convolutions correctly on this CPU (forward, d/dx and",
                "d/dw against a float64 loop), as every training run does at start, and print the verdict.",
                "Exit 0: right (perhaps after turning oneDNN off); 6: wrong, training is refused."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "-v", description = "print stack traces")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Verdict verdict;
        try {
            verdict = Torch.ensureReady();
        } catch (EngineCheckException e) {
            spec.commandLine().getOut().println("verdict:   WRONG");
            spec.commandLine().getOut().flush();
            throw e;
        }
        spec.commandLine().getOut().print(verdict.report());
        spec.commandLine().getOut().flush();
        return TrainerCli.OK;
    }
}
