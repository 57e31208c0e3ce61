package io.ganzoo.trainer.metrics;

import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Picture;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Pixels;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import java.util.stream.IntStream;

/**
 * Does a generator copy its training images? For each sample, the distance to its nearest training image, in pixels:
 * the root mean square difference of the RGB values scaled to [0, 1] (0: identical; 0.1: every value off by a tenth
 * of its range). A sample closer than {@code threshold} to a training image is counted as a near copy. For scale,
 * the same distance is measured between real images: from each training image to its nearest training image of
 * another emoji (other names; a skin-tone variant or the mirror of the same emoji does not count).
 */
public final class Memorisation {
    private Memorisation() {}

    /** What {@link #measure} found: per sample its nearest training image and the distance. */
    public record Result(int[] nearest, double[] distance, double[] realNearestOther, Map<String, Object> summary) {}

    /**
     * @param samples   generated images, values in [-1, 1]
     * @param train     the training images (with their mirrors)
     * @param sameEmoji whether training images i and j show the same emoji (the real-vs-real scale skips those)
     * @param threshold RMS distance in [0, 1] units below which a sample counts as a near copy
     */
    public static Result measure(Images samples, ImageDataset train, IntBinaryOperator sameEmoji, double threshold) {
        int size = train.imageSize();
        if (samples.floats().length / samples.count() != size) {
            throw new IllegalArgumentException("samples and training images differ in shape: "
                    + samples.channels() + "x" + samples.height() + "x" + samples.width() + " vs " + train.channels()
                    + "x" + train.height() + "x" + train.width());
        }
        float[] real = Pixels.all(train);
        float[] fake = samples.floats();
        int n = samples.count();
        int m = train.count();
        int[] nearest = new int[n];
        double[] dist = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double best = Double.MAX_VALUE;
            int arg = -1;
            for (int j = 0; j < m; j++) {
                double d = squared(fake, i * size, real, j * size, size, best);
                if (d < best) {
                    best = d;
                    arg = j;
                }
            }
            nearest[i] = arg;
            dist[i] = rms(best, size);
        });
        double[] other = new double[m];
        IntStream.range(0, m).parallel().forEach(i -> {
            double best = Double.MAX_VALUE;
            for (int j = 0; j < m; j++) {
                if (sameEmoji.applyAsInt(i, j) == 0) {
                    best = Math.min(best, squared(real, i * size, real, j * size, size, best));
                }
            }
            other[i] = rms(best, size);
        });
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("samples", n);
        s.put("trainingImages", m);
        s.put("threshold", threshold);
        s.put("nearCopies", fractionBelow(dist, threshold));
        s.put("sampleDistanceMedian", quantile(dist, 0.5));
        s.put("sampleDistanceP05", quantile(dist, 0.05));
        s.put("sampleDistanceMin", quantile(dist, 0));
        s.put("realOtherBelow", fractionBelow(other, threshold));
        s.put("realOtherDistanceMedian", quantile(other, 0.5));
        s.put("realOtherDistanceP05", quantile(other, 0.05));
        return new Result(nearest, dist, other, s);
    }

    /**
     * The evidence of copying to look at: the {@code k} samples nearest to a training image (top row, nearest first)
     * above their nearest training images (bottom row).
     *
     * @param samples the samples {@link #measure} was given, values in [-1, 1]
     * @param train   the training images it was given
     * @param r       what it found
     * @param k       pairs to show; all samples when there are fewer
     * @return the two rows as one picture
     */
    public static Picture nearestPairs(Images samples, ImageDataset train, Result r, int k) {
        Integer[] order = new Integer[samples.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(r.distance()[a], r.distance()[b]));
        int shown = Math.min(k, order.length);
        int size = samples.channels() * samples.height() * samples.width();
        float[] top = new float[shown * size];
        float[] bottom = new float[shown * size];
        float[] fake = samples.floats();
        float[] real = Pixels.all(train);
        for (int i = 0; i < shown; i++) {
            System.arraycopy(fake, order[i] * size, top, i * size, size);
            System.arraycopy(real, r.nearest()[order[i]] * size, bottom, i * size, size);
        }
        int c = samples.channels();
        int h = samples.height();
        int w = samples.width();
        return Images.rows(
                List.of(Images.of(top, shown, c, h, w, -1f, 1f), Images.of(bottom, shown, c, h, w, -1f, 1f)), 2);
    }

    /** Sum of squared differences of values in [-1, 1], stopping early once above {@code bound}. */
    private static double squared(float[] a, int ao, float[] b, int bo, int size, double bound) {
        double sum = 0;
        for (int k = 0; k < size; k += 1024) {
            int end = Math.min(size, k + 1024);
            float part = 0;
            for (int t = k; t < end; t++) {
                float d = a[ao + t] - b[bo + t];
                part += d * d;
            }
            sum += part;
            if (sum >= bound) {
                return sum;
            }
        }
        return sum;
    }

    /** RMS distance in [0, 1] units from a sum of squares in [-1, 1] units. */
    private static double rms(double sumSquares, int size) {
        return Math.sqrt(sumSquares / size) / 2;
    }

    private static double fractionBelow(double[] v, double t) {
        return Arrays.stream(v).filter(x -> x < t).count() / (double) v.length;
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))];
    }
}
