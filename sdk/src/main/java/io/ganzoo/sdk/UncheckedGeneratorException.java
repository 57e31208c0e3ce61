package io.ganzoo.sdk;

/**
 * A {@link GeneratorException} raised where a checked exception cannot be (inside an {@link java.util.Iterator} of
 * {@link Generator#batches}); {@link #getCause()} is the original.
 */
public final class UncheckedGeneratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UncheckedGeneratorException(GeneratorException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized GeneratorException getCause() {
        return (GeneratorException) super.getCause();
    }
}
