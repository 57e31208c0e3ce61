package io.ganzoo.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * DCGAN networks for 28x28 images (Radford et al. 2016 conventions, scaled to MNIST-sized images): the generator
 * uses BatchNorm + ReLU and a Tanh output, the discriminator strided convolutions with LeakyReLU(0.2), BatchNorm on
 * every layer but the first, and a single logit output.
 */
public final class Dcgan {
    private Dcgan() {
    }

    /**
     * Generator: z (latent) -> Dense -> BN -> ReLU -> (2 ngf) x 7 x 7 -> ConvT -> BN -> ReLU -> ngf x 14 x 14
     * -> ConvT -> Tanh -> channels x 28 x 28.
     */
    public static List<Layer> generator28(int ngf, int channels) {
        List<Layer> g = new ArrayList<>();
        g.add(new Layer.Dense(2 * ngf * 7 * 7, false));
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu());
        g.add(new Layer.Reshape(2L * ngf, 7, 7));                           // state: (2 ngf) x 7 x 7
        g.add(new Layer.ConvTranspose(ngf, 4, 2, 1, false));
        g.add(new Layer.BatchNorm());
        g.add(new Layer.Relu());                                             // state: ngf x 14 x 14
        g.add(new Layer.ConvTranspose(channels, 4, 2, 1, true));
        g.add(new Layer.Tanh());                                             // state: channels x 28 x 28
        return g;
    }

    /**
     * Discriminator: channels x 28 x 28 -> Conv s2 -> LReLU -> ndf x 14 x 14 -> Conv s2 -> BN -> LReLU
     * -> (2 ndf) x 7 x 7 -> Dense(1) logit.
     */
    public static List<Layer> discriminator28(int ndf, boolean batchNorm) {
        List<Layer> d = new ArrayList<>();
        d.add(new Layer.Conv(ndf, 4, 2, 1, true));
        d.add(new Layer.LeakyRelu(0.2f));                                    // state: ndf x 14 x 14
        d.add(new Layer.Conv(2 * ndf, 4, 2, 1, !batchNorm));
        if (batchNorm) {
            d.add(new Layer.BatchNorm());
        }
        d.add(new Layer.LeakyRelu(0.2f));                                    // state: (2 ndf) x 7 x 7
        d.add(new Layer.Flatten());
        d.add(new Layer.Dense(1, true));                                     // logit
        return d;
    }
}
