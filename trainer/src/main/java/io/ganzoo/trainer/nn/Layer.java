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

        R visitResidual(Residual layer);

        R visitUpsample(Upsample layer);

        R visitAvgPool(AvgPool layer);
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

        /**
         * {@code layers} with every Dense and Conv layer spectrally normalised (those in the branches of residual
         * layers too), the others as they are.
         */
        public static List<Layer> onEveryWeight(List<Layer> layers) {
            List<Layer> out = new ArrayList<>(layers.size());
            for (Layer l : layers) {
                out.add(l.accept(SpectralNormBlock.NORMALISED));
            }
            return out;
        }
    }

    /**
     * A residual block (He et al. 2016), as the ResNet GANs use them (Gulrajani et al. 2017, Miyato et al. 2018, Brock
     * et al. 2019): {@code main(x) + shortcut(x)}, the two branches being sequences of layers that map the input to
     * outputs of the same shape. An empty shortcut is the identity.
     *
     * <p>Its parameters are named {@code main.<j>.<name>} and {@code shortcut.<j>.<name>} after the branch layer
     * {@code j} that holds them, so a network's parameter of a residual layer 3 reads {@code 3.main.1.weight}.
     *
     * @param main     the main branch, not empty
     * @param shortcut the shortcut, empty for the identity
     */
    record Residual(List<Layer> main, List<Layer> shortcut) implements Layer {
        public Residual {
            main = List.copyOf(main);
            shortcut = List.copyOf(shortcut);
            if (main.isEmpty()) {
                throw new IllegalArgumentException("residual block: expected a main branch of at least one layer,"
                        + " found none (an empty shortcut is the identity; an empty main branch is not a block)");
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitResidual(this);
        }
    }

    /**
     * Nearest-neighbour upsampling of images (N, C, H, W) to (N, C, H f, W f): each pixel repeated {@code f x f}
     * times.
     */
    record Upsample(int factor) implements Layer {
        public Upsample {
            if (factor < 2) {
                throw new IllegalArgumentException("upsampling: expected a factor >= 2, found " + factor);
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitUpsample(this);
        }
    }

    /**
     * Average pooling of images over non-overlapping {@code size x size} windows (stride {@code size}, no padding):
     * (N, C, H, W) to (N, C, H / size, W / size), for H and W divisible by {@code size}.
     */
    record AvgPool(int size) implements Layer {
        public AvgPool {
            if (size < 2) {
                throw new IllegalArgumentException("average pooling: expected a window >= 2, found " + size);
            }
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visitAvgPool(this);
        }
    }
}
