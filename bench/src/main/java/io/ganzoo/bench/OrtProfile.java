package io.ganzoo.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.sdk.Noise;
import io.ganzoo.zoo.ModelFormat;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where ONNX Runtime spends a generator's time: runs a model with ORT's profiler on and prints the time of each
 * node (summed over the runs after a warm-up), largest first, with its share of all node time.
 *
 * <pre>java -cp ... io.ganzoo.bench.OrtProfile dcgan64 64 [runs]</pre>
 */
public final class OrtProfile {
    private OrtProfile() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println(
                    "usage: OrtProfile MODEL BATCH [RUNS]   (MODEL: a zoo generator or " + BenchModels.DCGAN64 + ")");
            System.exit(2);
        }
        String model = args[0];
        int batch = Integer.parseInt(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        byte[] bytes = BenchModels.onnx(model);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Path dir = Files.createTempDirectory("ganzoo-profile");
        Path trace;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            so.setIntraOpNumThreads(SamplingBenchmark.THREADS);
            so.setOptimizedModelFilePath(dir.resolve("optimized.onnx").toString());
            so.enableProfiling(dir.resolve("ort").toString());
            try (OrtSession s = env.createSession(bytes, so)) {
                int latent = (int) ((TensorInfo)
                                s.getInputInfo().get(ModelFormat.LATENT_INPUT).getInfo())
                        .getShape()[1];
                float[] z = Noise.standardNormal(7, 0, batch, latent);
                boolean conditional = s.getInputInfo().containsKey(ModelFormat.LABEL_INPUT);
                long total = 0;
                for (int i = 0; i < runs + 5; i++) {
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(z), new long[] {batch, latent});
                            OnnxTensor l = conditional
                                    ? OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch]), new long[] {batch})
                                    : null) {
                        long t0 = System.nanoTime();
                        s.run(
                                        l == null
                                                ? Map.of(ModelFormat.LATENT_INPUT, t)
                                                : Map.of(ModelFormat.LATENT_INPUT, t, ModelFormat.LABEL_INPUT, l))
                                .close();
                        if (i >= 5) {
                            total += System.nanoTime() - t0;
                        }
                    }
                }
                trace = Path.of(s.endProfiling());
                System.out.printf(
                        Locale.ROOT,
                        "%s batch %d: %.2f ms per run (%d runs), %.0f images/s%n",
                        model,
                        batch,
                        total / 1e6 / runs,
                        runs,
                        runs * (double) batch / (total / 1e9));
            }
        }
        summarize(trace, runs);
        System.out.println("optimized graph: " + dir.resolve("optimized.onnx"));
    }

    /** Sums the {@code Node} events of the trace by node name (skipping the warm-up runs) and prints them. */
    static void summarize(Path trace, int runs) throws Exception {
        JsonArray events = JsonParser.parseString(Files.readString(trace)).getAsJsonArray();
        Map<String, Long> byNode = new LinkedHashMap<>();
        Map<String, String> opOf = new HashMap<>();
        int modelRuns = 0;
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("name").getAsString();
            if (o.get("cat").getAsString().equals("Session") && name.equals("model_run")) {
                modelRuns++;
            }
            if (modelRuns <= 5 || !o.get("cat").getAsString().equals("Node") || !name.endsWith("_kernel_time")) {
                continue;
            }
            String node = name.substring(0, name.length() - "_kernel_time".length());
            byNode.merge(node, o.get("dur").getAsLong(), Long::sum);
            opOf.put(node, o.getAsJsonObject("args").get("op_name").getAsString());
        }
        long all = byNode.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "%-40s %-22s %10s %6s%n", "node", "op", "ms/run", "share");
        byNode.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "%-40s %-22s %10.3f %5.1f%%%n",
                        e.getKey(),
                        opOf.get(e.getKey()),
                        e.getValue() / 1e3 / runs,
                        100.0 * e.getValue() / all));
        System.out.printf(Locale.ROOT, "%-40s %-22s %10.3f%n", "all nodes", "", all / 1e3 / runs);
    }
}
