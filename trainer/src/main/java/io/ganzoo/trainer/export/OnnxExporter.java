package io.ganzoo.trainer.export;

import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.trainer.nn.Network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Writes a generator {@link Network} as an ONNX model (IR 8, default-domain opset 13) with input {@code z}
 * {@code [N, latent]} float, output {@code image} {@code [N, C, H, W]} float, a dynamic batch axis named
 * {@code batch}, inference-mode BatchNorm, and the given metadata in {@code metadata_props}. Built with the ONNX
 * protobuf classes bundled in tribuo-util-onnx.
 *
 * <p>A conditional generator, trained on {@code concat(z, onehot(label))}, gets a second input {@code label} int64
 * {@code [N]}: its first Dense layer {@code W [z | y]} is written as {@code Gemm(z, W_z) + Gather(W_y^T, label)},
 * which is exactly the product with the one-hot vector, without building it.
 */
public final class OnnxExporter {
    /** ONNX IR version written (pairs with opsets 13 to 17). */
    public static final long IR_VERSION = 8;
    /** Default-domain opset written. */
    public static final int OPSET = 13;
    /** Input name of the latent batch. */
    public static final String INPUT = "z";
    /** Output name of the image batch. */
    public static final String OUTPUT = "image";
    /** Input name of the class labels of a conditional generator. */
    public static final String LABEL = "label";

    private OnnxExporter() {
    }

    /**
     * Builds the model.
     *
     * @param generator  the trained generator, weights initialised
     * @param latentSize size of z
     * @param classes    number of classes of a conditional generator, 0 when unconditional
     * @param imageShape output shape per image {@code {C, H, W}}
     * @param metadata   entries for {@code metadata_props}
     */
    public static OnnxMl.ModelProto build(Network generator, int latentSize, int classes, int[] imageShape,
                                          Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("generator");
        g.addInput(valueInfo(INPUT, TensorProto.DataType.FLOAT, "batch", latentSize));
        if (classes > 0) {
            g.addInput(valueInfo(LABEL, TensorProto.DataType.INT64, "batch"));
        }
        addLayers(g, generator, INPUT, OUTPUT, latentSize, classes);
        g.addOutput(valueInfo(OUTPUT, TensorProto.DataType.FLOAT, "batch", imageShape[0], imageShape[1], imageShape[2]));

        return model(g, "GAN generator exported by ganzoo: z ~ N(0, I) [batch, latent] -> image [batch, C, H, W] in [-1, 1]",
                metadata);
    }

    /** Input name of a classifier's image batch. */
    public static final String CLASSIFIER_INPUT = "image";
    /** Output name of a classifier's class scores (logits). */
    public static final String LOGITS = "logits";
    /** Output name of a classifier's feature vectors (the output of its feature layer). */
    public static final String FEATURES = "features";

