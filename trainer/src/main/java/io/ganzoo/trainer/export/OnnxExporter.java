package io.ganzoo.trainer.export;

import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a generator {@link Network} as an ONNX model (IR 8, default-domain opset 13) with input {@code z}
 * {@code [N, latent]} float, output {@code image} {@code [N, C, H, W]} float, a dynamic batch axis named
 * {@code batch}, inference-mode BatchNorm, and the given metadata in {@code metadata_props}.
 *
 * <p>A conditional generator, trained on {@code concat(z, onehot(label))}, gets a second input {@code label} int64
 * {@code [N]}: its first Dense layer {@code W [z | y]} is written as {@code Gemm(z, W_z) + Gather(W_y^T, label)},
 * which is exactly the product with the one-hot vector, without building it.
 *
 * <p>Built with protobuf builders on the generated ONNX classes ({@code ai.onnx.proto.OnnxMl}) that tribuo-util-onnx
 * ships; Tribuo's graph helpers (4.3.2: {@code ONNXContext}, {@code ONNXOperators}, {@code ONNXRef}) cannot write
 * these graphs. Their op enum has Gemm, Gather, Concat, Add and Identity but not Conv, ConvTranspose,
 * BatchNormalization, Relu, LeakyRelu, Tanh, Reshape, Flatten or DepthToSpace (an own enum implementing
 * {@code ONNXOperator} could add those); {@code ONNXContext} declares only float {@code [batch, n]} inputs and outputs
 * (not {@code label} int64 {@code [batch]} nor {@code image} {@code [batch, C, H, W]}), and it appends {@code _0},
 * {@code _1}, ... to every node name, node output and initializer name, so each documented output name would cost an
 * Identity node and the layer-named nodes and weights ({@code l3}, {@code l3_W}) would be lost; the model (opset
 * import, metadata) is outside it. ExportGoldenTest pins the bytes written.
 */
public final class OnnxExporter {
    /** ONNX IR version written (pairs with opsets 13 to 17). */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written. */
    public static final int OPSET = 13;

    private OnnxExporter() {}

    /**
     * Builds the model.
     *
     * @param generator  the trained generator, weights initialised
     * @param latentSize size of z
     * @param classes    number of classes of a conditional generator, 0 when unconditional
     * @param imageShape output shape per image {@code {C, H, W}}
     * @param metadata   entries for {@code metadata_props}
     */
    public static OnnxMl.ModelProto build(
            Network generator, int latentSize, int classes, int[] imageShape, Map<String, String> metadata) {
        return build(generator, latentSize, classes, imageShape, metadata, true);
    }

    /**
     * {@link #build(Network, int, int, int[], Map)}, choosing the graph: {@code inference} rewrites it for speed
     * (BatchNorm folded, polyphase upsampling; see {@link #addLayers}), {@code false} writes one node per layer as
     * trained (BatchNormalization and ConvTranspose nodes: what earlier versions wrote, and the form to compare
     * against).
     */
    public static OnnxMl.ModelProto build(
            Network generator,
            int latentSize,
            int classes,
            int[] imageShape,
            Map<String, String> metadata,
            boolean inference) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("generator");
        g.addInput(valueInfo(ModelFormat.LATENT_INPUT, TensorProto.DataType.FLOAT, "batch", latentSize));
        if (classes > 0) {
            g.addInput(valueInfo(ModelFormat.LABEL_INPUT, TensorProto.DataType.INT64, "batch"));
        }
        addLayers(
                g,
                generator,
                ModelFormat.LATENT_INPUT,
                ModelFormat.IMAGE_OUTPUT,
                latentSize,
                classes,
                inference,
                "",
                null);
        g.addOutput(valueInfo(
                ModelFormat.IMAGE_OUTPUT,
                TensorProto.DataType.FLOAT,
                "batch",
                imageShape[0],
                imageShape[1],
                imageShape[2]));

