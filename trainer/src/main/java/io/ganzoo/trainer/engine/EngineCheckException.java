package io.ganzoo.trainer.engine;

import io.ganzoo.console.ExitCode;

/**
 * The PyTorch engine computes wrong convolutions on this machine even after the fallbacks ganzoo knows of: training
 * here would produce NaN losses or a quietly worse model, so ganzoo refuses. The message names the CPU, the native
 * libraries, the wrong results and what to try.
 */
public final class EngineCheckException extends RuntimeException implements ExitCode.Carrier {
    private static final long serialVersionUID = 1L;

    EngineCheckException(String message) {
        super(message);
    }

    /** {@link ExitCode#ENGINE}. */
    @Override
    public ExitCode exitCode() {
        return ExitCode.ENGINE;
    }
}
