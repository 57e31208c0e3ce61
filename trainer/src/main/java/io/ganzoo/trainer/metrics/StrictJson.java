package io.ganzoo.trainer.metrics;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports and log lines as strict JSON (RFC 8259 has no NaN or Infinity): a figure that is not finite (a loss that
 * diverged, a model that draws NaN, an option of 1e400) is written as {@code null} and its path listed under
 * {@code "nonFinite"}, instead of Gson refusing the whole report after minutes of work, or writing tokens that
 * strict parsers reject. Map order is kept (logs put {@code "step"} first: resume trims them by it).
 */
public final class StrictJson {
    private static final Gson LINE = new GsonBuilder().serializeNulls().create();
    private static final Gson PRETTY =
            new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private StrictJson() {}

    /** {@code report} (maps, lists and values) as pretty-printed strict JSON with a trailing newline (report files). */
    public static String of(Map<String, Object> report) {
        return PRETTY.toJson(clean(report)) + "\n";
    }

    /** {@code record} as one line of strict JSON, without a line break (JSON-lines logs). */
    public static String line(Map<String, Object> record) {
        return LINE.toJson(clean(record));
    }

    /** {@code v} rounded to {@code decimals} places; a value that is not finite stays as it is (and becomes null). */
    public static double round(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    private static Map<String, Object> clean(Map<String, Object> report) {
        List<String> nonFinite = new ArrayList<>();
        Object clean = finite(report, "", nonFinite);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) clean;
        if (!nonFinite.isEmpty()) {
            out.put("nonFinite", nonFinite);
        }
        return out;
    }

    private static Object finite(Object v, String path, List<String> nonFinite) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                out.put(k, finite(e.getValue(), path.isEmpty() ? k : path + "." + k, nonFinite));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            int i = 0;
            for (Object x : c) {
                out.add(finite(x, path + "[" + i++ + "]", nonFinite));
            }
            return out;
        }
        if ((v instanceof Double d && !Double.isFinite(d)) || (v instanceof Float f && !Float.isFinite(f))) {
            nonFinite.add(path);
            return null;
        }
        return v;
    }
}
