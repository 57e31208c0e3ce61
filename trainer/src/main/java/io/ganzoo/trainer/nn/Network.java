package io.ganzoo.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequential DJL network built from {@link Layer} descriptions, keeping the block of each layer so exporters and
 * checkpoints can find every parameter by layer. A residual layer's branches are networks of their own
 * ({@link #branches}).
 */
public final class Network {
    private final List<Layer> layers;
    private final List<Block> blocks;
    private final SequentialBlock block;

    public Network(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        this.blocks = new ArrayList<>(layers.size());
        this.block = new SequentialBlock();
        for (Layer layer : this.layers) {
            Block b = layer.accept(BLOCKS);
            blocks.add(b);
            block.add(b);
        }
    }

    /**
     * Runs the network and, as ordinary differentiable ops, the gradient of its (summed) output with respect to
     * its input: {@code d sum(out) / dx}, shape of {@code x}. Works for networks of Dense, Conv (spectrally
     * normalised or not), LeakyReLU, ReLU, Flatten, Reshape, average pooling, upsampling and residual layers made of
     * these (no BatchNorm, whose input gradient couples the samples of a batch), i.e. the discriminators that
     * gradient penalties are used with.
     *
     * <p>Why: DJL cannot differentiate a gradient (no double backward through its public API, and its internal
     * route leaks memory every step). For a piecewise-linear network the input gradient is the chain of the
     * layers' adjoints: Dense^T, the activation's slope mask (constant almost everywhere), a transposed
     * convolution with each convolution's own weights, the pooling's spread of the gradient over its window, and
     * for a residual layer the sum of its two branches' chains. Built from ordinary ops on the weights, a penalty on
     * this gradient backpropagates into the weights with one first-order backward pass, exactly and without leaks.
     *
     * @return the output (N, 1) and the input gradient
     */
    public NDList forwardWithInputGradient(ParameterStore store, NDArray x, boolean training) {
        Trace trace = trace(store, x, training);
        return new NDList(trace.output(), inputGradient(trace, trace.output().onesLike()));
    }

    /**
     * What a forward pass leaves for the adjoints: each layer's input, for each residual layer the traces of its two
     * branches (null for other layers), and the output.
     */
    private record Trace(List<NDArray> inputs, List<Trace[]> branches, NDArray output) {}

    /** A forward pass that keeps what {@link #inputGradient} needs; the same function as {@link #block()}'s. */
    private Trace trace(ParameterStore store, NDArray x, boolean training) {
        List<NDArray> inputs = new ArrayList<>(blocks.size());
        List<Trace[]> branches = new ArrayList<>(blocks.size());
        NDArray h = x;
        for (Block b : blocks) {
            inputs.add(h);
            if (b instanceof ResidualBlock r) {
                Trace m = r.main().trace(store, h, training);
                Trace s = r.shortcut().trace(store, h, training);
                branches.add(new Trace[] {m, s});
                h = m.output().add(s.output());
            } else {
                branches.add(null);
                h = b.forward(store, new NDList(h), training).singletonOrThrow();
            }
        }
        return new Trace(inputs, branches, h);
    }

    /** The chain of the layers' adjoints from {@code g}, the gradient with respect to the output of {@code trace}. */
    private NDArray inputGradient(Trace trace, NDArray g) {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            g = layers.get(i).accept(new Adjoint(i, trace, g, null));
        }
        return g;
    }

    /**
     * Sets every BatchNorm layer's running statistics (those inside residual layers too) to the mean and (biased)
     * variance of its input over the batch {@code x}, layer by layer in inference mode, so each layer's statistics are
     * measured on what the layers before it compute with theirs (BigGAN's "standing statistics", Brock et al. 2019).
     * Used when weights were not trained with these statistics, e.g. a moving average of the weights. Per channel
     * over (N, H, W) for 4-D activations, per feature over N for 2-D ones. In a residual layer, each branch's layers
     * are measured on the layer's input.
     *
     * @param x the network's input, a large batch (thousands of samples)
     */
    public void measureBatchNormStatistics(ParameterStore store, NDArray x) {
        measure(store, x);
    }

    /** {@link #measureBatchNormStatistics}, returning the network's output (inference mode, new statistics). */
    private NDArray measure(ParameterStore store, NDArray x) {
        NDArray h = x;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b instanceof ResidualBlock r) {
                // each branch measures its own layers on the block's input
                h = r.main().measure(store, h).add(r.shortcut().measure(store, h));
                continue;
            }
            if (b instanceof BatchNorm) {
                // (N, C, H, W) -> (C, N*H*W); (N, F) -> (F, N)
                NDArray rows = h.getShape().dimension() == 4
                        ? h.transpose(1, 0, 2, 3).reshape(h.getShape().get(1), -1)
                        : h.transpose();
                NDArray mean = rows.mean(new int[] {1}, true);
                NDArray var = rows.sub(mean).square().mean(new int[] {1});
                Map<String, Parameter> p = parameters(i);
                p.get("runningMean").getArray().set(mean.reshape(-1).toFloatArray());
                p.get("runningVar").getArray().set(var.toFloatArray());
            }
            h = b.forward(store, new NDList(h), false).singletonOrThrow();
        }
        return h;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The whole network as one DJL block. */
    public SequentialBlock block() {
        return block;
    }

    /**
     * Parameters of layer {@code i} by their DJL names (weight, bias, gamma, beta, runningMean, runningVar; u and v of
     * spectral normalisation); for a residual layer, its branches' parameters named {@code main.<j>.<name>} and
     * {@code shortcut.<j>.<name>} after the branch layer {@code j} that holds them.
     */
    public Map<String, Parameter> parameters(int i) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        if (blocks.get(i) instanceof ResidualBlock r) {
            r.main().parameters().forEach((k, p) -> out.put("main." + k, p));
            r.shortcut().parameters().forEach((k, p) -> out.put("shortcut." + k, p));
            return out;
        }
        for (Pair<String, Parameter> p : blocks.get(i).getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }

    /**
     * The two branches of residual layer {@code i} as networks of their own (their parameters are the layer's).
     *
     * @throws IllegalArgumentException when layer {@code i} is not a {@link Layer.Residual}
     */
    public Branches branches(int i) {
        if (!(blocks.get(i) instanceof ResidualBlock r)) {
            throw new IllegalArgumentException("layer " + i + ": expected a residual layer, found " + layers.get(i));
        }
        return new Branches(r.main(), r.shortcut());
    }

    /**
     * The branches of a residual layer.
     *
     * @param main     the main branch
     * @param shortcut the shortcut; a network of no layers for the identity
     */
    public record Branches(Network main, Network shortcut) {}

    /**
     * All parameters, named {@code <layer index>.<name>} ({@link #parameters(int)}; e.g. {@code 3.main.1.weight}
     * inside a residual layer), in order. Stable across runs: used by checkpoints, the weight average and exporters.
     */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            for (Map.Entry<String, Parameter> e : parameters(i).entrySet()) {
                out.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The trainable parameters (BatchNorm running statistics and spectral normalisation's u and v excluded). */
    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters().values()) {
            if (isTrainable(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Stops or restarts gradient recording for the trainable parameters. (DJL's {@code freezeParameters(false)}
     * would also make BatchNorm running statistics require gradients, which PyTorch then rejects.)
     */
    public void freeze(boolean frozen) {
        block.freezeParameters(frozen, Network::isTrainable);
    }

    /** Number of trainable values. */
    public long size() {
        long n = 0;
        for (Parameter p : trainable()) {
            n += p.getArray().size();
        }
        return n;
    }

    /** Weights, biases and BatchNorm's scales; not the state that forward passes update (statistics, u and v). */
    private static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR
                && p.getType() != Parameter.Type.OTHER;
    }

    /**
     * The adjoint of layer {@code index}: maps {@code g}, the gradient of the network's summed output with respect to
     * the layer's output, to the gradient with respect to its input {@code in}, as ordinary differentiable ops.
     */
    private final class Adjoint implements Layer.Visitor<NDArray> {
        private final int index;
        private final Trace trace;
        private final NDArray in;
        private final NDArray g;
        private final NDArray weight;

        /**
         * @param trace  the forward pass of this network
         * @param weight the weight the forward pass used, or {@code null} for the layer's own weight parameter
         */
        Adjoint(int index, Trace trace, NDArray g, NDArray weight) {
            this.index = index;
            this.trace = trace;
            this.in = trace.inputs().get(index);
            this.g = g;
            this.weight = weight;
        }

        private NDArray weight() {
            return weight != null ? weight : parameters(index).get("weight").getArray();
        }

        @Override
        public NDArray visitDense(Layer.Dense layer) {
            return g.matMul(weight()); // (N, out) x (out, in)
        }

        @Override
        public NDArray visitConv(Layer.Conv c) {
            long expect = (g.getShape().get(2) - 1) * c.stride() - 2L * c.padding() + c.kernel();
            if (expect != in.getShape().get(2)
                    || (g.getShape().get(3) - 1) * c.stride() - 2L * c.padding() + c.kernel()
                            != in.getShape().get(3)) {
                throw new IllegalStateException("input gradient: layer " + index + " maps " + in.getShape() + " to "
                        + g.getShape() + ", which a transposed convolution cannot invert without"
                        + " output padding; use input sizes with (H + 2p - k) divisible by the stride");
            }
            // (Cout, Cin, k, k) = ConvTranspose's (Cin', Cout', k, k)
            return ConvTranspose2d.convTranspose2d(g, weight(), null, c.stride(), c.padding());
        }

        @Override
        public NDArray visitConvTranspose(Layer.ConvTranspose layer) {
            throw unsupported(layer);
        }

        @Override
        public NDArray visitBatchNorm(Layer.BatchNorm layer) {
            throw unsupported(layer);
        }

        @Override
        public NDArray visitRelu(Layer.Relu layer) {
            return g.mul(in.stopGradient().gt(0).toType(in.getDataType(), false));
        }

        @Override
        public NDArray visitLeakyRelu(Layer.LeakyRelu l) {
            NDArray positive = in.stopGradient().gt(0);
            NDArray slope = positive.toType(DataType.FLOAT32, false)
                    .mul(1 - l.alpha())
                    .add(l.alpha())
                    .toType(in.getDataType(), false);
            return g.mul(slope);
        }

        @Override
        public NDArray visitTanh(Layer.Tanh layer) {
            throw unsupported(layer);
        }

        @Override
        public NDArray visitReshape(Layer.Reshape layer) {
            return g.reshape(in.getShape());
        }

        @Override
        public NDArray visitFlatten(Layer.Flatten layer) {
            return g.reshape(in.getShape());
        }

        /** The normalised layer's adjoint with the normalised weight its forward pass used. */
        @Override
        public NDArray visitSpectralNorm(Layer.SpectralNorm layer) {
            NDArray used = ((SpectralNormBlock) blocks.get(index)).lastWeight();
            return layer.layer().accept(new Adjoint(index, trace, g, used));
        }

        /** A sum's adjoint: the gradient goes into both branches, and their input gradients add up. */
        @Override
        public NDArray visitResidual(Layer.Residual layer) {
            ResidualBlock r = (ResidualBlock) blocks.get(index);
            Trace[] b = trace.branches().get(index);
            return r.main().inputGradient(b[0], g).add(r.shortcut().inputGradient(b[1], g));
        }

        /** Each input pixel fed {@code f x f} output pixels: its gradient is the sum of theirs. */
        @Override
        public NDArray visitUpsample(Layer.Upsample u) {
            Shape s = in.getShape();
            int f = u.factor();
            return g.reshape(s.get(0), s.get(1), s.get(2), f, s.get(3), f).sum(new int[] {3, 5});
        }

        /** Each input pixel is one of {@code size^2} averaged into an output pixel: it gets that gradient / size^2. */
        @Override
        public NDArray visitAvgPool(Layer.AvgPool p) {
            Shape s = in.getShape();
            int k = p.size();
            if (s.get(2) % k != 0 || s.get(3) % k != 0) {
                throw new IllegalStateException("input gradient: layer " + index + " pools " + s + " over " + k + "x"
                        + k + " windows, which drops the last rows or columns; use input sizes divisible by " + k);
            }
            return upsample(g, k).div(k * k);
        }

        private IllegalStateException unsupported(Layer layer) {
            return new IllegalStateException("input gradient: layer " + index + " (" + layer
                    + ") is not supported; penalised discriminators use Dense, Conv, (Leaky)ReLU, Flatten, Reshape,"
                    + " AvgPool, Upsample and residual layers of these only");
        }
    }

    /** The DJL block of each kind of layer. */
    private static final Layer.Visitor<Block> BLOCKS = new Layer.Visitor<>() {
        @Override
        public Block visitDense(Layer.Dense d) {
            return Linear.builder().setUnits(d.units()).optBias(d.bias()).build();
        }

        @Override
        public Block visitConv(Layer.Conv c) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(c.kernel(), c.kernel()))
                    .setFilters(c.filters())
                    .optStride(new Shape(c.stride(), c.stride()))
                    .optPadding(new Shape(c.padding(), c.padding()))
                    .optBias(c.bias())
                    .build();
        }

        @Override
        public Block visitConvTranspose(Layer.ConvTranspose c) {
            return new ConvTranspose2d(c.filters(), c.kernel(), c.stride(), c.padding(), c.bias());
        }

        @Override
        public Block visitBatchNorm(Layer.BatchNorm layer) {
            return BatchNorm.builder()
                    .optEpsilon(Layer.BatchNorm.EPSILON)
                    .optMomentum(Layer.BatchNorm.DJL_MOMENTUM)
                    .build();
        }

        @Override
        public Block visitRelu(Layer.Relu layer) {
            return Activation.reluBlock();
        }

        @Override
        public Block visitLeakyRelu(Layer.LeakyRelu l) {
            return Activation.leakyReluBlock(l.alpha());
        }

        @Override
        public Block visitTanh(Layer.Tanh layer) {
            return Activation.tanhBlock();
        }

        @Override
        public Block visitReshape(Layer.Reshape r) {
            long[] shape = new long[r.shape().length + 1];
            shape[0] = -1;
            System.arraycopy(r.shape(), 0, shape, 1, r.shape().length);
            return new LambdaBlock(in -> new NDList(in.singletonOrThrow().reshape(shape)), "reshape");
        }

        @Override
        public Block visitFlatten(Layer.Flatten layer) {
            return Blocks.batchFlattenBlock();
        }

        @Override
        public Block visitSpectralNorm(Layer.SpectralNorm layer) {
            return new SpectralNormBlock(layer.layer());
        }

        @Override
        public Block visitResidual(Layer.Residual layer) {
            return new ResidualBlock(layer);
        }

        @Override
        public Block visitUpsample(Layer.Upsample u) {
            return new LambdaBlock(in -> new NDList(upsample(in.singletonOrThrow(), u.factor())), "upsample");
        }

        @Override
        public Block visitAvgPool(Layer.AvgPool p) {
            Shape window = new Shape(p.size(), p.size());
            return Pool.avgPool2dBlock(window, window, new Shape(0, 0));
        }
    };

    /**
     * Nearest-neighbour upsampling of (N, C, H, W) by {@code f}: each pixel broadcast to an {@code f x f} square, as
     * ordinary differentiable ops.
     */
    static NDArray upsample(NDArray x, int f) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), s.get(2), 1, s.get(3), 1)
                .broadcast(new Shape(s.get(0), s.get(1), s.get(2), f, s.get(3), f))
                .reshape(s.get(0), s.get(1), s.get(2) * f, s.get(3) * f);
    }
}
