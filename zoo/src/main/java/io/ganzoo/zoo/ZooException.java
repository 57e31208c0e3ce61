package io.ganzoo.zoo;

/**
 * A model could not be resolved or read from the zoo: unknown name or version ({@link Reason#NOT_FOUND}), an index
 * that is malformed ({@link Reason#MALFORMED}), a file that fails its checksum ({@link Reason#CHECKSUM}), a repository
 * that cannot be read ({@link Reason#ACCESS}). The message says what was expected, what was found and what to do.
 */
public class ZooException extends ModelException {
    private static final long serialVersionUID = 1L;

    public ZooException(Reason reason, String message) {
        super(reason, message);
    }

    public ZooException(Reason reason, String message, Throwable cause) {
        super(reason, message, cause);
    }
}
