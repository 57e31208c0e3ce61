package io.ganzoo.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * StackedMNIST (Metz et al. 2017; Srivastava et al. 2017): three MNIST digits drawn independently and stacked as the
 * red, green and blue channels of one 28x28 image, so there are 1000 modes (digit triples). The mode of an image is
 * {@code 100 * red + 10 * green + blue}.
 */
public final class StackedMnist {
    /** Number of modes: digit triples. */
    public static final int MODES = 1000;

    private StackedMnist() {}

    /**
     * {@code count} stacked images built from the digits of {@code digits} (1 x 28 x 28), each channel an
     * independent uniform draw, labelled with their mode. Deterministic for a seed.
     */
    public static ImageDataset build(ImageDataset digits, int count, long seed) {
        if (digits.channels() != 1 || digits.labels() == null) {
            throw new IllegalArgumentException("StackedMNIST needs labelled one-channel digits, found "
                    + digits.channels() + " channels" + (digits.labels() == null ? " without labels" : ""));
        }
        int size = digits.imageSize();
        byte[] px = new byte[count * 3 * size];
        int[] modes = new int[count];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            int mode = 0;
            for (int c = 0; c < 3; c++) {
                int k = r.nextInt(digits.count());
                System.arraycopy(digits.pixels(), k * size, px, (i * 3 + c) * size, size);
                mode = mode * 10 + digits.labels()[k];
            }
            modes[i] = mode;
        }
        return new ImageDataset(
                px,
                modes,
                count,
                3,
                digits.height(),
                digits.width(),
                modeNames(),
                "stacked-mnist/" + digits.name().substring(digits.name().indexOf('/') + 1));
    }

    /** "000" .. "999". */
    public static List<String> modeNames() {
        List<String> names = new ArrayList<>(MODES);
        for (int m = 0; m < MODES; m++) {
            names.add(String.format(Locale.ROOT, "%03d", m));
        }
        return names;
    }
}
