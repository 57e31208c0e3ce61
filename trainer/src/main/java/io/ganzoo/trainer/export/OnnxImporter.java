package io.ganzoo.trainer.export;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.zoo.ModelFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a generator written by {@link OnnxExporter} back into {@link Layer}s and weights, and builds a DJL
 * {@link Network} that computes the same function: the way to run a zoo model with DJL's PyTorch engine (to compare
 * engines on the same weights, or to start training from a published generator).
 *
 * <p>Understands the graphs the exporter writes, now and before: Gemm (transB), the conditional first layer (Gemm +
 * Gather + Add), BatchNormalization, Conv, ConvTranspose and its polyphase form (four Convs, Concat, DepthToSpace),
 * Relu, LeakyRelu, Tanh, Reshape, Flatten, Resize (nearest, integer scale), AveragePool and residual blocks (the
 * nodes of a main branch named {@code l<i>_main_...}, those of a shortcut {@code l<i>_shortcut_...}, then an Add
 * {@code l<i>}), in one chain. Folded BatchNorms stay folded: the network has the exported (inference) weights.
 */
public final class OnnxImporter {
    private OnnxImporter() {}

    /**
     * A generator as layers and weights.
     *
     * @param layers     the layers, in order
     * @param weights    per layer, parameter name ({@link Network#parameters(int)}) to values (row major, DJL shapes)
     * @param latentSize size of z
     * @param classes    number of classes of a conditional generator (its first Dense reads {@code [z | onehot]}), else 0
     */
    public record Imported(List<Layer> layers, List<Map<String, float[]>> weights, int latentSize, int classes) {
        /**
         * A DJL network with these weights, its parameters in {@code manager}. Run it in inference mode; a conditional
         * network takes {@code concat(z, onehot(label))}.
         */
        public Network network(NDManager manager) {
            Network net = new Network(layers);
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, latentSize + classes));
            for (int i = 0; i < layers.size(); i++) {
                Map<String, Parameter> params = net.parameters(i);
                for (Map.Entry<String, float[]> e : weights.get(i).entrySet()) {
                    Parameter p = params.get(e.getKey());
                    if (p == null || p.getArray().size() != e.getValue().length) {
                        throw new IllegalStateException(
                                "layer " + i + " (" + layers.get(i) + "): parameter " + e.getKey()
                                        + " has "
                                        + (p == null ? "no slot" : p.getArray().size() + " values") + " in the network,"
                                        + " the file gives " + e.getValue().length);
                    }
                    p.getArray().set(e.getValue());
                }
            }
            return net;
        }
    }

    /**
     * An exported generator written again by the current exporter: the same weights and metadata (with
     * {@code overrides} applied, e.g. a new {@code ganzoo.version}), in the graph {@link OnnxExporter} writes now.
     *
     * @throws IllegalArgumentException when the file is not a ganzoo generator
     */
    public static OnnxMl.ModelProto reexport(OnnxMl.ModelProto old, Map<String, String> overrides) {
        Imported imported = read(old);
        Map<String, String> md = new LinkedHashMap<>();
        old.getMetadataPropsList().forEach(e -> md.put(e.getKey(), e.getValue()));
        md.putAll(overrides);
        // today's layout: ganzoo.kind = generator and the family under its own key (older files held it in kind)
        String family = ModelFormat.familyOf(md);
        md.put(ModelFormat.KIND, ModelFormat.Kind.GENERATOR.wireName());
        if (family != null) {
            md.remove(ModelFormat.FAMILY);
            md.put(ModelFormat.FAMILY, family);
        }
        String shape = md.get(ModelFormat.IMAGE_SHAPE);
        if (shape == null || shape.split(",").length != 3) {
            throw new IllegalArgumentException(
                    "not a ganzoo generator: metadata " + ModelFormat.IMAGE_SHAPE + " should be C,H,W, found " + shape);
        }
        int[] chw = Arrays.stream(shape.split(","))
                .mapToInt(v -> Integer.parseInt(v.trim()))
                .toArray();
        try (NDManager manager = Torch.newManager()) {
            return OnnxExporter.build(imported.network(manager), imported.latentSize(), imported.classes(), chw, md);
        }
    }

    /** Reads an exported generator file. */
    public static Imported read(Path file) throws IOException {
        return read(OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file)));
    }

    /**
     * Reads an exported generator.
     *
     * @throws IllegalArgumentException when the graph is not one the exporter writes, naming the node
     */
    public static Imported read(OnnxMl.ModelProto model) {
        OnnxMl.GraphProto g = model.getGraph();
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : g.getInitializerList()) {
            init.put(t.getName(), t);
        }
        int latent = -1;
        boolean conditional = false;
        for (OnnxMl.ValueInfoProto in : g.getInputList()) {
            if (in.getName().equals(ModelFormat.LATENT_INPUT)) {
                latent = (int) in.getType().getTensorType().getShape().getDim(1).getDimValue();
            } else if (in.getName().equals(ModelFormat.LABEL_INPUT)) {
                conditional = true;
            }
        }
        if (latent <= 0) {
            throw new IllegalArgumentException(
                    "not a ganzoo generator: no input '" + ModelFormat.LATENT_INPUT + "' of shape [batch, latent]");
        }
        Chain chain = new Chain(g.getNodeList(), init, latent, conditional);
        chain.read(0, g.getNodeCount(), "");
        return new Imported(chain.layers, chain.weights, latent, chain.classes);
    }

    /** Layers read from a run of nodes: the whole graph, or one branch of a residual block. */
    private static final class Chain {
        private static final Pattern BRANCH = Pattern.compile("(l\\d+)_(main|shortcut)_.*");

        private final List<NodeProto> nodes;
        private final Map<String, TensorProto> init;
        private final int latent;
        private final boolean conditional;
        final List<Layer> layers = new ArrayList<>();
        final List<Map<String, float[]>> weights = new ArrayList<>();
        int classes;

        /** @param conditional whether the first layer is the conditional Dense (the graph's, never a branch's) */
        Chain(List<NodeProto> nodes, Map<String, TensorProto> init, int latent, boolean conditional) {
            this.nodes = nodes;
            this.init = init;
            this.latent = latent;
            this.conditional = conditional;
        }

        /** Reads nodes {@code from} (inclusive) to {@code to} (exclusive), named with {@code prefix}. */
        void read(int from, int to, String prefix) {
            for (int i = from; i < to; i++) {
                NodeProto n = nodes.get(i);
                Map<String, float[]> w = new LinkedHashMap<>();
                Layer layer;
                Matcher branch = n.getName().startsWith(prefix)
                        ? BRANCH.matcher(n.getName().substring(prefix.length()))
                        : null;
                if (branch != null && branch.matches()) {
                    i = residual(i, to, prefix + branch.group(1), w);
                    continue;
                }
                switch (n.getOpType()) {
                    case "Gemm" -> {
                        if (conditional && layers.isEmpty()) {
                            // Gemm(z, Wz) + Gather(WyT, label) + Add: one Dense over [z | onehot(label)].
                            NodeProto gather = node(nodes, i + 1, "Gather");
                            node(nodes, i + 2, "Add");
                            float[] wz = floats(init, n.getInput(1));
                            TensorProto wyt = init.get(gather.getInput(0));
                            classes = (int) wyt.getDims(0);
                            int units = (int) wyt.getDims(1);
                            float[] wy = floats(init, gather.getInput(0));
                            float[] wt = new float[units * (latent + classes)];
                            for (int u = 0; u < units; u++) {
                                System.arraycopy(wz, u * latent, wt, u * (latent + classes), latent);
                                for (int c = 0; c < classes; c++) {
                                    wt[u * (latent + classes) + latent + c] = wy[c * units + u];
                                }
                            }
                            w.put("weight", wt);
                            i += 2;
                            layer = new Layer.Dense(units, n.getInputCount() > 2);
                        } else {
                            if (intAttr(n, "transB", 0) != 1) {
                                throw new IllegalArgumentException(
                                        "node " + n.getName() + ": expected Gemm with transB=1");
                            }
                            w.put("weight", floats(init, n.getInput(1)));
                            layer = new Layer.Dense(
                                    (int) init.get(n.getInput(1)).getDims(0), n.getInputCount() > 2);
                        }
                        if (n.getInputCount() > 2) {
                            w.put("bias", floats(init, n.getInput(2)));
                        }
                    }
                    case "BatchNormalization" -> {
                        String[] names = {"gamma", "beta", "runningMean", "runningVar"};
                        for (int k = 0; k < names.length; k++) {
                            w.put(names[k], floats(init, n.getInput(k + 1)));
                        }
                        layer = new Layer.BatchNorm();
                    }
                    case "Conv" -> {
                        if (n.getName().endsWith("_p00")) {
                            i = polyphase(nodes, i, init, layers, weights);
                            continue;
                        }
                        layer = conv(n, init, w);
                    }
                    case "ConvTranspose" -> {
                        layer = conv(n, init, w);
                    }
                    case "Relu", "LeakyRelu", "Tanh" -> layer = activation(n);
                    case "Flatten" -> layer = new Layer.Flatten();
                    case "Reshape" -> {
                        TensorProto shape = init.get(n.getInput(1));
                        long[] dims = longs(shape);
                        layer = new Layer.Reshape(Arrays.copyOfRange(dims, 1, dims.length));
                    }
                    case "Resize" -> layer = upsample(n, init);
                    case "AveragePool" -> {
                        long[] k = ints(n, "kernel_shape");
                        long[] st = ints(n, "strides");
                        if (k.length != 2 || k[0] != k[1] || st.length != 2 || st[0] != k[0] || st[1] != k[1]) {
                            throw new IllegalArgumentException("node " + n.getName() + ": expected AveragePool over"
                                    + " square windows with strides equal to the window, found kernel_shape "
                                    + Arrays.toString(k) + ", strides " + Arrays.toString(st));
                        }
                        layer = new Layer.AvgPool((int) k[0]);
                    }
                    default ->
                        throw new IllegalArgumentException("node " + n.getName() + ": cannot import op " + n.getOpType()
                                + " (not written by the ganzoo exporter)");
                }
                layers.add(layer);
                weights.add(w);
            }
        }

        /**
         * The residual block {@code block} whose first node is {@code first}: its main branch's nodes, its shortcut's
         * and the Add named {@code block}. Adds the layer and returns the index of the Add.
         */
        private int residual(int first, int to, String block, Map<String, float[]> w) {
            int i = first;
            while (i < to && nodes.get(i).getName().startsWith(block + "_main_")) {
                i++;
            }
            int mainEnd = i;
            while (i < to && nodes.get(i).getName().startsWith(block + "_shortcut_")) {
                i++;
            }
            int shortcutEnd = i;
            if (mainEnd == first
                    || i == to
                    || !nodes.get(i).getOpType().equals("Add")
                    || !nodes.get(i).getName().equals(block)) {
                throw new IllegalArgumentException("residual block " + block
                        + ": expected the nodes of its main branch ("
                        + block + "_main_...), of its shortcut (" + block + "_shortcut_..., none for the identity) and"
                        + " an Add named " + block + ", found "
                        + (i < to
                                ? nodes.get(i).getOpType() + " " + nodes.get(i).getName()
                                : "the end of the graph"));
            }
            Chain main = new Chain(nodes, init, latent, false);
            main.read(first, mainEnd, block + "_main_");
            Chain shortcut = new Chain(nodes, init, latent, false);
            shortcut.read(mainEnd, shortcutEnd, block + "_shortcut_");
            main.named("main.", w);
            shortcut.named("shortcut.", w);
            layers.add(new Layer.Residual(main.layers, shortcut.layers));
            weights.add(w);
            return i;
        }

        /** Every weight of this chain into {@code w}, named {@code <prefix><layer>.<name>}. */
        private void named(String prefix, Map<String, float[]> w) {
            for (int j = 0; j < weights.size(); j++) {
                for (Map.Entry<String, float[]> e : weights.get(j).entrySet()) {
                    w.put(prefix + j + "." + e.getKey(), e.getValue());
                }
            }
        }
    }

    private static Layer conv(NodeProto n, Map<String, TensorProto> init, Map<String, float[]> w) {
        TensorProto wt = init.get(n.getInput(1));
        int filters = (int) wt.getDims(n.getOpType().equals("Conv") ? 0 : 1);
        int k = (int) wt.getDims(2);
        int s = (int) ints(n, "strides")[0];
        int p = (int) ints(n, "pads")[0];
        boolean bias = n.getInputCount() > 2;
        w.put("weight", floats(init, n.getInput(1)));
        if (bias) {
            w.put("bias", floats(init, n.getInput(2)));
        }
        return n.getOpType().equals("Conv")
                ? new Layer.Conv(filters, k, s, p, bias)
                : new Layer.ConvTranspose(filters, k, s, p, bias);
    }

    /**
     * The exporter's polyphase ConvTranspose(k4, s2, p1): four 2x2 Convs {@code <name>_p<a><c>} (each maybe followed
     * by the same activation), Concat and DepthToSpace {@code <name>}. Adds the ConvTranspose (and the activation)
     * and returns the index of the DepthToSpace node.
     */
    private static int polyphase(
            List<NodeProto> nodes,
            int first,
            Map<String, TensorProto> init,
            List<Layer> layers,
            List<Map<String, float[]>> weights) {
        String name = nodes.get(first).getName();
        name = name.substring(0, name.length() - "_p00".length());
        NodeProto activation = null;
        float[] wt = null;
        float[] bias = null;
        int cin = 0;
        int cout = 0;
        int i = first;
        for (; i < nodes.size() && !nodes.get(i).getOpType().equals("DepthToSpace"); i++) {
            NodeProto n = nodes.get(i);
            if (n.getOpType().equals("Conv")) {
                int a = n.getName().charAt(n.getName().length() - 2) - '0';
                int c = n.getName().charAt(n.getName().length() - 1) - '0';
                TensorProto kt = init.get(n.getInput(1));
                cout = (int) kt.getDims(0);
                cin = (int) kt.getDims(1);
                float[] k = floats(init, n.getInput(1));
                if (wt == null) {
                    wt = new float[cin * cout * 16];
                }
                for (int o = 0; o < cout; o++) {
                    for (int in = 0; in < cin; in++) {
                        for (int u = 0; u < 2; u++) {
                            for (int v = 0; v < 2; v++) {
                                wt[((in * cout + o) * 4 + 3 - a - 2 * u) * 4 + 3 - c - 2 * v] =
                                        k[((o * cin + in) * 2 + u) * 2 + v];
                            }
                        }
                    }
                }
                if (n.getInputCount() > 2) {
                    bias = floats(init, n.getInput(2));
                }
            } else if (!n.getOpType().equals("Concat")) {
                activation = n;
            }
        }
        if (i == nodes.size() || !nodes.get(i).getName().equals(name) || wt == null) {
            throw new IllegalArgumentException("polyphase transposed convolution " + name
                    + ": expected four Convs, a Concat and a DepthToSpace named " + name);
        }
        Map<String, float[]> w = new LinkedHashMap<>();
        w.put("weight", wt);
        if (bias != null) {
            w.put("bias", bias);
        }
        layers.add(new Layer.ConvTranspose(cout, 4, 2, 1, bias != null));
        weights.add(w);
        if (activation != null) {
            layers.add(activation(activation));
            weights.add(Map.of());
        }
        return i;
    }

    /** The exporter's Resize: nearest neighbour, floor of asymmetric coordinates, the same integer scale on H and W. */
    private static Layer upsample(NodeProto n, Map<String, TensorProto> init) {
        float[] scales = n.getInputCount() > 2 ? floats(init, n.getInput(2)) : new float[0];
        AttributeProto mode = attr(n, "mode");
        if (scales.length != 4
                || scales[0] != 1
                || scales[1] != 1
                || scales[2] != scales[3]
                || scales[2] != Math.rint(scales[2])
                || mode == null
                || !mode.getS().toStringUtf8().equals("nearest")) {
            throw new IllegalArgumentException("node " + n.getName() + ": expected Resize (nearest) with scales"
                    + " [1, 1, f, f] for an integer f, found scales " + Arrays.toString(scales) + ", mode "
                    + (mode == null ? "none" : mode.getS().toStringUtf8()));
        }
        return new Layer.Upsample((int) scales[2]);
    }

    /** The activation layer of an element-wise node (the inverse of the exporter's activation nodes). */
    private static Layer activation(NodeProto n) {
        return switch (n.getOpType()) {
            case "Relu" -> new Layer.Relu();
            case "LeakyRelu" -> new Layer.LeakyRelu(floatAttr(n, "alpha", 0.01f));
            case "Tanh" -> new Layer.Tanh();
            default ->
                throw new IllegalArgumentException("node " + n.getName()
                        + ": expected an activation (Relu, LeakyRelu, Tanh), found " + n.getOpType());
        };
    }

    private static NodeProto node(List<NodeProto> nodes, int i, String op) {
        if (i >= nodes.size() || !nodes.get(i).getOpType().equals(op)) {
            throw new IllegalArgumentException("conditional first layer: expected " + op + " at node " + i + ", found "
                    + (i < nodes.size() ? nodes.get(i).getOpType() : "the end of the graph"));
        }
        return nodes.get(i);
    }

    private static float[] floats(Map<String, TensorProto> init, String name) {
        TensorProto t = init.get(name);
        if (t == null || t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new IllegalArgumentException("initializer " + name + ": expected a float tensor, found "
                    + (t == null ? "none" : "data type " + t.getDataType()));
        }
        if (!t.getRawData().isEmpty()) {
            float[] out = new float[t.getRawData().size() / 4];
            t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    private static long[] longs(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[b.remaining() / 8];
            b.asLongBuffer().get(out);
            return out;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static AttributeProto attr(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private static long intAttr(NodeProto n, String name, long fallback) {
        AttributeProto a = attr(n, name);
        return a == null ? fallback : a.getI();
    }

    private static float floatAttr(NodeProto n, String name, float fallback) {
        AttributeProto a = attr(n, name);
        return a == null ? fallback : a.getF();
    }

    private static long[] ints(NodeProto n, String name) {
        AttributeProto a = attr(n, name);
        if (a == null) {
            throw new IllegalArgumentException("node " + n.getName() + ": attribute " + name + " is missing");
        }
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }
}