    /**
     * Builds an image classifier: input {@code image} [N, C, H, W] in [-1, 1], outputs {@code logits} [N, classes]
     * and {@code features} [N, F], the output of layer {@code featureLayer}.
     */
    public static OnnxMl.ModelProto buildClassifier(Network classifier, int[] imageShape, int classes, int featureLayer,
                                                    int featureSize, Map<String, String> metadata) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("classifier");
        g.addInput(valueInfo(CLASSIFIER_INPUT, TensorProto.DataType.FLOAT, "batch", imageShape[0], imageShape[1],
                imageShape[2]));
        addLayers(g, classifier, CLASSIFIER_INPUT, LOGITS, 0, 0);
        g.addNode(node("Identity", FEATURES, FEATURES, "l" + featureLayer));
        g.addOutput(valueInfo(LOGITS, TensorProto.DataType.FLOAT, "batch", classes));
        g.addOutput(valueInfo(FEATURES, TensorProto.DataType.FLOAT, "batch", featureSize));
        return model(g, "Image classifier exported by ganzoo to evaluate generators: image [batch, C, H, W] in [-1, 1]"
                + " -> logits [batch, classes], features [batch, F]", metadata);
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
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        metadata.forEach((k, v) -> m.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * Adds the nodes and initializers of {@code net}'s layers, reading {@code input}; layer {@code i}'s output is
     * named {@code l<i>}, the last one {@code output}. With {@code classes > 0} the first layer is a conditional
     * Dense that also reads {@link #LABEL}.
     */
    private static void addLayers(OnnxMl.GraphProto.Builder g, Network net, String input, String output, int latentSize,
                                  int classes) {
        String x = input;
        int n = net.layers().size();
        for (int i = 0; i < n; i++) {
            Layer layer = net.layers().get(i);
            Map<String, Parameter> p = net.parameters(i);
            String out = i == n - 1 ? output : "l" + i;
            String name = "l" + i;
            if (i == 0 && classes > 0) {
                if (!(layer instanceof Layer.Dense d)) {
                    throw new IllegalArgumentException("a conditional generator must start with a Dense layer, found " + layer);
                }
                conditionalDense(g, name, out, p, d.bias(), latentSize, classes, input);
            } else if (layer instanceof Layer.Dense d) {
                // DJL Linear weight is (out, in): Gemm with transB.
                g.addInitializer(tensor(name + "_W", p.get("weight")));
                NodeProto.Builder node = node("Gemm", name, out, x, name + "_W").addAttribute(intAttr("transB", 1));
                if (d.bias()) {
                    g.addInitializer(tensor(name + "_b", p.get("bias")));
                    node.addInput(name + "_b");
                }
                g.addNode(node);
            } else if (layer instanceof Layer.BatchNorm) {
                for (String s : new String[] {"gamma", "beta", "runningMean", "runningVar"}) {
                    g.addInitializer(tensor(name + "_" + s, p.get(s)));
                }
                g.addNode(node("BatchNormalization", name, out, x, name + "_gamma", name + "_beta",
                        name + "_runningMean", name + "_runningVar")
                        .addAttribute(floatAttr("epsilon", Layer.BatchNorm.EPSILON)));
            } else if (layer instanceof Layer.Relu) {
                g.addNode(node("Relu", name, out, x));
            } else if (layer instanceof Layer.LeakyRelu l) {
                g.addNode(node("LeakyRelu", name, out, x).addAttribute(floatAttr("alpha", l.alpha())));
            } else if (layer instanceof Layer.Tanh) {
                g.addNode(node("Tanh", name, out, x));
            } else if (layer instanceof Layer.Reshape r) {
                long[] shape = new long[r.shape().length + 1];
                shape[0] = -1;
                System.arraycopy(r.shape(), 0, shape, 1, r.shape().length);
                g.addInitializer(longTensor(name + "_shape", shape));
                g.addNode(node("Reshape", name, out, x, name + "_shape"));
            } else if (layer instanceof Layer.Flatten) {
                g.addNode(node("Flatten", name, out, x).addAttribute(intAttr("axis", 1)));
            } else if (layer instanceof Layer.ConvTranspose c) {
                g.addNode(conv(g, "ConvTranspose", name, out, x, p, c.kernel(), c.stride(), c.padding(), c.bias()));
            } else if (layer instanceof Layer.Conv c) {
                g.addNode(conv(g, "Conv", name, out, x, p, c.kernel(), c.stride(), c.padding(), c.bias()));
            } else {
                throw new IllegalArgumentException("cannot export layer " + layer);
            }
            x = out;
        }
    }

    /** Builds the model and writes it to {@code file} atomically (temporary file, then rename). */
    public static void write(Network generator, int latentSize, int classes, int[] imageShape,
                             Map<String, String> metadata, Path file) throws IOException {
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
        return p;
    }

    /** Dense over concat(z, onehot(label)): Gemm(z, W_z^T) + Gather(W_y^T, label) (+ bias). */
    private static void conditionalDense(OnnxMl.GraphProto.Builder g, String name, String out, Map<String, Parameter> p,
                                         boolean bias, int latent, int classes, String input) {
        float[] w = p.get("weight").getArray().toFloatArray();
        int units = (int) p.get("weight").getArray().getShape().get(0);
        int in = latent + classes;
        float[] wz = new float[units * latent];          // (units, latent), used with transB
        float[] wyT = new float[classes * units];        // (classes, units), one row per label
        for (int u = 0; u < units; u++) {
            System.arraycopy(w, u * in, wz, u * latent, latent);
            for (int c = 0; c < classes; c++) {
                wyT[c * units + u] = w[u * in + latent + c];
            }
        }
        g.addInitializer(floatTensor(name + "_Wz", wz, units, latent));
        g.addInitializer(floatTensor(name + "_WyT", wyT, classes, units));
        NodeProto.Builder gemm = node("Gemm", name + "_gemm", name + "_z", input, name + "_Wz")
                .addAttribute(intAttr("transB", 1));
        if (bias) {
            g.addInitializer(tensor(name + "_b", p.get("bias")));
            gemm.addInput(name + "_b");
        }
        g.addNode(gemm);
        g.addNode(node("Gather", name + "_label", name + "_y", name + "_WyT", LABEL).addAttribute(intAttr("axis", 0)));
        g.addNode(node("Add", name, out, name + "_z", name + "_y"));
    }

    private static NodeProto conv(OnnxMl.GraphProto.Builder g, String op, String name, String out, String x,
                                  Map<String, Parameter> p, int k, int s, int pad, boolean bias) {
        g.addInitializer(tensor(name + "_W", p.get("weight")));
        NodeProto.Builder node = node(op, name, out, x, name + "_W")
                .addAttribute(intsAttr("kernel_shape", k, k))
                .addAttribute(intsAttr("strides", s, s))
                .addAttribute(intsAttr("pads", pad, pad, pad, pad));
        if (bias) {
            g.addInitializer(tensor(name + "_b", p.get("bias")));
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
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
                .build();
    }

    private static TensorProto tensor(String name, Parameter p) {
        if (p == null) {
            throw new IllegalStateException("parameter for " + name + " is missing");
        }
        return floatTensor(name, p.getArray().toFloatArray(), p.getArray().getShape().getShape());
    }

    private static TensorProto floatTensor(String name, float[] data, long... dims) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(data);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bb.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static TensorProto longTensor(String name, long... data) {
        ByteBuffer bb = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(data);
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(data.length).setRawData(ByteString.copyFrom(bb.array())).build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
