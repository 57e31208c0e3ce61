package io.ganzoo.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Noise;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.export.OnnxImporter;
import io.ganzoo.trainer.nn.Network;
import io.ganzoo.zoo.ModelException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Images per second of one generator at one batch size, run by the sdk (ONNX Runtime) or by DJL's PyTorch engine
 * (eager, inference mode) on the same weights ({@link OnnxImporter}), with {@value #THREADS} threads each. One
 * operation is one batch: latent floats in, image floats out in a Java array, as a caller gets them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dai.djl.offline=true",
            "-Dai.djl.pytorch.num_threads=" + SamplingBenchmark.THREADS,
            "-Dai.djl.pytorch.num_interop_threads=1",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
        })
public class SamplingBenchmark {
    /** Threads of both engines: the cores of the benchmark machine. */
    public static final int THREADS = 2;

    /**
     * A zoo generator's name, {@value BenchModels#DCGAN64}, or (by -p) {@value BenchModels#DCGAN64_PLAIN} or
     * {@value BenchModels#REEXPORTED}name.
     */
    @Param({
        "fashion-dcgan",
        "fashion-cgan",
        "fashion-rpgan",
        "fashion-wgan",
        "stacked-mnist-dcgan",
        "stacked-mnist-rpgan",
        BenchModels.DCGAN64,
        BenchModels.DCGAN64_PLAIN
    })
    public String model;

    @Param({"1", "16", "64", "256"})
    public int batch;

    /**
     * {@code ort}: the sdk's {@link Generator} as configured by default (each batch split across the threads, one
     * ONNX Runtime thread each); {@code ort-whole}: the sdk running each batch whole with {@value #THREADS} ONNX
     * Runtime intra-op threads; {@code djl}: DJL's PyTorch engine.
     */
    @Param({"ort", "djl", "ort-whole"})
    public String engine;

    private Generator generator;
    private NDManager manager;
    private Network network;
    private ParameterStore store;
    private int latent;
    private int classes;
    private float[] z;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] bytes = BenchModels.onnx(model);
        OnnxImporter.Imported imported = OnnxImporter.read(OnnxMl.ModelProto.parseFrom(bytes));
        latent = imported.latentSize();
        classes = imported.classes();
        z = Noise.standardNormal(7L, 0, batch, latent);
        labels = null;
        if (classes > 0) {
            labels = Generator.labelsInTurn(0, batch, classes);
        }
        if (engine.startsWith("ort")) {
            Path file = Files.createTempFile("ganzoo-bench", ".onnx");
            try {
                Files.write(file, bytes);
                Options.Builder o = Options.builder().optBatchSize(batch);
                if (engine.equals("ort")) {
                    o.optThreads(THREADS);
                } else if (engine.equals("ort-whole")) {
                    o.optIntraOpThreads(THREADS);
                } else {
                    throw new IllegalArgumentException("engine: expected ort, ort-whole or djl, found " + engine);
                }
                generator = Generator.load(file, o.build());
            } finally {
                Files.delete(file);
            }
        } else if (engine.equals("djl")) {
            manager = Torch.newManager();
            network = imported.network(manager);
            store = new ParameterStore(manager, false);
        } else {
            throw new IllegalArgumentException("engine: expected ort, ort-whole or djl, found " + engine);
        }
    }

    /** PyTorch's grad mode is per thread: inference on the benchmark thread records no graph. */
    @Setup(Level.Iteration)
    public void noGrad() {
        if (network != null) {
            JniUtils.setGradMode(false);
        }
    }

    @Benchmark
    public Object sample() throws ModelException {
        if (generator != null) {
            return generator.generate(z, labels, batch);
        }
        return djl();
    }

    /** One batch through the DJL network: the same work as {@code GanModel.sample} in the trainer. */
    float[] djl() {
        try (NDManager step = manager.newSubManager()) {
            NDArray in = step.create(z, new Shape(batch, latent));
            if (classes > 0) {
                in = in.concat(step.create(labels).oneHot(classes), 1);
            }
            return network.block()
                    .forward(store, new NDList(in), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws ModelException {
        if (generator != null) {
            generator.close();
        }
        if (manager != null) {
            manager.close();
        }
    }
}
