package io.ganzoo.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The machine's SGEMM ceiling as ONNX Runtime reaches it: one {@code n x n x n} single-precision matrix product
 * (MatMul) per operation with {@value SamplingBenchmark#THREADS} intra-op threads, as the generators run. GFLOP/s =
 * {@code 2 n^3 x ops/s / 1e9}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SgemmBenchmark {
    @Param({"1024"})
    public int n;

    private OrtSession session;
    private OnnxTensor a;
    private OnnxTensor b;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(SamplingBenchmark.THREADS);
            session = env.createSession(matMul(n).toByteArray(), so);
        }
        a = OnnxTensor.createTensor(env, random(n * n, 1), new long[] {n, n});
        b = OnnxTensor.createTensor(env, random(n * n, 2), new long[] {n, n});
    }

    @Benchmark
    public long sgemm() throws OrtException {
        try (OrtSession.Result r = session.run(Map.of("a", a, "b", b))) {
            return r.size();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        a.close();
        b.close();
        session.close();
    }

    /** {@code c = a b} for {@code n x n} float inputs {@code a}, {@code b}. */
    static OnnxMl.ModelProto matMul(int n) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder()
                .setName("sgemm")
                .addInput(square("a", n))
                .addInput(square("b", n))
                .addOutput(square("c", n))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("MatMul")
                        .setName("mm")
                        .addInput("a")
                        .addInput("b")
                        .addOutput("c"));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("ganzoo-bench")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(g)
                .build();
    }

    private static OnnxMl.ValueInfoProto square(String name, int n) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder()
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(n))
                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(n));
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static FloatBuffer random(int count, long seed) {
        FloatBuffer fb = ByteBuffer.allocateDirect(count * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            fb.put((float) (r.nextDouble() * 2 - 1));
        }
        fb.flip();
        return fb;
    }
}
