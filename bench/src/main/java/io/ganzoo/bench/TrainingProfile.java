package io.ganzoo.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes: runs D and G updates of one family ({@link TrainingBenchmark}'s setup) under
 * PyTorch's profiler and prints each operator's self time (its time minus that of the operators it called), summed
 * over the profiled steps, largest first.
 *
 * <pre>java -cp ... io.ganzoo.bench.TrainingProfile dcgan [steps]</pre>
 */
public final class TrainingProfile {
    private TrainingProfile() {}

    public static void main(String[] args) throws Exception {
        String family = args.length > 0 ? args[0] : "dcgan";
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        TrainingBenchmark b = new TrainingBenchmark();
        b.family = family;
        b.setUp();
        b.noGrad();
        for (int i = 0; i < 5; i++) {
            b.discriminatorUpdate();
            b.generatorUpdate();
        }
        Path trace = Files.createTempFile("ganzoo-torch-profile", ".json");
        long t0 = System.nanoTime();
        JniUtils.startProfile(false, false, false);
        for (int i = 0; i < steps; i++) {
            b.discriminatorUpdate();
            b.generatorUpdate();
        }
        JniUtils.stopProfile(trace.toString());
        double ms = (System.nanoTime() - t0) / 1e6 / steps;
        b.tearDown();
        System.out.printf(
                Locale.ROOT,
                "%s: %.1f ms per D + G update under the profiler (%d steps); trace %s%n",
                family,
                ms,
                steps,
                trace);
        summarize(trace, steps);
    }

    /** Self time per operator name from a Chrome trace of complete ("X") events, nested per thread. */
    static void summarize(Path trace, int steps) throws Exception {
        JsonElement root = JsonParser.parseString(Files.readString(trace));
        JsonArray events = root.isJsonArray()
                ? root.getAsJsonArray()
                : root.getAsJsonObject().getAsJsonArray("traceEvents");
        record Event(String name, long tid, double ts, double dur) {}
        List<Event> list = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if (!o.has("dur") || !"X".equals(o.get("ph").getAsString())) {
                continue;
            }
            String cat = o.has("cat") ? o.get("cat").getAsString() : "";
            if (!cat.isEmpty() && !cat.equals("cpu_op") && !cat.equals("Operator")) {
                continue;
            }
            list.add(new Event(
                    o.get("name").getAsString(),
                    o.get("tid").getAsLong(),
                    o.get("ts").getAsDouble(),
                    o.get("dur").getAsDouble()));
        }
        list.sort(Comparator.comparingLong(Event::tid)
                .thenComparingDouble(Event::ts)
                .thenComparing(Comparator.comparingDouble(Event::dur).reversed()));
        Map<String, Double> self = new HashMap<>();
        Map<String, Integer> calls = new HashMap<>();
        Deque<double[]> stack = new ArrayDeque<>(); // {end, index}
        double[] childTime = new double[list.size()];
        long tid = Long.MIN_VALUE;
        for (int i = 0; i < list.size(); i++) {
            Event e = list.get(i);
            if (e.tid() != tid) {
                stack.clear();
                tid = e.tid();
            }
            while (!stack.isEmpty() && stack.peek()[0] <= e.ts()) {
                stack.pop();
            }
            if (!stack.isEmpty()) {
                childTime[(int) stack.peek()[1]] += e.dur();
            }
            stack.push(new double[] {e.ts() + e.dur(), i});
        }
        double all = 0;
        for (int i = 0; i < list.size(); i++) {
            double s = list.get(i).dur() - childTime[i];
            self.merge(list.get(i).name(), s, Double::sum);
            calls.merge(list.get(i).name(), 1, Integer::sum);
            all += s;
        }
        double total = all;
        System.out.printf(Locale.ROOT, "%-44s %8s %10s %6s%n", "operator", "calls", "ms/step", "share");
        self.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(25)
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "%-44s %8d %10.2f %5.1f%%%n",
                        e.getKey(),
                        calls.get(e.getKey()) / steps,
                        e.getValue() / 1e3 / steps,
                        100 * e.getValue() / total));
        System.out.printf(Locale.ROOT, "%-44s %8s %10.2f%n", "all operators (self time)", "", total / 1e3 / steps);
    }
}
