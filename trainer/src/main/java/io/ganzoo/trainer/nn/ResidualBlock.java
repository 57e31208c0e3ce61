package io.ganzoo.trainer.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * The DJL block of a {@link Layer.Residual}: {@code main(x) + shortcut(x)}. Each branch is a {@link Network} of its
 * own, so the layers inside it are built, adjoined, exported and named by the same code as a top-level network's;
 * the branches are this block's DJL children, so initialisation, initialisers and freezing reach their parameters.
 */
final class ResidualBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final Network main;
    private final Network shortcut;

    ResidualBlock(Layer.Residual layer) {
        super(VERSION);
        this.main = new Network(layer.main());
        this.shortcut = new Network(layer.shortcut());
        addChildBlock("main", main.block());
        if (!layer.shortcut().isEmpty()) {
            addChildBlock("shortcut", shortcut.block()); // DJL refuses to initialise an empty SequentialBlock
        }
    }

    Network main() {
        return main;
    }

    /** The shortcut; a network of no layers (its output is its input) for the identity. */
    Network shortcut() {
        return shortcut;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.block().initialize(manager, dataType, inputShapes);
        Shape[] m = main.block().getOutputShapes(inputShapes);
        Shape[] s = inputShapes;
        if (!shortcut.layers().isEmpty()) {
            shortcut.block().initialize(manager, dataType, inputShapes);
            s = shortcut.block().getOutputShapes(inputShapes);
        }
        if (!Arrays.equals(m, s)) {
            throw new IllegalArgumentException("residual block: the main branch maps " + inputShapes[0] + " to " + m[0]
                    + " but the shortcut to " + s[0] + "; the two must give the same shape (add a 1x1 convolution or"
                    + " the same resampling to the shortcut)");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return main.block().getOutputShapes(inputShapes);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray m = main.block().forward(store, new NDList(x), training).singletonOrThrow();
        NDArray s = shortcut.layers().isEmpty()
                ? x
                : shortcut.block().forward(store, new NDList(x), training).singletonOrThrow();
        return new NDList(m.add(s));
    }
}
