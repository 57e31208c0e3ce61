package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSProp as PyTorch defines it (alpha 0.99, epsilon 1e-8, no momentum), the optimiser of the original WGAN:
 * {@code v = alpha v + (1 - alpha) g^2; w -= lr g / (sqrt(v) + eps)}.
 */
final class RmsProp implements Optimizer {
    private static final float ALPHA = 0.99f;
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> params;
    private final List<NDArray> squares = new ArrayList<>();
    private final NDManager manager;
    private float learningRate;

    RmsProp(List<Parameter> params, float learningRate, NDManager manager) {
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
        this.manager = manager;
        for (Parameter p : this.params) {
            squares.add(manager.zeros(p.getArray().getShape(), p.getArray().getDataType()));
        }
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

    @Override
    public Map<String, NDArray> state(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(prefix + ".v." + i, squares.get(i));
        }
        return out;
    }

    @Override
    public void setLearningRate(float lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("learning rate: expected >= 0, found " + lr);
        }
        this.learningRate = lr;
    }

    @Override
    public void restoreUpdates(long n) {
        // RMSProp keeps no update count.
    }
}
