package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;

/**
 * A {@link ModelException} raised where a checked exception cannot be (inside an {@link java.util.Iterator} of
 * {@link Generator#batches}); {@link #getCause()} is the original, with its {@link ModelException#reason()}.
 */
public final class UncheckedModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UncheckedModelException(ModelException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized ModelException getCause() {
        return (ModelException) super.getCause();
    }
}
