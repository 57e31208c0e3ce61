package io.ganzoo.zoo;

import java.util.Objects;

/**
 * A model could not be found, verified, read or run, for a reason of the environment rather than the caller: thrown
 * for generators and classifiers alike, by the zoo ({@link ZooException}) and the sdk. The message says what was
 * expected, what was found and what to do; {@link #reason()} says which of a few kinds of failure it is, for code
 * that acts on it (an exit code, a retry, a fallback) instead of matching message text, as ONNX Runtime's
 * {@code OrtException.getCode()} and DJL's {@code ModelNotFoundException} / {@code MalformedModelException} do.
 */
public class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The kinds of failure. */
    public enum Reason {
        /** No such model, version or file: an unknown name, a version not in any index, a missing file. */
        NOT_FOUND,
        /** A file's bytes are not the ones its index names (SHA-256 or size differ). */
        CHECKSUM,
        /** A file or index is damaged or not in ganzoo's format: not ONNX, missing metadata, wrong tensors. */
        MALFORMED,
        /** A valid model of the other kind: a classifier where a generator was asked for, or the reverse. */
        WRONG_KIND,
        /** A model this build cannot run: a newer schema, external data, a fixed batch axis, a refused runtime. */
        UNSUPPORTED,
        /**
         * A repository, the local cache or a model file could not be reached, read or written: a server unreachable,
         * too slow or refusing, a folder without its index, a file without read permission, a cache that cannot be
         * created.
         */
        ACCESS,
        /** The device asked for cannot be used (no CUDA build, no GPU) and no fallback was allowed. */
        DEVICE,
        /**
         * A model ran but its output is not what its metadata promises: NaN or infinite values in a generator's
         * images (a broken model, or latents it cannot handle).
         */
        OUTPUT,
        /** ONNX Runtime failed while running a model that loaded. */
        RUNTIME
    }

    private final Reason reason;

    public ModelException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ModelException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Which kind of failure this is; never null. */
    public Reason reason() {
        return reason;
    }
}
