package io.ganzoo.zoo;

/**
 * A model could not be resolved or read: unknown name or version, an index that is malformed, a file that is
 * missing or fails its checksum. The message says what was expected, what was found and what to do.
 */
public class ZooException extends Exception {
    private static final long serialVersionUID = 1L;

    public ZooException(String message) {
        super(message);
    }

    public ZooException(String message, Throwable cause) {
        super(message, cause);
    }
}
