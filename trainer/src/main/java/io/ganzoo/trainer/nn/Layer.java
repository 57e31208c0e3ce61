package io.ganzoo.trainer.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * One layer of a feed-forward network, described as data. The same description builds the DJL block that trains
 * ({@link Network}) and the ONNX graph that ships ({@code io.ganzoo.trainer.export.OnnxExporter}), so the two cannot
 * drift apart.
 *
 * <p>Whatever depends on the kind of layer (the DJL block, the input-gradient adjoint, the ONNX nodes, ...) is one
 * {@link Visitor}: a new record adds a method to {@code Visitor}, so every concern that does not handle it yet fails
 * to compile instead of failing at run time.
 */
public sealed interface Layer {

    /** Calls the method of {@code visitor} for this kind of layer. */
    <R> R accept(Visitor<R> visitor);

    /**
     * One concern that depends on the kind of layer, with one method per record.
     *
     * @param <R> what the concern computes for a layer
     */
    interface Visitor<R> {
        R visitDense(Dense layer);

        R visitConv(Conv layer);

        R visitConvTranspose(ConvTranspose layer);

        R visitBatchNorm(BatchNorm layer);

        R visitRelu(Relu layer);

        R visitLeakyRelu(LeakyRelu layer);

        R visitTanh(Tanh layer);

        R visitReshape(Reshape layer);

        R visitFlatten(Flatten layer);

        R visitSpectralNorm(SpectralNorm layer);
    }

    /** Fully connected layer {@code y = x W^T + b}; DJL weight layout {@code (units, in)}. */
    record Dense(int units, boolean bias) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitDense(this);
        }
    }

    /** 2-D convolution, square kernel; weight {@code (Cout, Cin, k, k)}. */
    record Conv(int filters, int kernel, int stride, int padding, boolean bias) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConv(this);
        }
    }

    /** 2-D transposed convolution ({@link ConvTranspose2d}); weight {@code (Cin, Cout, k, k)}. */
    record ConvTranspose(int filters, int kernel, int stride, int padding, boolean bias) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitConvTranspose(this);
        }
    }

    /** Batch normalisation over axis 1 (PyTorch momentum 0.1 = DJL momentum 0.9, epsilon 1e-5). */
    record BatchNorm() implements Layer {
        public static final float EPSILON = 1e-5f;
        public static final float DJL_MOMENTUM = 0.9f;

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitBatchNorm(this);
        }
    }

    record Relu() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitRelu(this);
        }
    }

    record LeakyRelu(float alpha) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitLeakyRelu(this);
        }
    }

    record Tanh() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitTanh(this);
        }
    }

    /** Reshape each sample to {@code shape} (the batch axis is kept). */
    record Reshape(long... shape) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitReshape(this);
        }
    }

    /** Flatten each sample to a vector. */
    record Flatten() implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitFlatten(this);
        }
    }

    /**
     * A {@link Dense} or {@link Conv} layer whose weight is divided by its spectral norm (Miyato et al. 2018):
     * {@code W / sigma(W)}, sigma estimated on W reshaped to {@code (out, in k k)} by one power iteration per
     * training forward pass ({@link SpectralNormBlock}). Used in discriminators only.
     *
     * @param layer the Dense or Conv layer normalised
     */
    record SpectralNorm(Layer layer) implements Layer {
        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitSpectralNorm(this);
        }

        /** {@code layers} with every Dense and Conv layer spectrally normalised, the others as they are. */
        public static List<Layer> onEveryWeight(List<Layer> layers) {
            List<Layer> out = new ArrayList<>(layers.size());
            for (Layer l : layers) {
                out.add(l.accept(SpectralNormBlock.NORMALISED));
            }
            return out;
        }
    }
}
