package io.ganzoo.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014, "modified minimax") on logits:
 * D minimises {@code softplus(-D(x)) + softplus(D(G(z)))} (binary cross-entropy), G minimises
 * {@code softplus(-D(G(z)))}, i.e. maximises {@code log sigmoid(D(G(z)))}.
 */
public final class NonSaturating extends CrossEntropyObjective {
    public static final String NAME = "non-saturating";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray discriminatorLoss(NDArray real, NDArray fake) {
        return Minimax.binaryCrossEntropy(real, fake);
    }

    @Override
    public NDArray generatorLoss(NDArray real, NDArray fake) {
        return Activation.softPlus(fake.neg()).mean();
    }
}
