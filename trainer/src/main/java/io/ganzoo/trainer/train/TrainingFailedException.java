package io.ganzoo.trainer.train;

import io.ganzoo.console.ExitCode;

/** Training stopped because it diverged; the message says where and how to go on. */
public class TrainingFailedException extends Exception implements ExitCode.Carrier {
    private static final long serialVersionUID = 1L;

    public TrainingFailedException(String message) {
        super(message);
    }

    /** {@link ExitCode#DIVERGED}. */
    @Override
    public ExitCode exitCode() {
        return ExitCode.DIVERGED;
    }
}
