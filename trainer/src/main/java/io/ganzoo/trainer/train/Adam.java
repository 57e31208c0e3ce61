package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) over a fixed list of parameters, with its moment estimates held here so that a
 * checkpoint can save and restore them exactly (DJL's optimizer keeps them private). The update itself is DJL's
 * fused engine kernel, which also zeroes each gradient after use.
 */
final class Adam implements Optimizer {
    private static final float EPSILON = 1e-8f;

    private final List<Parameter> params;
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private float learningRate;
    private final float beta1;
    private final float beta2;
    private long updates;

    Adam(List<Parameter> params, float learningRate, float beta1, float beta2, NDManager manager) {
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        for (Parameter p : this.params) {
            NDArray w = p.getArray();
            NDArray m = manager.zeros(w.getShape(), w.getDataType());
            NDArray v = manager.zeros(w.getShape(), w.getDataType());
            means.add(m);
            variances.add(v);
        }
    }

    @Override
    public void step() {
        updates++;
        double coef1 = 1.0 - Math.pow(beta1, updates);
        double coef2 = 1.0 - Math.pow(beta2, updates);
        float corrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i).getArray();
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().adamUpdate(new NDList(w, grad, means.get(i), variances.get(i)), new NDList(w),
                        learningRate, corrected, 0f, 1f, -1f, beta1, beta2, EPSILON, true, false);
            }
        }
    }

    long updates() {
        return updates;
    }

    @Override
    public Map<String, NDArray> state(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(prefix + ".m." + i, means.get(i));
            out.put(prefix + ".v." + i, variances.get(i));
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
        updates = n;
    }
}
