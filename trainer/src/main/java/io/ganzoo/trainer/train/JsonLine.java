package io.ganzoo.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * One line of a JSON-lines log ({@code metrics.jsonl}, {@code quality.jsonl}), written with Gson so that every line
 * is JSON that strict parsers accept (RFC 8259 has no NaN or Infinity): a number that is not finite is written as
 * {@code null} and its name listed in {@code "nonFinite"}, e.g. {@code "lossD":null,...,"nonFinite":["lossD"]}.
 * Fields keep the order they are added in; {@code "step"} comes first by convention (resume trims logs by it).
 */
final class JsonLine {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
    private final JsonObject o = new JsonObject();
    private final JsonArray nonFinite = new JsonArray();

    JsonLine add(String name, long value) {
        o.addProperty(name, value);
        return this;
    }

    JsonLine add(String name, String value) {
        o.addProperty(name, value);
        return this;
    }

    JsonLine add(String name, boolean value) {
        o.addProperty(name, value);
        return this;
    }

    /** A float as its shortest decimal form, or null (listed in "nonFinite") when NaN or infinite. */
    JsonLine add(String name, float value) {
        if (Float.isFinite(value)) {
            o.addProperty(name, value);
        } else {
            o.add(name, JsonNull.INSTANCE);
            nonFinite.add(name);
        }
        return this;
    }

    /** A double rounded to {@code decimals} places, or null (listed in "nonFinite") when NaN or infinite. */
    JsonLine add(String name, double value, int decimals) {
        if (Double.isFinite(value)) {
            double scale = Math.pow(10, decimals);
            o.addProperty(name, Math.round(value * scale) / scale);
        } else {
            o.add(name, JsonNull.INSTANCE);
            nonFinite.add(name);
        }
        return this;
    }

    /** The line, without a line break. */
    @Override
    public String toString() {
        if (!nonFinite.isEmpty()) {
            o.add("nonFinite", nonFinite);
        }
        return GSON.toJson(o);
    }
}
