package io.ganzoo.zoo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonIOException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A repository's {@code index.json}: schema version 1, a list of model entries. See {@code docs/zoo.md} for the
 * format.
 */
public final class ZooIndex {
    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final List<ModelEntry> models;

    public ZooIndex(List<ModelEntry> models) {
        this.models = Collections.unmodifiableList(new ArrayList<>(models));
    }

    public List<ModelEntry> models() {
        return models;
    }

    /**
     * Reads and validates an index.
     *
     * @param source where it came from, for error messages
     * @throws ZooException when it is not JSON, has another schema version, or an entry misses or garbles a field
     */
    public static ZooIndex read(InputStream in, String source) throws ZooException {
        JsonObject root;
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(in);
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                throw new ZooException(
                        Reason.MALFORMED,
                        source + " is gzip-compressed data, not JSON: the server sent a compressed index without"
                                + " saying so (no Content-Encoding: gzip). Serve index.json uncompressed (or with"
                                + " that header).");
            }
        } catch (IOException e) {
            throw new ZooException(Reason.ACCESS, source + ": cannot read: " + e.getMessage(), e);
        }
        try (Reader r = new InputStreamReader(buffered, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new ZooException(
                        Reason.MALFORMED,
                        source + ": expected a JSON object with 'schemaVersion' and 'models', found " + kind(e));
            }
            root = e.getAsJsonObject();
        } catch (JsonIOException | IOException e) { // Gson wraps a failed read (a slow server)
            throw new ZooException(Reason.ACCESS, source + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new ZooException(Reason.MALFORMED, source + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonElement sv = root.get("schemaVersion");
        if (sv == null || !sv.isJsonPrimitive() || !sv.getAsJsonPrimitive().isNumber()) {
            throw new ZooException(
                    Reason.MALFORMED, source + ": missing numeric 'schemaVersion' (expected " + SCHEMA_VERSION + ")");
        }
        if (sv.getAsInt() != SCHEMA_VERSION) {
            throw new ZooException(
                    Reason.UNSUPPORTED,
                    source + ": index schema version " + sv.getAsInt() + " is not supported; this ganzoo reads "
                            + SCHEMA_VERSION + ". Upgrade ganzoo or point it at a compatible repository.");
        }
        JsonElement ms = root.get("models");
        if (ms == null || !ms.isJsonArray()) {
            throw new ZooException(Reason.MALFORMED, source + ": expected an array 'models', found " + kind(ms));
        }
        List<ModelEntry> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonArray arr = ms.getAsJsonArray();
        Gson gson = new Gson();
        for (int i = 0; i < arr.size(); i++) {
            String where = source + ": models[" + i + "]";
            if (!arr.get(i).isJsonObject()) {
                throw new ZooException(Reason.MALFORMED, where + ": expected an object, found " + kind(arr.get(i)));
            }
            JsonObject o = arr.get(i).getAsJsonObject();
            String name = string(o, "name", where);
            String version = string(o, "version", where);
            String file = string(o, "file", where);
            String sha = string(o, "sha256", where);
            long size = number(o, "size", where);
            try {
                new ModelRef(name, version);
            } catch (IllegalArgumentException e) {
                throw new ZooException(Reason.MALFORMED, where + ": " + e.getMessage(), e);
            }
            if (!FILE.matcher(file).matches() || file.contains("..")) {
                throw new ZooException(
                        Reason.MALFORMED,
                        where + ": 'file' must be a plain file name (no folders, no '..'), found '" + file + "'");
            }
            if (!SHA256.matcher(sha).matches()) {
                throw new ZooException(
                        Reason.MALFORMED, where + ": 'sha256' must be 64 lower-case hex digits, found '" + sha + "'");
            }
            if (size <= 0) {
                throw new ZooException(Reason.MALFORMED, where + ": 'size' must be positive, found " + size);
            }
            ModelCard card = o.has("card") && o.get("card").isJsonObject()
                    ? gson.fromJson(o.get("card"), ModelCard.class)
                    : null;
            String kind = ModelFormat.Kind.GENERATOR.wireName();
            if (o.has("kind")) {
                kind = string(o, "kind", where);
                try {
                    ModelFormat.Kind.parse(kind);
                } catch (IllegalArgumentException e) {
                    throw new ZooException(Reason.MALFORMED, where + ": " + e.getMessage(), e);
                }
            }
            String deprecated =
                    o.has("deprecated") && !o.get("deprecated").isJsonNull() ? string(o, "deprecated", where) : null;
            String requires =
                    o.has("requires") && !o.get("requires").isJsonNull() ? string(o, "requires", where) : null;
            if (requires != null) {
                try {
                    Version.parse(requires);
                } catch (IllegalArgumentException e) {
                    throw new ZooException(Reason.MALFORMED, where + ": 'requires': " + e.getMessage(), e);
                }
            }
            if (!seen.add(name + "@" + version)) {
                throw new ZooException(Reason.MALFORMED, where + ": " + name + "@" + version + " is listed twice");
            }
            out.add(new ModelEntry(name, version, file, sha, size, card, kind, deprecated, requires));
        }
        return new ZooIndex(out);
    }

    /** This index as JSON (schema version 1). */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("schemaVersion", SCHEMA_VERSION);
        root.add("models", new Gson().toJsonTree(models));
        return new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .create()
                .toJson(root);
    }

    private static String string(JsonObject o, String key, String where) throws ZooException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ZooException(Reason.MALFORMED, where + ": expected a string '" + key + "', found " + kind(e));
        }
        return e.getAsString();
    }

    private static long number(JsonObject o, String key, String where) throws ZooException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ZooException(Reason.MALFORMED, where + ": expected a number '" + key + "', found " + kind(e));
        }
        return e.getAsLong();
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "nothing";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        return "'" + e.getAsString() + "'";
    }
}
