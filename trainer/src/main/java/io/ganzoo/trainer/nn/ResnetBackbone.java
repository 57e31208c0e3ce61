package io.ganzoo.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Residual networks for 28x28 and 64x64 images, as the ResNet GANs build them: the generator and discriminator of
 * Gulrajani et al. 2017 ("Improved Training of Wasserstein GANs", appendix) and Miyato et al. 2018 ("Spectral
 * Normalization for GANs", appendix B.4), in the pre-activation form BigGAN keeps (Brock et al. 2019), without
 * BigGAN's class-conditional BatchNorm, projection discriminator and self-attention.
 *
 * <p>Generator, for {@code inputs} values (latent, plus the one-hot label of a conditional model) to images in
 * [-1, 1]:
 * <pre>
 *   Dense(inputs -> 8 ngf x 4 x 4)                   64x64: 8 ngf x 4 x 4
 *   ResBlockUp(8 ngf -> 4 ngf)                       4 ngf x 8 x 8
 *   ResBlockUp(4 ngf -> 2 ngf)                       2 ngf x 16 x 16
 *   ResBlockUp(2 ngf -> ngf)                         ngf x 32 x 32
 *   ResBlockUp(ngf -> ngf)                           ngf x 64 x 64
 *   BN, ReLU, Conv3x3(ngf -> channels), Tanh         channels x 64 x 64
 *
 *   Dense(inputs -> 2 ngf x 7 x 7)                   28x28: 2 ngf x 7 x 7
 *   ResBlockUp(2 ngf -> ngf), ResBlockUp(ngf -> ngf) ngf x 14 x 14, ngf x 28 x 28
 *   BN, ReLU, Conv3x3(ngf -> channels), Tanh         channels x 28 x 28
 *
 *   ResBlockUp(in -> out): main     BN, ReLU, Upsample2, Conv3x3(in -> out), BN, ReLU, Conv3x3(out -> out)
 *                          shortcut Upsample2, Conv1x1(in -> out)
 * </pre>
 *
 * <p>Discriminator, for images of {@code channels} (plus a conditional model's label planes) to one raw score per
 * image:
 * <pre>
 *   OptimizedBlock(channels -> ndf)                  64x64: ndf x 32 x 32      28x28: ndf x 14 x 14
 *   ResBlockDown(ndf -> 2 ndf)                       2 ndf x 16 x 16           2 ndf x 7 x 7
 *   ResBlockDown(2 ndf -> 4 ndf)                     4 ndf x 8 x 8
 *   ResBlockDown(4 ndf -> 8 ndf)                     8 ndf x 4 x 4
 *   ReLU, Flatten, Dense(1)                          score
 *
 *   OptimizedBlock(in -> out): main     Conv3x3(in -> out), ReLU, Conv3x3(out -> out), AvgPool2
 *                              shortcut AvgPool2, Conv1x1(in -> out)
 *   ResBlockDown(in -> out):   main     ReLU, Conv3x3(in -> in), ReLU, Conv3x3(in -> out), AvgPool2
 *                              shortcut Conv1x1(in -> out), AvgPool2
 * </pre>
 * The first block has no leading ReLU (its input is the image) and pools before its shortcut's convolution (SNGAN's
 * "optimized" block: the same map, a quarter of the shortcut's work). The hidden width of a generator block is its
 * output width and that of a discriminator block its input width, as in Miyato et al.'s code. The last ReLU and a
 * Dense layer over the 8 ndf x 4 x 4 (or 2 ndf x 7 x 7) features replace SNGAN's global sum pooling, as the
 * {@link Dcgan} discriminator ends.
 *
 * <p>Widths follow the DCGAN networks' for the same ngf and ndf (8 ngf at 4x4 down to ngf, ndf at the first
 * downsampling up to 8 ndf), so {@code --ngf 64 --ndf 64} gives about as many weights as the DCGAN backbone's
 * (docs/training.md lists both); the 3x3 convolutions at full resolution make each step several times slower.
 *
 * <p>Convolutions followed by BatchNorm have no bias; the others, and all of D's, have one. D has no BatchNorm
 * whatever {@code batchNorm} says: the networks of these papers never normalise D's batches, and so every D of this
 * backbone works with gradient penalties and spectral normalisation.
 */
public final class ResnetBackbone implements Backbone {

    @Override
    public boolean supports(int height, int width) {
        return height == width && (height == 28 || height == 64);
    }

    @Override
    public String sizes() {
        return "28x28 or 64x64";
    }

    @Override
    public List<Layer> generator(int inputs, int channels, int height, int width, int ngf) {
        requireSize(height, width);
        int[] widths = height == 64 ? new int[] {8 * ngf, 4 * ngf, 2 * ngf, ngf, ngf} : new int[] {2 * ngf, ngf, ngf};
        int start = height == 64 ? 4 : 7;
        List<Layer> g = new ArrayList<>();
        g.add(new Layer.Dense(widths[0] * start * start, true));
        g.add(new Layer.Reshape(widths[0], start, start)); // state: widths[0] x start x start
        for (int i = 1; i < widths.length; i++) {
            g.add(blockUp(widths[i])); // widths[i - 1] -> widths[i], doubling the size: 8, 16, 32, 64 or 14, 28
        }
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu());
        g.add(new Layer.Conv(channels, 3, 1, 1, true));
        g.add(new Layer.Tanh()); // state: channels x height x width
        return g;
    }

    /**
     * @param batchNorm ignored: this discriminator never normalises batches (see the class comment)
     */
    @Override
    public List<Layer> discriminator(int channels, int height, int width, int ndf, boolean batchNorm) {
        requireSize(height, width);
        int[] widths = height == 64 ? new int[] {ndf, 2 * ndf, 4 * ndf, 8 * ndf} : new int[] {ndf, 2 * ndf};
        List<Layer> d = new ArrayList<>();
        d.add(optimizedBlock(widths[0])); // channels -> ndf x 32 x 32 or ndf x 14 x 14
        for (int i = 1; i < widths.length; i++) {
            d.add(blockDown(widths[i - 1], widths[i])); // 16, 8, 4 or 7
        }
        d.add(new Layer.Relu());
        d.add(new Layer.Flatten());
        d.add(new Layer.Dense(1, true)); // score
        return d;
    }

    /** BN, ReLU, Upsample2, Conv3x3, BN, ReLU, Conv3x3 with shortcut Upsample2, Conv1x1, to {@code out} channels. */
    static Layer.Residual blockUp(int out) {
        return new Layer.Residual(
                List.of(
                        new Layer.BatchNorm(),
                        new Layer.Relu(),
                        new Layer.Upsample(2),
                        new Layer.Conv(out, 3, 1, 1, false),
                        new Layer.BatchNorm(),
                        new Layer.Relu(),
                        new Layer.Conv(out, 3, 1, 1, true)),
                List.of(new Layer.Upsample(2), new Layer.Conv(out, 1, 1, 0, false)));
    }

    /** Conv3x3, ReLU, Conv3x3, AvgPool2 with shortcut AvgPool2, Conv1x1, to {@code out} channels: D's first block. */
    static Layer.Residual optimizedBlock(int out) {
        return new Layer.Residual(
                List.of(
                        new Layer.Conv(out, 3, 1, 1, true),
                        new Layer.Relu(),
                        new Layer.Conv(out, 3, 1, 1, true),
                        new Layer.AvgPool(2)),
                List.of(new Layer.AvgPool(2), new Layer.Conv(out, 1, 1, 0, true)));
    }

    /** ReLU, Conv3x3, ReLU, Conv3x3, AvgPool2 with shortcut Conv1x1, AvgPool2. */
    static Layer.Residual blockDown(int in, int out) {
        return new Layer.Residual(
                List.of(
                        new Layer.Relu(),
                        new Layer.Conv(in, 3, 1, 1, true),
                        new Layer.Relu(),
                        new Layer.Conv(out, 3, 1, 1, true),
                        new Layer.AvgPool(2)),
                List.of(new Layer.Conv(out, 1, 1, 0, true), new Layer.AvgPool(2)));
    }

    private void requireSize(int height, int width) {
        if (!supports(height, width)) {
            throw new IllegalArgumentException(
                    "the resnet backbone builds networks for " + sizes() + " images, found " + height + "x" + width);
        }
    }
}
