package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;

import java.util.Arrays;

/**
 * A generator drew NaN or infinite values: the images that hold them are refused rather than shown as black or white
 * (reason {@link ModelException.Reason#OUTPUT}; the CLI exits 5). The model is broken, at least for these latent
 * vectors: latents far from its prior (values of 10^38), or weights that overflowed in training.
 */
public final class NonFiniteOutputException extends ModelException {
    private static final long serialVersionUID = 1L;
    /** How many image numbers the message lists. */
    private static final int LISTED = 10;

    private final long[] images;
    private final long values;
    private final long drawn;

    /**
     * @param source what drew them ({@code name@version} or a path)
     * @param images the numbers of the images with a non-finite value, ascending (as the caller numbers them)
     * @param values how many non-finite values they hold in all
     * @param drawn  how many images were drawn
     */
    NonFiniteOutputException(String source, long[] images, long values, long drawn) {
        super(Reason.OUTPUT, message(source, images, values, drawn));
        this.images = images.clone();
        this.values = values;
        this.drawn = drawn;
    }

    private static String message(String source, long[] images, long values, long drawn) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < Math.min(images.length, LISTED); i++) {
            list.append(i == 0 ? "" : ", ").append(images[i]);
        }
        if (images.length > LISTED) {
            list.append(", ... (").append(images.length - LISTED).append(" more)");
        }
        return source + " drew NaN or infinite values in " + images.length + " of " + drawn + " images ("
                + (images.length == 1 ? "image " : "images ") + list + "; " + values + " values): refused, since an"
                + " image must be finite values in the model's range. The model computes them from these inputs"
                + " (their latent vectors, and their classes when it is conditional: a class whose every image fails"
                + " is broken whatever the seed); avoid those inputs, or retrain or re-export the model.";
    }

    /** The numbers of the images that hold a NaN or infinite value, ascending (a copy). */
    public long[] images() {
        return images.clone();
    }

    /** How many NaN or infinite values those images hold in all. */
    public long values() {
        return values;
    }

    /** How many images were drawn in the call that failed. */
    public long drawn() {
        return drawn;
    }

    /**
     * The same failure with every image number moved by {@code first}: for a caller that drew images
     * {@code first .. first + drawn - 1} of a larger run (a render's batch), so the message names them as the run
     * does.
     *
     * @param source what drew them, as the message should name it
     */
    public NonFiniteOutputException numberedFrom(long first, String source) {
        long[] moved = Arrays.stream(images).map(i -> i + first).toArray();
        NonFiniteOutputException e = new NonFiniteOutputException(source, moved, values, drawn);
        e.initCause(this);
        return e;
    }
}
