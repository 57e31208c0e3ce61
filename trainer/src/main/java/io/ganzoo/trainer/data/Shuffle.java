package io.ganzoo.trainer.data;

import java.util.function.IntUnaryOperator;

/** The data order of an epoch: a Fisher-Yates shuffle of the image indices. */
public final class Shuffle {
    private Shuffle() {}

    /**
     * A random permutation of {@code 0 .. n-1} (Fisher-Yates: for i from n - 1 down to 1, swap i with
     * {@code nextInt(i + 1)}).
     *
     * @param nextInt a uniform draw from {@code [0, bound)}, e.g. {@code random::nextInt} of a {@link java.util.Random}
     *                or a {@link java.util.SplittableRandom}
     */
    public static int[] permutation(int n, IntUnaryOperator nextInt) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt.applyAsInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
