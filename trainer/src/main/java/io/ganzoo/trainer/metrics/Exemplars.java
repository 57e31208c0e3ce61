package io.ganzoo.trainer.metrics;

import io.ganzoo.sdk.Images;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Pixels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The exemplars of the DCGAN paper's vector arithmetic among a generator's samples: for a set of real images (those
 * of one emoji, say), the samples nearest to any image of the set, in pixels: the root mean square difference of the
 * values scaled to [0, 1], as {@link Memorisation} measures it. A sample is the exemplar of one set only: each
 * {@link #pick} passes over the samples earlier picks took.
 */
public final class Exemplars {
    private final float[] samples;
    private final int count;
    private final float[] real;
    private final int size;
    private final Set<Integer> used = new HashSet<>();

    /**
     * One exemplar.
     *
     * @param sample   its index among the samples
     * @param distance its RMS distance (values in [0, 1]) to the nearest image of the set
     * @param nearest  that image's index among the real images
     */
    public record Exemplar(int sample, double distance, int nearest) {}

    /**
     * @param samples the generated images searched, values in [-1, 1]
     * @param real    the real images the sets are taken from
     * @throws IllegalArgumentException when the samples and the real images differ in shape
     */
    public Exemplars(Images samples, ImageDataset real) {
        this.size = real.imageSize();
        if (samples.channels() * samples.height() * samples.width() != size) {
            throw new IllegalArgumentException("samples and real images differ in shape: " + samples.channels() + "x"
                    + samples.height() + "x" + samples.width() + " vs " + real.channels() + "x" + real.height() + "x"
                    + real.width());
        }
        this.samples = samples.floats();
        this.count = samples.count();
        this.real = Pixels.all(real);
    }

    /**
     * The samples nearest to any image of a set, leaving out those an earlier pick took, and takes them.
     *
     * @param images the set: indices among the real images
     * @param k      exemplars wanted
     * @return the {@code k} nearest samples not taken before (all that are left when fewer), nearest first, equal
     *     distances in the order of the samples
     */
    public List<Exemplar> pick(int[] images, int k) {
        double[] best = new double[count];
        int[] nearest = new int[count];
        IntStream.range(0, count).parallel().forEach(i -> {
            double b = Double.MAX_VALUE;
            for (int j : images) {
                double d = 0;
                for (int t = 0; t < size; t++) {
                    float e = samples[i * size + t] - real[j * size + t];
                    d += e * e;
                }
                if (d < b) {
                    b = d;
                    nearest[i] = j;
                }
            }
            best[i] = Math.sqrt(b / size) / 2;
        });
        Integer[] order =
                IntStream.range(0, count).filter(i -> !used.contains(i)).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Double.compare(best[a], best[b]));
        List<Exemplar> picked = new ArrayList<>();
        for (int r = 0; r < Math.min(k, order.length); r++) {
            int i = order[r];
            picked.add(new Exemplar(i, best[i], nearest[i]));
            used.add(i);
        }
        return picked;
    }
}
