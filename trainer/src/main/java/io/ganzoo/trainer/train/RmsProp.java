package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * RMSProp as PyTorch defines it (alpha 0.99, epsilon 1e-8, no momentum), the optimiser of the original WGAN:
 * {@code v = alpha v + (1 - alpha) g^2; w -= lr g / (sqrt(v) + eps)}.
 */
final class RmsProp extends SlotOptimizer {
    private static final float ALPHA = 0.99f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> squares;
    private final NDManager manager;

    RmsProp(List<Parameter> params, float learningRate, NDManager manager) {
        super(params, learningRate);
        this.manager = manager;
        this.squares = slot("v", manager);
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            NDArray v = squares.get(i);
            // Temporaries would otherwise land in the weights' long-lived manager: collect them per update.
            try (NDManager tmp = manager.newSubManager()) {
                NDArray g = w.getGradient();
                g.attach(tmp);
                v.muli(ALPHA).addi(g.square().muli(1 - ALPHA));
                NDArray denom = v.sqrt();
                denom.attach(tmp);
                w.subi(g.div(denom.addi(EPSILON)).muli(learningRate));
                g.subi(g);
            }
        }
    }
}
