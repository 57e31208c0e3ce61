package io.ganzoo.trainer.metrics;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports with non-finite figures (a generator that draws NaN scored FD NaN, and evaluate then failed to write any
 * JSON: "NaN is not a valid double value") are written as strict JSON, the figures null and named.
 */
class StrictJsonTest {
    @Test
    void nonFiniteFiguresAreNullAndNamedAndTheRestIsKept() throws Exception {
        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put("fd", Double.NaN);
        generated.put("kid", 0.25);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", "nan.onnx");
        report.put("generated", generated);
        report.put("runs", List.of(Map.of("lr", Double.POSITIVE_INFINITY), Map.of("lr", 2e-4)));
        report.put("loss", Float.NEGATIVE_INFINITY);
        String text = StrictJson.of(report);
        JsonReader strict = new JsonReader(new StringReader(text));
        strict.setStrictness(Strictness.STRICT);
        JsonObject o = new Gson().getAdapter(JsonElement.class).read(strict).getAsJsonObject();
        assertTrue(o.getAsJsonObject("generated").get("fd").isJsonNull(), text);
        assertEquals(0.25, o.getAsJsonObject("generated").get("kid").getAsDouble());
        assertTrue(o.getAsJsonArray("runs").get(0).getAsJsonObject().get("lr").isJsonNull(), text);
        assertEquals(
                2e-4,
                o.getAsJsonArray("runs").get(1).getAsJsonObject().get("lr").getAsDouble());
        assertEquals(
                List.of("generated.fd", "runs[0].lr", "loss"),
                new Gson().fromJson(o.get("nonFinite"), List.class),
                text);
        assertEquals("nan.onnx", o.get("model").getAsString());
    }
}
