package io.ganzoo.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A Dense or Conv layer with spectral normalisation (Miyato et al. 2018), as PyTorch's
 * {@code torch.nn.utils.spectral_norm} computes it: the layer uses {@code W / sigma}, where
 * {@code sigma = u^T W v} estimates the largest singular value of W reshaped to {@code (out, in k k)}.
 *
 * <p>The vectors {@code u} (out) and {@code v} (in k k) are state, not trained: parameters of type
 * {@link Parameter.Type#OTHER} named {@code u} and {@code v}, so checkpoints keep them and a resumed run goes on
 * exactly. Both start as normalised N(0, 1) draws from the engine's seed. Each training forward pass runs one power
 * iteration on the detached weight, {@code v = normalize(W^T u)}, {@code u = normalize(W v)}, stores them, and
 * computes sigma with them held constant (no gradient through u and v, as in PyTorch); an inference pass uses the
 * stored u and v as they are. So the gradient of anything computed with the normalised weight reaches the raw weight
 * through both {@code W} and {@code sigma}.
 *
 * <p>Memory: every intermediate is attached to the input's (per-step) manager; only u and v, updated in place, live
 * in the model's.
 */
public final class SpectralNormBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    /** PyTorch's {@code normalize} epsilon: vectors are divided by {@code max(||x||, eps)}. */
    static final float EPS = 1e-12f;

    private final Layer layer;
    private final Layer.Conv conv; // null for a Dense layer
    private final int outputs;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter u;
    private final Parameter v;
    private NDArray lastWeight;

    /**
     * @param layer the {@link Layer.Dense} or {@link Layer.Conv} layer to normalise
     * @throws IllegalArgumentException for any other layer
     */
    SpectralNormBlock(Layer layer) {
        super(VERSION);
        this.layer = layer;
        Object[] kind = layer.accept(KIND);
        this.conv = (Layer.Conv) kind[0];
        this.outputs = (Integer) kind[1];
        boolean useBias = (Boolean) kind[2];
        weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .build());
        bias = useBias
                ? addParameter(Parameter.builder()
                        .setName("bias")
                        .setType(Parameter.Type.BIAS)
                        .build())
                : null;
        u = addParameter(state("u"));
        v = addParameter(state("v"));
    }

    private static Parameter state(String name) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optInitializer(new NormalInitializer(1f))
                .optRequiresGrad(false)
                .build();
    }

    /** The layer normalised. */
    public Layer layer() {
        return layer;
    }

    /**
     * The normalised weight {@code W / sigma} of the last forward pass (the one the pass computed with), for the
     * input-gradient adjoint; it lives in that pass's input manager.
     */
    public NDArray lastWeight() {
        if (lastWeight == null) {
            throw new IllegalStateException("spectral norm: no forward pass yet");
        }
        return lastWeight;
    }

    @Override
    protected void prepare(Shape[] inputs) {
        long in = conv == null ? inputs[0].get(inputs[0].dimension() - 1) : inputs[0].get(1);
        Shape w = conv == null ? new Shape(outputs, in) : new Shape(outputs, in, conv.kernel(), conv.kernel());
        weight.setShape(w);
        if (bias != null) {
            bias.setShape(new Shape(outputs));
        }
        u.setShape(new Shape(outputs));
        v.setShape(new Shape(w.size() / outputs));
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        super.initialize(manager, dataType, inputShapes);
        try (NDManager tmp = manager.newSubManager()) {
            for (Parameter p : new Parameter[] {u, v}) {
                NDArray a = p.getArray();
                NDArray norm = a.norm();
                norm.attach(tmp);
                a.divi(norm);
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape x = inputs[0];
        if (conv == null) {
            return new Shape[] {new Shape(x.get(0), outputs)};
        }
        return new Shape[] {new Shape(x.get(0), outputs, convolved(x.get(2)), convolved(x.get(3)))};
    }

    private long convolved(long size) {
        return (size + 2L * conv.padding() - conv.kernel()) / conv.stride() + 1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = normalisedWeight(ps.getValue(weight, x.getDevice(), training), x.getManager(), training);
        lastWeight = w;
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        if (conv == null) {
            return Linear.linear(x, w, b);
        }
        return Conv2d.conv2d(
                x,
                w,
                b,
                new Shape(conv.stride(), conv.stride()),
                new Shape(conv.padding(), conv.padding()),
                new Shape(1, 1),
                1);
    }

    /**
     * {@code W / sigma}, with one power iteration first when training.
     *
     * @param sm the manager of the step's arrays; results of ops on the parameters are attached to it
     */
    private NDArray normalisedWeight(NDArray w, NDManager sm, boolean training) {
        NDArray mat = w.reshape(outputs, -1); // (out, in k k), on the graph of W
        mat.attach(sm);
        NDArray fixed = mat.stopGradient();
        NDArray uNow = u.getArray();
        NDArray vNow = v.getArray();
        // copies in the step's manager: a graph must not hold views of the state that later passes change in place
        NDArray u0 = uNow.duplicate();
        u0.attach(sm);
        NDArray uCol;
        NDArray vCol;
        if (training) {
            vCol = normalize(fixed.transpose().matMul(u0.reshape(outputs, 1)));
            uCol = normalize(fixed.matMul(vCol));
            // the new state, in place: the model's arrays stay the same objects (checkpoints, optimisers)
            uNow.subi(uNow).addi(uCol.reshape(outputs));
            vNow.subi(vNow).addi(vCol.reshape(-1));
        } else {
            NDArray v0 = vNow.duplicate();
            v0.attach(sm);
            uCol = u0.reshape(outputs, 1);
            vCol = v0.reshape(-1, 1);
        }
        NDArray sigma = uCol.transpose().matMul(mat.matMul(vCol)).reshape(new Shape()); // u^T W v
        NDArray normalised = w.div(sigma);
        normalised.attach(sm);
        return normalised;
    }

    private static NDArray normalize(NDArray col) {
        return col.div(col.norm().maximum(EPS));
    }

    /** For a Dense or Conv layer: {conv or null, outputs, bias}. */
    private static final Layer.Visitor<Object[]> KIND = new Layer.Visitor<>() {
        @Override
        public Object[] visitDense(Layer.Dense d) {
            return new Object[] {null, d.units(), d.bias()};
        }

        @Override
        public Object[] visitConv(Layer.Conv c) {
            return new Object[] {c, c.filters(), c.bias()};
        }

        @Override
        public Object[] visitConvTranspose(Layer.ConvTranspose layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitBatchNorm(Layer.BatchNorm layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitRelu(Layer.Relu layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitLeakyRelu(Layer.LeakyRelu layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitTanh(Layer.Tanh layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitReshape(Layer.Reshape layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitFlatten(Layer.Flatten layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitSpectralNorm(Layer.SpectralNorm layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitResidual(Layer.Residual layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitUpsample(Layer.Upsample layer) {
            throw notWeighted(layer);
        }

        @Override
        public Object[] visitAvgPool(Layer.AvgPool layer) {
            throw notWeighted(layer);
        }

        private IllegalArgumentException notWeighted(Layer layer) {
            return new IllegalArgumentException(
                    "spectral normalisation: expected a Dense or Conv layer, found " + layer);
        }
    };

    /**
     * Each Dense and Conv layer wrapped in {@link Layer.SpectralNorm}, inside the branches of residual layers too;
     * every other layer as it is.
     */
    static final Layer.Visitor<Layer> NORMALISED = new Layer.Visitor<>() {
        @Override
        public Layer visitDense(Layer.Dense layer) {
            return new Layer.SpectralNorm(layer);
        }

        @Override
        public Layer visitConv(Layer.Conv layer) {
            return new Layer.SpectralNorm(layer);
        }

        @Override
        public Layer visitConvTranspose(Layer.ConvTranspose layer) {
            return layer;
        }

        @Override
        public Layer visitBatchNorm(Layer.BatchNorm layer) {
            return layer;
        }

        @Override
        public Layer visitRelu(Layer.Relu layer) {
            return layer;
        }

        @Override
        public Layer visitLeakyRelu(Layer.LeakyRelu layer) {
            return layer;
        }

        @Override
        public Layer visitTanh(Layer.Tanh layer) {
            return layer;
        }

        @Override
        public Layer visitReshape(Layer.Reshape layer) {
            return layer;
        }

        @Override
        public Layer visitFlatten(Layer.Flatten layer) {
            return layer;
        }

        @Override
        public Layer visitSpectralNorm(Layer.SpectralNorm layer) {
            return layer;
        }

        /** The same block with the Dense and Conv layers of both branches normalised. */
        @Override
        public Layer visitResidual(Layer.Residual layer) {
            return new Layer.Residual(
                    Layer.SpectralNorm.onEveryWeight(layer.main()), Layer.SpectralNorm.onEveryWeight(layer.shortcut()));
        }

        @Override
        public Layer visitUpsample(Layer.Upsample layer) {
            return layer;
        }

        @Override
        public Layer visitAvgPool(Layer.AvgPool layer) {
            return layer;
        }
    };
}
