package io.ganzoo.trainer.nn;

/**
 * One layer of a feed-forward network, described as data. The same description builds the DJL block that trains
 * ({@link Network}) and the ONNX graph that ships ({@code io.ganzoo.trainer.export.OnnxExporter}), so the two cannot
 * drift apart.
 */
public sealed interface Layer {

    /** Fully connected layer {@code y = x W^T + b}; DJL weight layout {@code (units, in)}. */
    record Dense(int units, boolean bias) implements Layer {}

    /** 2-D convolution, square kernel; weight {@code (Cout, Cin, k, k)}. */
    record Conv(int filters, int kernel, int stride, int padding, boolean bias) implements Layer {}

    /** 2-D transposed convolution ({@link ConvTranspose2d}); weight {@code (Cin, Cout, k, k)}. */
    record ConvTranspose(int filters, int kernel, int stride, int padding, boolean bias) implements Layer {}

    /** Batch normalisation over axis 1 (PyTorch momentum 0.1 = DJL momentum 0.9, epsilon 1e-5). */
    record BatchNorm() implements Layer {
        public static final float EPSILON = 1e-5f;
        public static final float DJL_MOMENTUM = 0.9f;
    }

    record Relu() implements Layer {}

    record LeakyRelu(float alpha) implements Layer {}

    record Tanh() implements Layer {}

    /** Reshape each sample to {@code shape} (the batch axis is kept). */
    record Reshape(long... shape) implements Layer {}

    /** Flatten each sample to a vector. */
    record Flatten() implements Layer {}
}
