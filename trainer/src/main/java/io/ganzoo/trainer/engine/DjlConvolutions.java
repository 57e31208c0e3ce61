package io.ganzoo.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;

/** {@link ArithmeticCheck}'s cases on DJL's PyTorch engine: {@code Conv2d.conv2d} and one backward pass. */
final class DjlConvolutions implements ArithmeticCheck.Convolutions {
    @Override
    public ArithmeticCheck.Outputs run(ArithmeticCheck.Case c, float[] x, float[] w, float[] g) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xa = m.create(x, new Shape(c.n(), c.cin(), c.h(), c.w()));
            NDArray wa = m.create(w, new Shape(c.cout(), c.cin(), c.k(), c.k()));
            xa.setRequiresGradient(true);
            wa.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = Conv2d.conv2d(xa, wa, null, new Shape(c.stride(), c.stride()), new Shape(c.pad(), c.pad()))
                        .singletonOrThrow();
                gc.backward(y.mul(m.create(g, y.getShape())).sum());
            }
            return new ArithmeticCheck.Outputs(
                    y.toFloatArray(),
                    xa.getGradient().toFloatArray(),
                    wa.getGradient().toFloatArray());
        }
    }
}
