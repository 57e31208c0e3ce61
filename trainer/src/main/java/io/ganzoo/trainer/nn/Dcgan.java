package io.ganzoo.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * DCGAN networks for 28x28 images (Radford et al. 2016 conventions, scaled to MNIST-sized images): the generator
 * uses BatchNorm + ReLU and a Tanh output, the discriminator strided convolutions with LeakyReLU(0.2), BatchNorm on
 * every layer but the first, and a single logit output.
 */
public final class Dcgan {
    private Dcgan() {}

    /**
     * Generator: z (latent) -> Dense -> BN -> ReLU -> (2 ngf) x 7 x 7 -> ConvT -> BN -> ReLU -> ngf x 14 x 14
     * -> ConvT -> Tanh -> channels x 28 x 28.
     */
    public static List<Layer> generator28(int ngf, int channels) {
        List<Layer> g = new ArrayList<>();
        g.add(new Layer.Dense(2 * ngf * 7 * 7, false));
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu());
        g.add(new Layer.Reshape(2L * ngf, 7, 7)); // state: (2 ngf) x 7 x 7
        g.add(new Layer.ConvTranspose(ngf, 4, 2, 1, false));
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu()); // state: ngf x 14 x 14
        g.add(new Layer.ConvTranspose(channels, 4, 2, 1, true));
        g.add(new Layer.Tanh()); // state: channels x 28 x 28
        return g;
    }

    /**
     * Discriminator: channels x 28 x 28 -> Conv s2 -> LReLU -> ndf x 14 x 14 -> Conv s2 -> BN -> LReLU
     * -> (2 ndf) x 7 x 7 -> Dense(1) logit.
     */
    public static List<Layer> discriminator28(int ndf, boolean batchNorm) {
        List<Layer> d = new ArrayList<>();
        d.add(new Layer.Conv(ndf, 4, 2, 1, true));
        d.add(new Layer.LeakyRelu(0.2f)); // state: ndf x 14 x 14
        d.add(new Layer.Conv(2 * ndf, 4, 2, 1, !batchNorm));
        if (batchNorm) {
            d.add(new Layer.BatchNorm());
        }
        d.add(new Layer.LeakyRelu(0.2f)); // state: (2 ndf) x 7 x 7
        d.add(new Layer.Flatten());
        d.add(new Layer.Dense(1, true)); // logit
        return d;
    }

    /**
     * The DCGAN paper's 64x64 generator (Radford et al. 2016): z -> Dense -> BN -> ReLU -> (8 ngf) x 4 x 4, then four
     * ConvT(k4 s2 p1) to (4 ngf) x 8 x 8, (2 ngf) x 16 x 16, ngf x 32 x 32 (each with BN and ReLU) and
     * channels x 64 x 64 with Tanh. (The paper's first layer is a 4x4 transposed convolution of a 1x1 input, the same
     * map as this Dense layer.)
     */
    public static List<Layer> generator64(int ngf, int channels) {
        List<Layer> g = new ArrayList<>();
        g.add(new Layer.Dense(8 * ngf * 4 * 4, false));
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu());
        g.add(new Layer.Reshape(8L * ngf, 4, 4)); // state: (8 ngf) x 4 x 4
        for (int mult : new int[] {4, 2, 1}) {
            g.add(new Layer.ConvTranspose(mult * ngf, 4, 2, 1, false));
            g.add(new Layer.BatchNorm());
            g.add(new Layer.Relu()); // (4 ngf) x 8, (2 ngf) x 16, ngf x 32
        }
        g.add(new Layer.ConvTranspose(channels, 4, 2, 1, true));
        g.add(new Layer.Tanh()); // state: channels x 64 x 64
        return g;
    }

    /**
     * The DCGAN paper's 64x64 discriminator: four Conv(k4 s2 p1) from channels x 64 x 64 to ndf x 32, (2 ndf) x 16,
     * (4 ndf) x 8 and (8 ndf) x 4 x 4, LeakyReLU(0.2) after each and BatchNorm on all but the first, then Dense(1).
     */
    public static List<Layer> discriminator64(int ndf, boolean batchNorm) {
        List<Layer> d = new ArrayList<>();
        int[] widths = {ndf, 2 * ndf, 4 * ndf, 8 * ndf};
        for (int i = 0; i < widths.length; i++) {
            boolean bn = batchNorm && i > 0;
            d.add(new Layer.Conv(widths[i], 4, 2, 1, !bn));
            if (bn) {
                d.add(new Layer.BatchNorm());
            }
            d.add(new Layer.LeakyRelu(0.2f));
        }
        d.add(new Layer.Flatten());
        d.add(new Layer.Dense(1, true)); // logit
        return d;
    }
}
