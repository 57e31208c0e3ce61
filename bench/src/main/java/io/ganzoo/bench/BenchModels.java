package io.ganzoo.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.onnx.proto.OnnxMl;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.export.OnnxExporter;
import io.ganzoo.trainer.export.OnnxImporter;
import io.ganzoo.trainer.nn.Dcgan;
import io.ganzoo.trainer.nn.Layer;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;
import io.ganzoo.zoo.ZooException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generators the benchmarks run: every generator embedded in the zoo, and {@value #DCGAN64}, the DCGAN paper's
 * 64x64 generator (Radford et al. 2016, ngf 64, 3x64x64) with random weights, exported by the project's own exporter.
 */
public final class BenchModels {
    /** Name of the random-weight DCGAN-64 generator. */
    public static final String DCGAN64 = "dcgan64";
    /** The same DCGAN-64 written as trained, one node per layer (no folding, no polyphase): the exporter's baseline. */
    public static final String DCGAN64_PLAIN = "dcgan64-plain";
    /** Prefix of a zoo generator re-exported in the current graph ({@code reexported:fashion-dcgan}). */
    public static final String REEXPORTED = "reexported:";

    private BenchModels() {}

    /** The names of the zoo's embedded generators, then {@value #DCGAN64}. */
    public static List<String> names() throws ZooException {
        List<String> out = new ArrayList<>();
        for (ModelEntry e : Zoo.defaultZoo().list()) {
            if (e.modelKind() != ModelFormat.Kind.CLASSIFIER) {
                out.add(e.name());
            }
        }
        out.add(DCGAN64);
        return out;
    }

    /**
     * The ONNX file of a model: a zoo generator's verified bytes, a zoo generator re-exported
     * ({@value #REEXPORTED}name), a fresh export of {@value #DCGAN64} or {@value #DCGAN64_PLAIN}, or a model file
     * (read as {@code Generator.load} reads it).
     */
    public static byte[] onnx(String name) throws ModelException, IOException {
        if (name.equals(DCGAN64) || name.equals(DCGAN64_PLAIN)) {
            return dcgan64(name.equals(DCGAN64)).toByteArray();
        }
        if (name.startsWith(REEXPORTED)) {
            OnnxMl.ModelProto old = OnnxMl.ModelProto.parseFrom(onnx(name.substring(REEXPORTED.length())));
            return OnnxImporter.reexport(old, Map.of()).toByteArray();
        }
        return Generator.modelBytes(name);
    }

    /**
     * The DCGAN-64 generator with N(0, 0.02) weights from a fixed seed and the BatchNorm statistics of its own
     * activations on 256 fixed latent vectors, so that every layer does work and the images vary.
     */
    public static OnnxMl.ModelProto dcgan64() {
        return dcgan64(true);
    }

    /** {@link #dcgan64()} as the exporter writes it ({@code inference}) or one node per layer. */
    public static OnnxMl.ModelProto dcgan64(boolean inference) {
        List<Layer> layers = Dcgan.generator64(64, 3);
        try (NDManager manager = Torch.newManager()) {
            Engine.getInstance().setRandomSeed(64);
            Network net = new Network(layers);
            net.block().setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 100));
            // BatchNorm statistics of the network's own activations on 256 latent vectors (standing statistics), so
            // every layer passes on a spread of values; fixed statistics (mean 0.1, variance 0.5) had the ReLUs zero
            // everything by the fourth layer and the model drew exactly 0 in every pixel
            net.measureBatchNormStatistics(
                    new ParameterStore(manager, false),
                    manager.create(Noise.standardNormal(64, 0, 256, 100), new Shape(256, 100)));
            Map<String, String> md = new LinkedHashMap<>();
            md.put(ModelFormat.SCHEMA, ModelFormat.SCHEMA_VERSION);
            md.put(ModelFormat.NAME, DCGAN64);
            md.put(ModelFormat.VERSION, "0.0.0");
            md.put(ModelFormat.KIND, "dcgan");
            md.put(ModelFormat.LATENT_SIZE, "100");
            md.put(ModelFormat.LATENT_PRIOR, ModelFormat.PRIOR_NORMAL);
            md.put(ModelFormat.IMAGE_SHAPE, "3,64,64");
            md.put(ModelFormat.VALUE_RANGE, ModelFormat.DEFAULT_RANGE);
            return OnnxExporter.build(net, 100, 0, new int[] {3, 64, 64}, md, inference);
        }
    }

    /**
     * Floating-point operations per image: 2 per multiply-add of the Dense, Conv and ConvTranspose layers, those in
     * the branches of residual layers included (the conventional count; BatchNorm, activations, resampling, the
     * residual sums and the conditional label lookup are not counted).
     */
    public static double flopsPerImage(OnnxImporter.Imported model) {
        double[] flops = {0};
        shapeAfter(model.layers(), new long[] {model.latentSize() + model.classes()}, model.classes(), flops);
        return flops[0];
    }

    /**
     * The per-sample shape after {@code layers} given the one before, adding their multiply-adds to {@code flops[0]}.
     * One {@link Layer.Visitor}: a new kind of layer does not compile until it is counted here.
     *
     * @param classes label columns of the first layer when it is a conditional Dense (a lookup, not multiply-adds)
     */
    private static long[] shapeAfter(List<Layer> layers, long[] shape, int classes, double[] flops) {
        Flops f = new Flops(shape, classes, flops);
        for (Layer layer : layers) {
            f.shape = layer.accept(f);
            f.lookup = 0; // only the first layer's label columns are a lookup
        }
        return f.shape;
    }

    /** Each layer's output shape, counting its multiply-adds. */
    private static final class Flops implements Layer.Visitor<long[]> {
        long[] shape;
        int lookup;
        final double[] flops;

        Flops(long[] shape, int lookup, double[] flops) {
            this.shape = shape;
            this.lookup = lookup;
            this.flops = flops;
        }

        @Override
        public long[] visitDense(Layer.Dense d) {
            flops[0] += 2.0 * (shape[0] - lookup) * d.units();
            return new long[] {d.units()};
        }

        @Override
        public long[] visitConv(Layer.Conv c) {
            long h = (shape[1] + 2L * c.padding() - c.kernel()) / c.stride() + 1;
            long w = (shape[2] + 2L * c.padding() - c.kernel()) / c.stride() + 1;
            flops[0] += 2.0 * c.filters() * h * w * shape[0] * c.kernel() * c.kernel();
            return new long[] {c.filters(), h, w};
        }

        @Override
        public long[] visitConvTranspose(Layer.ConvTranspose c) {
            long h = (shape[1] - 1) * c.stride() - 2L * c.padding() + c.kernel();
            long w = (shape[2] - 1) * c.stride() - 2L * c.padding() + c.kernel();
            flops[0] += 2.0 * shape[0] * shape[1] * shape[2] * c.filters() * c.kernel() * c.kernel();
            return new long[] {c.filters(), h, w};
        }

        @Override
        public long[] visitBatchNorm(Layer.BatchNorm layer) {
            return shape; // not counted (folded into the convolution in exports)
        }

        @Override
        public long[] visitRelu(Layer.Relu layer) {
            return shape;
        }

        @Override
        public long[] visitLeakyRelu(Layer.LeakyRelu layer) {
            return shape;
        }

        @Override
        public long[] visitTanh(Layer.Tanh layer) {
            return shape;
        }

        @Override
        public long[] visitReshape(Layer.Reshape r) {
            return r.shape().clone();
        }

        @Override
        public long[] visitFlatten(Layer.Flatten layer) {
            return new long[] {shape[0] * shape[1] * shape[2]};
        }

        @Override
        public long[] visitSpectralNorm(Layer.SpectralNorm layer) {
            return layer.layer().accept(this); // the normalised layer's work
        }

        @Override
        public long[] visitResidual(Layer.Residual r) {
            shapeAfter(r.shortcut(), shape, 0, flops);
            return shapeAfter(r.main(), shape, 0, flops);
        }

        @Override
        public long[] visitUpsample(Layer.Upsample u) {
            return new long[] {shape[0], shape[1] * u.factor(), shape[2] * u.factor()};
        }

        @Override
        public long[] visitAvgPool(Layer.AvgPool p) {
            return new long[] {shape[0], shape[1] / p.size(), shape[2] / p.size()};
        }
    }
}
