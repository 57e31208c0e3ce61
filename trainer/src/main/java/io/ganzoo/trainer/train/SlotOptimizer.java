package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Adam} and {@link RmsProp} share: a fixed list of parameters, a learning rate that schedules may change,
 * and per-parameter state tensors ("slots": Adam's moments, RMSProp's mean square) that checkpoints save as
 * {@code <prefix>.<slot>.<i>}, parameter by parameter.
 */
abstract class SlotOptimizer implements Optimizer {
    protected final List<Parameter> params;
    protected float learningRate;
    private final Map<String, List<NDArray>> slots = new LinkedHashMap<>();

    SlotOptimizer(List<Parameter> params, float learningRate) {
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
    }

    /** A new slot: one zero tensor per parameter, of its shape and type. */
    protected final List<NDArray> slot(String name, NDManager manager) {
        List<NDArray> s = new ArrayList<>();
        for (Parameter p : params) {
            s.add(manager.zeros(p.getArray().getShape(), p.getArray().getDataType()));
        }
        slots.put(name, s);
        return s;
    }

    @Override
    public Map<String, NDArray> state(String prefix) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (Map.Entry<String, List<NDArray>> s : slots.entrySet()) {
                out.put(prefix + "." + s.getKey() + "." + i, s.getValue().get(i));
            }
        }
        return out;
    }

    @Override
    public void setLearningRate(float lr) {
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate: expected a finite number >= 0, found " + lr);
        }
        this.learningRate = lr;
    }

    @Override
    public void restoreUpdates(long n) {
        // no update count unless the optimiser keeps one
    }
}
