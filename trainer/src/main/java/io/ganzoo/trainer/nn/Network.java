package io.ganzoo.trainer.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequential DJL network built from {@link Layer} descriptions, keeping the block of each layer so exporters and
 * checkpoints can find every parameter by layer.
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
            Block b = toBlock(layer);
            blocks.add(b);
            block.add(b);
        }
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The whole network as one DJL block. */
    public SequentialBlock block() {
        return block;
    }

    /** Parameters of layer {@code i} by their DJL names (weight, bias, gamma, beta, runningMean, runningVar). */
    public Map<String, Parameter> parameters(int i) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : blocks.get(i).getParameters()) {
            out.put(p.getKey(), p.getValue());
        }
        return out;
    }

    /** All parameters, named {@code <layer index>.<name>}, in order. Stable across runs: used by checkpoints. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            for (Map.Entry<String, Parameter> e : parameters(i).entrySet()) {
                out.put(i + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The trainable parameters (BatchNorm running statistics excluded). */
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

    private static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    private static Block toBlock(Layer layer) {
        if (layer instanceof Layer.Dense d) {
            return Linear.builder().setUnits(d.units()).optBias(d.bias()).build();
        } else if (layer instanceof Layer.Conv c) {
            return Conv2d.builder().setKernelShape(new Shape(c.kernel(), c.kernel())).setFilters(c.filters())
                    .optStride(new Shape(c.stride(), c.stride())).optPadding(new Shape(c.padding(), c.padding()))
                    .optBias(c.bias()).build();
        } else if (layer instanceof Layer.ConvTranspose c) {
            return new ConvTranspose2d(c.filters(), c.kernel(), c.stride(), c.padding(), c.bias());
        } else if (layer instanceof Layer.BatchNorm) {
            return ai.djl.nn.norm.BatchNorm.builder().optEpsilon(Layer.BatchNorm.EPSILON)
                    .optMomentum(Layer.BatchNorm.DJL_MOMENTUM).build();
        } else if (layer instanceof Layer.Relu) {
            return Activation.reluBlock();
        } else if (layer instanceof Layer.LeakyRelu l) {
            return Activation.leakyReluBlock(l.alpha());
        } else if (layer instanceof Layer.Tanh) {
            return Activation.tanhBlock();
        } else if (layer instanceof Layer.Reshape r) {
            long[] shape = new long[r.shape().length + 1];
            shape[0] = -1;
            System.arraycopy(r.shape(), 0, shape, 1, r.shape().length);
            return new LambdaBlock(in -> new NDList(in.singletonOrThrow().reshape(shape)), "reshape");
        } else if (layer instanceof Layer.Flatten) {
            return Blocks.batchFlattenBlock();
        }
        throw new IllegalArgumentException("unknown layer " + layer);
    }
}
