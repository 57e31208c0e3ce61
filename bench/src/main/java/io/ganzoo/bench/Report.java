package io.ganzoo.bench;

import ai.onnx.proto.OnnxMl;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.trainer.export.OnnxImporter;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.Lipschitz;
import io.ganzoo.trainer.train.TrainConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns JMH's JSON results ({@code -rf json}) of {@link SamplingBenchmark}, {@link SgemmBenchmark} and
 * {@link TrainingBenchmark} into the Markdown tables of docs/performance.md: images/s per engine and batch, the
 * speed-up of the sdk over DJL, GFLOP/s against the SGEMM ceiling of the same run, and ms per training update with
 * the seconds per Fashion-MNIST epoch they imply.
 *
 * <pre>java -cp ... io.ganzoo.bench.Report results.json [more.json ...]</pre>
 */
public final class Report {
    /** Fashion-MNIST training images: an epoch is this many images in D batches. */
    static final int FASHION_TRAIN = 60_000;

    private Report() {}

    /** One JMH result: benchmark method, parameters, score and its 99.9% error. */
    record Result(String method, Map<String, String> params, double score, double error, String unit) {
        String p(String k) {
            return params.get(k);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Report RESULTS.json [MORE.json ...]   (JMH -rf json output)");
            System.exit(2);
        }
        List<Result> results = new ArrayList<>();
        for (String a : args) {
            results.addAll(read(Path.of(a)));
        }
        System.out.print(markdown(results));
    }

