package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The original (saturating) minimax GAN loss of Goodfellow et al. 2014 on logits: D maximises
 * {@code log D(x) + log(1 - D(G(z)))}, i.e. minimises {@code softplus(-D(x)) + softplus(D(G(z)))}; G minimises
 * {@code log(1 - sigmoid(D(G(z)))) = -softplus(D(G(z)))}. Its G gradient vanishes when D rejects fakes confidently,
 * which is why the non-saturating form exists.
 */
public final class Minimax extends CrossEntropyObjective {
    public static final String NAME = "minimax";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray discriminatorLoss(NDArray real, NDArray fake) {
        return binaryCrossEntropy(real, fake);
    }

    @Override
    public NDArray generatorLoss(NDArray real, NDArray fake) {
        return Activation.softPlus(fake).mean().neg();
    }

    /** {@code mean softplus(-real) + mean softplus(fake)}: cross-entropy of D with labels 1 for real, 0 for fake. */
    static NDArray binaryCrossEntropy(NDArray real, NDArray fake) {
        return Activation.softPlus(real.neg())
                .mean()
                .add(Activation.softPlus(fake).mean());
    }
}
