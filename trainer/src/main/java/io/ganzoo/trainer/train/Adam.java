package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Adam (Kingma and Ba 2015) over a fixed list of parameters, with its moment estimates held here so that a
 * checkpoint can save and restore them exactly (DJL's optimizer keeps them private). The update itself is DJL's
 * fused engine kernel, which also zeroes each gradient after use.
 */
final class Adam extends SlotOptimizer {
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> means;
    private final List<NDArray> variances;
    private final float beta1;
    private final float beta2;
    private long updates;

    Adam(List<Parameter> params, float learningRate, float beta1, float beta2, NDManager manager) {
        super(params, learningRate);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.means = slot("m", manager);
        this.variances = slot("v", manager);
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
                w.getNDArrayInternal()
                        .adamUpdate(
                                new NDList(w, grad, means.get(i), variances.get(i)),
                                new NDList(w),
                                learningRate,
                                corrected,
                                0f,
                                1f,
                                -1f,
                                beta1,
                                beta2,
                                EPSILON,
                                true,
                                false);
            }
        }
    }

    long updates() {
        return updates;
    }

    @Override
    public void restoreUpdates(long n) {
        updates = n;
    }
}