    static List<Result> read(Path file) throws Exception {
        List<Result> out = new ArrayList<>();
        JsonArray arr = JsonParser.parseString(Files.readString(file)).getAsJsonArray();
        for (JsonElement e : arr) {
            JsonObject o = e.getAsJsonObject();
            String bench = o.get("benchmark").getAsString();
            Map<String, String> params = new LinkedHashMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params")
                        .entrySet()
                        .forEach(p -> params.put(p.getKey(), p.getValue().getAsString()));
            }
            JsonObject m = o.getAsJsonObject("primaryMetric");
            double err = m.get("scoreError").isJsonPrimitive()
                            && !m.get("scoreError").getAsString().equals("NaN")
                    ? m.get("scoreError").getAsDouble()
                    : Double.NaN;
            out.add(new Result(
                    bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1),
                    params,
                    m.get("score").getAsDouble(),
                    err,
                    m.get("scoreUnit").getAsString()));
        }
        return out;
    }

    static String markdown(List<Result> results) throws Exception {
        StringBuilder sb = new StringBuilder();
        double ceiling = Double.NaN;
        for (Result r : results) {
            if (r.method().equals("SgemmBenchmark.sgemm")) {
                double n = Double.parseDouble(r.p("n"));
                ceiling = 2 * n * n * n * r.score() / 1e9;
                sb.append(String.format(
                        Locale.ROOT,
                        "SGEMM ceiling (ONNX Runtime MatMul, %sx%sx%s, %d threads): **%.0f GFLOP/s**"
                                + " (%.1f ± %.1f products/s)%n%n",
                        r.p("n"),
                        r.p("n"),
                        r.p("n"),
                        SamplingBenchmark.THREADS,
                        ceiling,
                        r.score(),
                        r.error()));
            }
        }
        sampling(sb, results, ceiling);
        training(sb, results);
        return sb.toString();
    }

    private static void sampling(StringBuilder sb, List<Result> results, double ceiling) throws Exception {
        Set<String> models = new LinkedHashSet<>();
        Set<Integer> batches = new TreeSet<>();
        Map<String, Double> score = new LinkedHashMap<>();
        Map<String, Double> error = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.method().equals("SamplingBenchmark.sample")) {
                models.add(r.p("model"));
                int batch = Integer.parseInt(r.p("batch"));
                batches.add(batch);
                String key = r.p("model") + "/" + batch + "/" + r.p("engine");
                score.put(key, r.score() * batch); // batches/s -> images/s
                error.put(key, r.error() * batch);
            }
        }
        if (models.isEmpty()) {
            return;
        }
        sb.append(
                "Images per second (sdk = ONNX Runtime; DJL = PyTorch engine, eager, same weights), and the sdk's speed-up:\n\n");
        sb.append("| model | MFLOP/image |");
        for (int b : batches) {
            sb.append(" batch ").append(b).append(": sdk / DJL |");
        }
        sb.append("\n|---|---|");
        sb.append("---|".repeat(batches.size()));
        sb.append('\n');
        Map<String, Double> flops = new LinkedHashMap<>();
        for (String m : models) {
            double f = BenchModels.flopsPerImage(OnnxImporter.read(OnnxMl.ModelProto.parseFrom(BenchModels.onnx(m))));
            flops.put(m, f);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f |", m, f / 1e6));
            for (int b : batches) {
                Double ort = score.get(m + "/" + b + "/ort");
                Double djl = score.get(m + "/" + b + "/djl");
                sb.append(String.format(
                        Locale.ROOT,
                        " %s / %s (**%s**) |",
                        fmt(ort),
                        fmt(djl),
                        ort == null || djl == null ? "-" : String.format(Locale.ROOT, "%.1fx", ort / djl)));
            }
            sb.append('\n');
        }
        if (score.keySet().stream().anyMatch(k -> k.endsWith("/ort-whole"))) {
            sb.append(
                    "\nThe sdk splitting each batch across the threads (default) vs running it whole with ONNX Runtime's"
                            + " intra-op threads (images/s):\n\n| model |");
            for (int b : batches) {
                sb.append(" batch ").append(b).append(": split / whole |");
            }
            sb.append("\n|---|").append("---|".repeat(batches.size())).append('\n');
            for (String m : models) {
                sb.append("| ").append(m).append(" |");
                for (int b : batches) {
                    Double split = score.get(m + "/" + b + "/ort");
                    Double whole = score.get(m + "/" + b + "/ort-whole");
                    sb.append(String.format(
                            Locale.ROOT,
                            " %s / %s (%s) |",
                            fmt(split),
                            fmt(whole),
                            split == null || whole == null ? "-" : String.format(Locale.ROOT, "%.2fx", split / whole)));
                }
                sb.append('\n');
            }
        }
        sb.append(
                "\nGFLOP/s reached by the sdk (multiply-adds of the Dense and convolution layers x 2), and the share of"
                        + " the SGEMM ceiling:\n\n| model |");
        for (int b : batches) {
            sb.append(" batch ").append(b).append(" |");
        }
        sb.append("\n|---|").append("---|".repeat(batches.size())).append('\n');
        for (String m : models) {
            sb.append("| ").append(m).append(" |");
            for (int b : batches) {
                Double ort = score.get(m + "/" + b + "/ort");
                if (ort == null) {
                    sb.append(" - |");
                } else {
                    double g = ort * flops.get(m) / 1e9;
                    sb.append(String.format(Locale.ROOT, " %.0f (%.0f%%) |", g, 100 * g / ceiling));
                }
            }
            sb.append('\n');
        }
        sb.append('\n');
    }

    private static void training(StringBuilder sb, List<Result> results) {
        Map<String, Result> d = new LinkedHashMap<>();
        Map<String, Result> g = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.method().equals("TrainingBenchmark.discriminatorUpdate")) {
                d.put(r.p("family"), r);
            } else if (r.method().equals("TrainingBenchmark.generatorUpdate")) {
                g.put(r.p("family"), r);
            }
        }
        if (d.isEmpty()) {
            return;
        }
        sb.append("Training at batch 64 on 28x28 images (ms per update, ± 99.9% error; a step is k D updates and one"
                + " G update; an epoch is 60,000 images in D batches):\n\n");
        sb.append("| family | D update | G update | D + G | k | ms per step | s per Fashion-MNIST epoch |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (String f : d.keySet()) {
            Result rd = d.get(f);
            Result rg = g.get(f);
            if (rg == null) {
                continue;
            }
            String[] parts = f.split("-");
            TrainConfig c = TrainConfig.preset(
                            Family.parse(parts[0]), Lipschitz.parse(parts.length > 1 ? parts[1] : "gp"))
                    .build();
            int k = c.criticSteps();
            int dPerEpoch = FASHION_TRAIN / c.batchSize();
            double epoch = (dPerEpoch * rd.score() + (double) dPerEpoch / k * rg.score()) / 1e3;
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f ± %.1f | %.1f ± %.1f | %.1f | %d | %.1f | %.0f |%n",
                    f,
                    rd.score(),
                    rd.error(),
                    rg.score(),
                    rg.error(),
                    rd.score() + rg.score(),
                    k,
                    k * rd.score() + rg.score(),
                    epoch));
        }
        sb.append('\n');
    }

    private static String fmt(Double v) {
        if (v == null) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
