package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.trainer.engine.EngineCheckException;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.engine.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code ganzoo-trainer check}: runs the start-up check of PyTorch's arithmetic on this CPU (the one every training
 * run does first) and prints the CPU, the native libraries, each case's errors and the verdict.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        header = "Check that PyTorch computes the trainer's convolutions correctly on this CPU.",
        description = {
            "Runs the check every training run does at start: 8 small conv2d cases, forward, d/dx and d/dw,",
            "against a float64 loop. First it repairs oneDNN's cache sizes where they are absurd (some AMD VMs);",
            "where the check still fails it turns oneDNN off and checks again. Prints the CPU, the native",
            "libraries, the cache sizes, each case's errors and the verdict.",
            "",
            "Settings: GANZOO_ONEDNN or -Dganzoo.onednn = auto (default) | off; -Dganzoo.onednn.repair=false skips",
            "the repair (pass -D options through GANZOO_TRAINER_JAVA_OPTS). See docs/training.md.",
            "",
            "Exit codes: 0 right (perhaps after a repair or with oneDNN off); 2 a bad setting; 6 wrong, training is",
            "refused."
        })
final class CheckCommand implements Callable<Integer> {

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
        return ExitCode.OK.code();
    }
}
