package io.ganzoo.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;
import java.util.Map;

/** An optimiser over a fixed list of parameters whose state a checkpoint can save and restore exactly. */
public interface Optimizer {

    /** Applies one update from the accumulated gradients and zeroes them. */
    void step();

    /** The state tensors under stable names, for checkpoints. */
    Map<String, NDArray> state(String prefix);

    /** Changes the learning rate of the following updates (for schedules). */
    void setLearningRate(float lr);

    /** Sets the number of updates already applied (bias correction of a resumed run). */
    void restoreUpdates(long n);

    /** Adam (Kingma and Ba 2015) with the given learning rate and betas. */
    static Optimizer adam(List<Parameter> params, float lr, float beta1, float beta2, NDManager manager) {
        return new Adam(params, lr, beta1, beta2, manager);
    }

    /** The optimiser a config names, with its learning rate and betas. */
    static Optimizer create(TrainConfig c, List<Parameter> params, float lr, NDManager manager) {
        return switch (c.optimizer()) {
            case RMSPROP -> new RmsProp(params, lr, manager);
            case ADAM -> new Adam(params, lr, c.beta1(), c.beta2(), manager);
        };
    }
}
