package io.ganzoo.sdk;

/**
 * A generator could not be loaded or run for a reason of the environment rather than the caller: the model is
 * missing, its file is corrupt or is not a ganzoo generator, or ONNX Runtime failed. The message says what was
 * expected, what was found and what to do.
 */
public class GeneratorException extends Exception {
    private static final long serialVersionUID = 1L;

    public GeneratorException(String message) {
        super(message);
    }

    public GeneratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