        return model(
                g,
                "GAN generator exported by ganzoo: z ~ N(0, I) [batch, latent] -> image [batch, C, H, W] in [-1, 1]",
                metadata);
    }

    /**
     * Builds an image classifier: input {@code image} [N, C, H, W] in [-1, 1], outputs {@code logits} [N, classes]
     * and {@code features} [N, F], the output of layer {@code featureLayer}.
     */
    public static OnnxMl.ModelProto buildClassifier(
            Network classifier,
            int[] imageShape,
            int classes,
            int featureLayer,
            int featureSize,
            Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("classifier");
        g.addInput(valueInfo(
                ModelFormat.CLASSIFIER_INPUT,
                TensorProto.DataType.FLOAT,
                "batch",
                imageShape[0],
                imageShape[1],
                imageShape[2]));
        addLayers(g, classifier, ModelFormat.CLASSIFIER_INPUT, ModelFormat.LOGITS_OUTPUT, 0, 0, true, "", null);
        g.addNode(node("Identity", ModelFormat.FEATURES_OUTPUT, ModelFormat.FEATURES_OUTPUT, "l" + featureLayer));
        g.addOutput(valueInfo(ModelFormat.LOGITS_OUTPUT, TensorProto.DataType.FLOAT, "batch", classes));
        g.addOutput(valueInfo(ModelFormat.FEATURES_OUTPUT, TensorProto.DataType.FLOAT, "batch", featureSize));
        return model(
                g,
                "Image classifier exported by ganzoo to evaluate generators: image [batch, C, H, W] in [-1, 1]"
                        + " -> logits [batch, classes], features [batch, F]",
                metadata);
    }

    private static OnnxMl.ModelProto model(OnnxMl.GraphProto.Builder g, String doc, Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("ganzoo-trainer")
                .setProducerVersion(toolVersions().getProperty("ganzoo", "dev"))
                .setDomain("io.ganzoo")
                .setModelVersion(1)
                .setDocString(doc)
                // The default domain must be written as "" (Tribuo's opsetProto() fails on it).
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * Adds the nodes and initializers of {@code net}'s layers, reading {@code input}; the output of layer {@code i}
     * is named {@code l<i>}, the last one {@code output}. With {@code classes > 0} the first layer is a conditional
     * Dense that also reads {@link ModelFormat#LABEL_INPUT}.
     *
     * <p>The graph is written for inference speed (measured in docs/performance.md), computing the same function:
     * <ul>
     *   <li>a BatchNorm right after a Dense, Conv or ConvTranspose layer is folded into that layer's weights and
     *       bias ({@code W' = W gamma / sqrt(var + eps)}, {@code b' = (b - mean) gamma / sqrt(var + eps) + beta});</li>
     *   <li>a ConvTranspose with kernel 4, stride 2, padding 1 (the DCGAN upsampling layer) of at least 16 output
     *       channels and an output of at most {@link #POLYPHASE_MAX_OUTPUT} values is written as its four
     *       polyphase 2x2 convolutions, each with its own asymmetric padding, concatenated and interleaved by
     *       DepthToSpace. The same multiply-adds, but run by ONNX Runtime's blocked convolution kernels, which also
     *       fuse the activation that follows (applied per phase, before the interleave).</li>
     * </ul>
     *
     * <p>A residual layer {@code l<i>} writes its main branch's layers as a network of their own, named
     * {@code l<i>_main_l<j>} with output {@code l<i>_main}, its shortcut's as {@code l<i>_shortcut_l<j>} with output
     * {@code l<i>_shortcut}, and an Add node {@code l<i>} of the two (or of the main branch and the block's input, for
     * an identity shortcut). The rewrites above apply inside the branches.
     *
     * @param prefix prepended to every node and value name ("" at the top level, {@code l<i>_main_} in a branch)
     * @param chw    the per-sample shape of {@code input} where it is an image, else {@code null}
     */
    private static void addLayers(
            OnnxMl.GraphProto.Builder g,
            Network net,
            String input,
            String output,
            int latentSize,
            int classes,
            boolean inference,
            String prefix,
            long[] chw) {
        String x = input;
        List<Layer> layers = net.layers();
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            Layer layer = layers.get(i);
            Role role = layer.accept(new Roles(chw));
            long[] in = chw;
            chw = layer.accept(new ShapeAfter(chw));
            Map<String, Parameter> p = net.parameters(i);
            String name = prefix + "l" + i;
            // a following BatchNorm is folded into a linear layer; the pair's output takes the BatchNorm's name
            Map<String, Parameter> bn = inference
                            && role.foldAxis() >= 0
                            && i + 1 < n
                            && layers.get(i + 1).accept(new Roles(chw)).batchNorm()
                    ? net.parameters(i + 1)
                    : null;
            int last = bn == null ? i : i + 1;
            boolean phases = inference && role.polyphase();
            if (phases && last + 1 < n && layers.get(last + 1).accept(ACTIVATION) != null) {
                last++; // the activation goes into each phase
            }
            String out = last == n - 1 ? output : prefix + "l" + last;
            if (i == 0 && classes > 0) {
                if (!role.dense()) {
                    throw new IllegalArgumentException(
                            "a conditional generator must start with a Dense layer, found " + layer);
                }
                conditionalDense(g, name, out, p, bn, latentSize, classes, input);
            } else {
                Layer activation = last > (bn == null ? i : i + 1) ? layers.get(last) : null;
                layer.accept(new Nodes(g, name, out, x, p, bn, phases, activation, net, i, in, inference));
            }
            x = out;
            i = last;
        }
    }

    /**
     * What the graph rewrites of {@link #addLayers} need to know of a layer.
     *
     * @param foldAxis  the weight axis of the output channels, into which a following BatchNorm is folded: 0 for
     *                  Dense (out, in) and Conv (Cout, Cin, k, k), 1 for ConvTranspose (Cin, Cout, k, k); -1 for
     *                  layers that take no fold
     * @param polyphase whether the layer is written as polyphase convolutions ({@link #polyphase})
     * @param batchNorm whether the layer is a BatchNorm
     * @param dense     whether the layer is a Dense layer (the only first layer of a conditional generator)
     */
    private record Role(int foldAxis, boolean polyphase, boolean batchNorm, boolean dense) {
        static final Role OTHER = new Role(-1, false, false, false);
    }

    /** The {@link Role} of each kind of layer, given its input's per-sample shape ({@code null} if not an image). */
    private static final class Roles implements Layer.Visitor<Role> {
        private final long[] chw;

        Roles(long[] chw) {
            this.chw = chw;
        }

        @Override
        public Role visitDense(Layer.Dense layer) {
            return new Role(0, false, false, true);
        }

        @Override
        public Role visitConv(Layer.Conv layer) {
            return new Role(0, false, false, false);
        }

        @Override
        public Role visitConvTranspose(Layer.ConvTranspose c) {
            return new Role(1, polyphase(c, chw), false, false);
        }

        @Override
        public Role visitBatchNorm(Layer.BatchNorm layer) {
            return new Role(-1, false, true, false);
        }

        @Override
        public Role visitRelu(Layer.Relu layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitLeakyRelu(Layer.LeakyRelu layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitTanh(Layer.Tanh layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitReshape(Layer.Reshape layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitFlatten(Layer.Flatten layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitSpectralNorm(Layer.SpectralNorm layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitResidual(Layer.Residual layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitUpsample(Layer.Upsample layer) {
            return Role.OTHER;
        }

        @Override
        public Role visitAvgPool(Layer.AvgPool layer) {
            return Role.OTHER;
        }
    }

    /**
     * Writes the node(s) and initializers of one layer (not the conditional first layer) reading {@code x} into
     * {@code out}; a linear layer folds {@code bn} (or {@code null}) in, and a polyphase ConvTranspose takes the
     * following {@code activation} (or {@code null}) into each phase. A residual layer writes its branches, layer
     * {@code index} of {@code net}, whose input has the per-sample shape {@code chw}.
     */
    private static final class Nodes implements Layer.Visitor<Void> {
        private final OnnxMl.GraphProto.Builder g;
        private final String name;
        private final String out;
        private final String x;
        private final Map<String, Parameter> p;
        private final Map<String, Parameter> bn;
        private final boolean phases;
        private final Layer activation;
        private final Network net;
        private final int index;
        private final long[] chw;
        private final boolean inference;

        Nodes(
                OnnxMl.GraphProto.Builder g,
                String name,
                String out,
                String x,
                Map<String, Parameter> p,
                Map<String, Parameter> bn,
                boolean phases,
                Layer activation,
                Network net,
                int index,
                long[] chw,
                boolean inference) {
            this.g = g;
            this.name = name;
            this.out = out;
            this.x = x;
            this.p = p;
            this.bn = bn;
            this.phases = phases;
            this.activation = activation;
            this.net = net;
            this.index = index;
            this.chw = chw;
            this.inference = inference;
        }

        @Override
        public Void visitDense(Layer.Dense layer) {
            // DJL Linear weight is (out, in): Gemm with transB.
            Weights w = Weights.of(p, bn, 0);
            g.addInitializer(floatTensor(name + "_W", w.w, w.shape));
            NodeProto.Builder node = node("Gemm", name, out, x, name + "_W").addAttribute(intAttr("transB", 1));
            if (w.b != null) {
                g.addInitializer(floatTensor(name + "_b", w.b, w.b.length));
                node.addInput(name + "_b");
            }
            g.addNode(node);
            return null;
        }

        @Override
        public Void visitConv(Layer.Conv c) {
            g.addNode(conv(g, "Conv", name, out, x, Weights.of(p, bn, 0), c.kernel(), c.stride(), c.padding()));
            return null;
        }

        @Override
        public Void visitConvTranspose(Layer.ConvTranspose c) {
            if (phases) {
                polyphaseConvTranspose(g, name, out, x, Weights.of(p, bn, 1), activation);
            } else {
                g.addNode(conv(
                        g, "ConvTranspose", name, out, x, Weights.of(p, bn, 1), c.kernel(), c.stride(), c.padding()));
            }
            return null;
        }

        @Override
        public Void visitBatchNorm(Layer.BatchNorm layer) {
            for (String s : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
                g.addInitializer(tensor(name + "_" + s, p.get(s)));
            }
            g.addNode(node(
                            "BatchNormalization",
                            name,
                            out,
                            x,
                            name + "_gamma",
                            name + "_beta",
                            name + "_runningMean",
                            name + "_runningVar")
                    .addAttribute(floatAttr("epsilon", Layer.BatchNorm.EPSILON)));
            return null;
        }

        @Override
        public Void visitRelu(Layer.Relu layer) {
            return elementwise(layer);
        }

        @Override
        public Void visitLeakyRelu(Layer.LeakyRelu layer) {
            return elementwise(layer);
        }

        @Override
        public Void visitTanh(Layer.Tanh layer) {
            return elementwise(layer);
        }

        private Void elementwise(Layer layer) {
            g.addNode(layer.accept(ACTIVATION).setName(name).addInput(x).addOutput(out));
            return null;
        }

        @Override
        public Void visitReshape(Layer.Reshape r) {
            long[] shape = new long[r.shape().length + 1];
            shape[0] = -1;
            System.arraycopy(r.shape(), 0, shape, 1, r.shape().length);
            g.addInitializer(longTensor(name + "_shape", shape));
            g.addNode(node("Reshape", name, out, x, name + "_shape"));
            return null;
        }

        @Override
        public Void visitFlatten(Layer.Flatten layer) {
            g.addNode(node("Flatten", name, out, x).addAttribute(intAttr("axis", 1)));
            return null;
        }

        /** Only discriminators are spectrally normalised, and they are never exported. */
        @Override
        public Void visitSpectralNorm(Layer.SpectralNorm layer) {
            throw new IllegalArgumentException("cannot export layer " + name + " (" + layer
                    + "): spectral normalisation is for discriminators, which are not exported");
        }

        /** The branches' layers, then {@code Add(main, shortcut)}, or {@code Add(main, x)} for an identity shortcut. */
        @Override
        public Void visitResidual(Layer.Residual layer) {
            Network.Branches b = net.branches(index);
            String main = name + "_main";
            addLayers(g, b.main(), x, main, 0, 0, inference, main + "_", chw);
            String shortcut = x;
            if (!layer.shortcut().isEmpty()) {
                shortcut = name + "_shortcut";
                addLayers(g, b.shortcut(), x, shortcut, 0, 0, inference, shortcut + "_", chw);
            }
            g.addNode(node("Add", name, out, main, shortcut));
            return null;
        }

        /**
         * {@code Resize} to {@code factor} times the height and width, nearest neighbour, output pixel {@code i}
         * taking input pixel {@code floor(i / factor)} ({@code asymmetric} coordinates, {@code floor} rounding): the
         * same copies as {@link Layer.Upsample}, whatever a runtime's default rounding.
         */
        @Override
        public Void visitUpsample(Layer.Upsample u) {
            g.addInitializer(floatTensor(name + "_scales", new float[] {1, 1, u.factor(), u.factor()}, 4));
            g.addNode(node("Resize", name, out, x, "", name + "_scales")
                    .addAttribute(stringAttr("mode", "nearest"))
                    .addAttribute(stringAttr("coordinate_transformation_mode", "asymmetric"))
                    .addAttribute(stringAttr("nearest_mode", "floor")));
            return null;
        }

        @Override
        public Void visitAvgPool(Layer.AvgPool a) {
            g.addNode(node("AveragePool", name, out, x)
                    .addAttribute(intsAttr("kernel_shape", a.size(), a.size()))
                    .addAttribute(intsAttr("strides", a.size(), a.size())));
            return null;
        }
    }

    /**
     * Largest output of a k4/s2/p1 ConvTranspose, in values per image, that is written as polyphase convolutions.
     * The convolutions run faster than ConvTranspose, but the interleave (DepthToSpace) is a strided copy whose cost
     * per value grows once the layer's output leaves the caches. Measured on the benchmark machine (docs/performance.md):
     * outputs of 64x14x14, 256x8x8 and 128x16x16 values gained, 64x32x32 lost.
     */
    static final long POLYPHASE_MAX_OUTPUT = 128L * 16 * 16;
    /** Output channels below which ONNX Runtime's blocked convolutions (blocks of 16 channels) waste most of their work. */
    static final int POLYPHASE_MIN_COUT = 16;

    /** Whether a transposed convolution with input {@code chw} is written as four polyphase convolutions. */
    private static boolean polyphase(Layer.ConvTranspose c, long[] chw) {
        return c.kernel() == 4
                && c.stride() == 2
                && c.padding() == 1
                && c.filters() >= POLYPHASE_MIN_COUT
                && chw != null
                && (long) c.filters() * chw[1] * 2 * chw[2] * 2 <= POLYPHASE_MAX_OUTPUT;
    }

    /** The per-sample shape after a layer given the one before ({@code null} where it is not an image). */
    private static final class ShapeAfter implements Layer.Visitor<long[]> {
        private final long[] chw;

        ShapeAfter(long[] chw) {
            this.chw = chw;
        }

        @Override
        public long[] visitDense(Layer.Dense layer) {
            return null;
        }

        @Override
        public long[] visitConv(Layer.Conv c) {
            return chw == null
                    ? null
                    : new long[] {
                        c.filters(),
                        (chw[1] + 2L * c.padding() - c.kernel()) / c.stride() + 1,
                        (chw[2] + 2L * c.padding() - c.kernel()) / c.stride() + 1
                    };
        }

        @Override
        public long[] visitConvTranspose(Layer.ConvTranspose c) {
            return chw == null
                    ? null
                    : new long[] {
                        c.filters(),
                        (chw[1] - 1) * c.stride() - 2L * c.padding() + c.kernel(),
                        (chw[2] - 1) * c.stride() - 2L * c.padding() + c.kernel()
                    };
        }

        @Override
        public long[] visitBatchNorm(Layer.BatchNorm layer) {
            return chw;
        }

        @Override
        public long[] visitRelu(Layer.Relu layer) {
            return chw;
        }

        @Override
        public long[] visitLeakyRelu(Layer.LeakyRelu layer) {
            return chw;
        }

        @Override
        public long[] visitTanh(Layer.Tanh layer) {
            return chw;
        }

        @Override
        public long[] visitReshape(Layer.Reshape r) {
            return r.shape().length == 3 ? r.shape().clone() : null;
        }

        @Override
        public long[] visitFlatten(Layer.Flatten layer) {
            return null;
        }

        @Override
        public long[] visitSpectralNorm(Layer.SpectralNorm layer) {
            return layer.layer().accept(this);
        }

        /** The main branch's output shape (the shortcut's is the same). */
        @Override
        public long[] visitResidual(Layer.Residual layer) {
            long[] shape = chw;
            for (Layer l : layer.main()) {
                shape = l.accept(new ShapeAfter(shape));
            }
            return shape;
        }

        @Override
        public long[] visitUpsample(Layer.Upsample u) {
            return chw == null ? null : new long[] {chw[0], chw[1] * u.factor(), chw[2] * u.factor()};
        }

        @Override
        public long[] visitAvgPool(Layer.AvgPool a) {
            return chw == null ? null : new long[] {chw[0], chw[1] / a.size(), chw[2] / a.size()};
        }
    }

    /** The node of an element-wise activation layer (no name, inputs or outputs yet), or {@code null}. */
    private static final Layer.Visitor<NodeProto.Builder> ACTIVATION = new Layer.Visitor<>() {
        @Override
        public NodeProto.Builder visitDense(Layer.Dense layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitConv(Layer.Conv layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitConvTranspose(Layer.ConvTranspose layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitBatchNorm(Layer.BatchNorm layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitRelu(Layer.Relu layer) {
            return NodeProto.newBuilder().setOpType("Relu");
        }

        @Override
        public NodeProto.Builder visitLeakyRelu(Layer.LeakyRelu l) {
            return NodeProto.newBuilder().setOpType("LeakyRelu").addAttribute(floatAttr("alpha", l.alpha()));
        }

        @Override
        public NodeProto.Builder visitTanh(Layer.Tanh layer) {
            return NodeProto.newBuilder().setOpType("Tanh");
        }

        @Override
        public NodeProto.Builder visitReshape(Layer.Reshape layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitFlatten(Layer.Flatten layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitSpectralNorm(Layer.SpectralNorm layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitResidual(Layer.Residual layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitUpsample(Layer.Upsample layer) {
            return null;
        }

        @Override
        public NodeProto.Builder visitAvgPool(Layer.AvgPool layer) {
            return null;
        }
    };

    /**
     * A linear layer's weight (DJL layout) and bias with a following BatchNorm folded in.
     *
     * @param w     weights, row major
     * @param shape their shape
     * @param b     bias per output channel, or {@code null} when the layer has none and nothing was folded
     */
    record Weights(float[] w, long[] shape, float[] b) {
        /**
         * @param bn   the BatchNorm's parameters, or {@code null}
         * @param axis the weight axis of the output channels: 0 for Dense (out, in) and Conv (Cout, Cin, k, k), 1 for
         *             ConvTranspose (Cin, Cout, k, k)
         */
        static Weights of(Map<String, Parameter> p, Map<String, Parameter> bn, int axis) {
            float[] w = p.get("weight").getArray().toFloatArray();
            long[] shape = p.get("weight").getArray().getShape().getShape();
            float[] b = p.containsKey("bias") ? p.get("bias").getArray().toFloatArray() : null;
            if (bn == null) {
                return new Weights(w, shape, b);
            }
            int channels = (int) shape[axis];
            float[] scale = new float[channels];
            float[] shift = new float[channels];
            foldBatchNorm(bn, scale, shift);
            long inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] *= scale[(int) ((i / inner) % channels)];
            }
            float[] bias = new float[channels];
            for (int c = 0; c < channels; c++) {
                bias[c] = (b == null ? 0 : b[c]) * scale[c] + shift[c];
            }
            return new Weights(w, shape, bias);
        }
    }

    /** Inference-mode BatchNorm as {@code y = scale x + shift} per channel. */
    private static void foldBatchNorm(Map<String, Parameter> bn, float[] scale, float[] shift) {
        float[] gamma = bn.get("gamma").getArray().toFloatArray();
        float[] beta = bn.get("beta").getArray().toFloatArray();
        float[] mean = bn.get("runningMean").getArray().toFloatArray();
        float[] var = bn.get("runningVar").getArray().toFloatArray();
        for (int c = 0; c < scale.length; c++) {
            scale[c] = (float) (gamma[c] / Math.sqrt(var[c] + (double) Layer.BatchNorm.EPSILON));
            shift[c] = beta[c] - mean[c] * scale[c];
        }
    }

    /**
     * ConvTranspose(k4, s2, p1) as four 2x2 convolutions: output pixel (2m+a, 2n+c) is the convolution of the input
     * with the flipped kernel's taps {@code [a::2, c::2]} over rows {@code m+a-1 .. m+a} and columns
     * {@code n+c-1 .. n+c}, i.e. pads (top, left, bottom, right) = (1-a, 1-c, a, c). The phases are concatenated
     * along channels in the order (0,0), (0,1), (1,0), (1,1) and interleaved by DepthToSpace (DCR mode).
     */
    private static void polyphaseConvTranspose(
            OnnxMl.GraphProto.Builder g, String name, String out, String x, Weights w, Layer activation) {
        int cin = (int) w.shape[0];
        int cout = (int) w.shape[1];
        NodeProto.Builder concat =
                node("Concat", name + "_phases", name + "_phases").addAttribute(intAttr("axis", 1));
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 2; c++) {
                float[] k = new float[cout * cin * 4];
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < cin; i++) {
                        for (int u = 0; u < 2; u++) {
                            for (int v = 0; v < 2; v++) {
                                // flipped kernel tap (a + 2u, c + 2v) = original tap (3 - a - 2u, 3 - c - 2v)
                                k[((o * cin + i) * 2 + u) * 2 + v] =
                                        w.w[((i * cout + o) * 4 + 3 - a - 2 * u) * 4 + 3 - c - 2 * v];
                            }
                        }
                    }
                }
                String phase = name + "_p" + a + c;
                g.addInitializer(floatTensor(phase + "_W", k, cout, cin, 2, 2));
                NodeProto.Builder conv = node("Conv", phase, phase, x, phase + "_W")
                        .addAttribute(intsAttr("kernel_shape", 2, 2))
                        .addAttribute(intsAttr("pads", 1 - a, 1 - c, a, c));
                if (w.b != null) {
                    if (a + c == 0) {
                        g.addInitializer(floatTensor(name + "_b", w.b, cout));
                    }
                    conv.addInput(name + "_b");
                }
                g.addNode(conv);
                String phaseOut = phase;
                if (activation != null) {
                    phaseOut = phase + "_act";
                    g.addNode(activation
                            .accept(ACTIVATION)
                            .setName(phaseOut)
                            .addInput(phase)
                            .addOutput(phaseOut));
                }
                concat.addInput(phaseOut);
            }
        }
        g.addNode(concat);
        g.addNode(node("DepthToSpace", name, out, name + "_phases")
                .addAttribute(intAttr("blocksize", 2))
                .addAttribute(stringAttr("mode", "DCR")));
    }

    /** Builds the model and writes it to {@code file} atomically (temporary file, then rename). */
    public static void write(
            Network generator, int latentSize, int classes, int[] imageShape, Map<String, String> metadata, Path file)
            throws IOException {
        write(build(generator, latentSize, classes, imageShape, metadata), file);
    }

    /** Writes {@code model} to {@code file} atomically (temporary file, then rename). */
    public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, model::writeTo);
    }

    /** Versions of ganzoo, DJL and PyTorch this trainer was built with. */
    public static Properties toolVersions() {
        Properties p = new Properties();
        try (InputStream in = OnnxExporter.class.getResourceAsStream("/io/ganzoo/trainer/versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the trainer's versions.properties", e);
        }
        p.setProperty("ganzoo", Zoo.VERSION); // one version for the CLIs, manifests and exports
        return p;
    }

    /**
     * Dense over concat(z, onehot(label)): Gemm(z, W_z^T) + Gather(W_y^T, label) (+ bias), with a following BatchNorm
     * ({@code bn}, or {@code null}) folded in.
     */
    private static void conditionalDense(
            OnnxMl.GraphProto.Builder g,
            String name,
            String out,
            Map<String, Parameter> p,
            Map<String, Parameter> bn,
            int latent,
            int classes,
            String input) {
        Weights folded = Weights.of(p, bn, 0);
        float[] w = folded.w;
        int units = (int) folded.shape[0];
        int in = latent + classes;
        float[] wz = new float[units * latent]; // (units, latent), used with transB
        float[] wyT = new float[classes * units]; // (classes, units), one row per label
        for (int u = 0; u < units; u++) {
            System.arraycopy(w, u * in, wz, u * latent, latent);
            for (int c = 0; c < classes; c++) {
                wyT[c * units + u] = w[u * in + latent + c];
            }
        }
        g.addInitializer(floatTensor(name + "_Wz", wz, units, latent));
        g.addInitializer(floatTensor(name + "_WyT", wyT, classes, units));
        NodeProto.Builder gemm =
                node("Gemm", name + "_gemm", name + "_z", input, name + "_Wz").addAttribute(intAttr("transB", 1));
        if (folded.b != null) {
            g.addInitializer(floatTensor(name + "_b", folded.b, units));
            gemm.addInput(name + "_b");
        }
        g.addNode(gemm);
        g.addNode(node("Gather", name + "_label", name + "_y", name + "_WyT", ModelFormat.LABEL_INPUT)
                .addAttribute(intAttr("axis", 0)));
        g.addNode(node("Add", name, out, name + "_z", name + "_y"));
    }

    private static NodeProto conv(
            OnnxMl.GraphProto.Builder g,
            String op,
            String name,
            String out,
            String x,
            Weights w,
            int k,
            int s,
            int pad) {
        g.addInitializer(floatTensor(name + "_W", w.w, w.shape));
        NodeProto.Builder node = node(op, name, out, x, name + "_W")
                .addAttribute(intsAttr("kernel_shape", k, k))
                .addAttribute(intsAttr("strides", s, s))
                .addAttribute(intsAttr("pads", pad, pad, pad, pad));
        if (w.b != null) {
            g.addInitializer(floatTensor(name + "_b", w.b, w.b.length));
            node.addInput(name + "_b");
        }
        return node.build();
    }

    private static NodeProto.Builder node(String op, String name, String out, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        return n;
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            OnnxMl.TensorShapeProto.Dimension.Builder db = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                db.setDimParam(s);
            } else {
                db.setDimValue(((Number) d).longValue());
            }
            shape.addDim(db);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static TensorProto tensor(String name, Parameter p) {
        if (p == null) {
            throw new IllegalStateException("parameter for " + name + " is missing");
        }
        return floatTensor(
                name, p.getArray().toFloatArray(), p.getArray().getShape().getShape());
    }

    private static TensorProto floatTensor(String name, float[] data, long... dims) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bb.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static TensorProto longTensor(String name, long... data) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(data);
        return TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(data.length)
                .setRawData(ByteString.copyFrom(bb.array()))
                .build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(v)
                .build();
    }

    private static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(v)
                .build();
    }

    private static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v))
                .build();
    }

    private static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
