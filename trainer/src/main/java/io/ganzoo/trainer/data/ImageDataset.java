package io.ganzoo.trainer.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A labelled image dataset held in memory as unsigned bytes, channel-first per image
 * ({@code N x C x H x W}), the layout the networks consume.
 *
 * @param pixels     {@code count * channels * height * width} bytes, read as unsigned
 * @param labels     one class index per image, or {@code null} for an unlabelled dataset
 * @param count      number of images
 * @param channels   channels per image
 * @param height     image height
 * @param width      image width
 * @param classNames class names indexed by label, empty when unlabelled
 * @param name       human-readable name, recorded in exported model metadata
 */
public record ImageDataset(
        byte[] pixels,
        int[] labels,
        int count,
        int channels,
        int height,
        int width,
        List<String> classNames,
        String name) {

    public ImageDataset {
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(name, "name");
        classNames = List.copyOf(classNames);
        long expected = (long) count * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException("pixels: expected " + expected + " bytes for " + count + " images of "
                    + channels + "x" + height + "x" + width + ", found " + pixels.length);
        }
        if (labels != null && labels.length != count) {
            throw new IllegalArgumentException("labels: expected " + count + ", found " + labels.length);
        }
    }

    /** Bytes per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /**
     * {@code n} images drawn at random without replacement (all of them, shuffled, when there are fewer);
     * deterministic for a seed. Unlike {@link #head}, balanced even when the files are sorted by class (MNIST's are).
     */
    public ImageDataset subset(int n, long seed) {
        int m = Math.min(n, count);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(count - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int size = imageSize();
        byte[] px = new byte[m * size];
        int[] l = labels == null ? null : new int[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(pixels, order[i] * size, px, i * size, size);
            if (l != null) {
                l[i] = labels[order[i]];
            }
        }
        return new ImageDataset(px, l, m, channels, height, width, classNames, name);
    }

    /** The first {@code n} images (or all of them when there are fewer). */
    public ImageDataset head(int n) {
        int m = Math.min(n, count);
        byte[] p = Arrays.copyOf(pixels, m * imageSize());
        int[] l = labels == null ? null : Arrays.copyOf(labels, m);
        return new ImageDataset(p, l, m, channels, height, width, classNames, name);
    }
}
