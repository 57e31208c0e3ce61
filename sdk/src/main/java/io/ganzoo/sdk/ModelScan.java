package io.ganzoo.sdk;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What ONNX Runtime would be asked to load, read before it is: the model's IR version, its operator set imports, the
 * operators of every node (top-level graph, subgraphs in attributes, model-local functions, training info), and any
 * tensor that keeps its values in another file ({@code TensorProto.data_location = EXTERNAL} with a
 * {@code location}, ONNX's external data format; ONNX Runtime resolves such a location against the model's folder,
 * or, for a model given as bytes as ganzoo gives it, against the process's working directory: a verified zoo model
 * could otherwise read any file there). Reads the protobuf wire format directly (the sdk carries no protobuf
 * library), following onnx.proto (ModelProto fields 1 ir_version, 7 graph, 8 opset_import, 20 training_info,
 * 25 functions; NodeProto 4 op_type, 7 domain).
 */
final class ModelScan {
    /** Deeper nesting than any real model has (ONNX Runtime itself accepts hundreds of levels): refused, not skipped. */
    private static final int MAX_DEPTH = 2000;

    private ModelScan() {}

    /** The model could not be read completely, so nothing can be said of what it holds. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * What a model file holds.
     *
     * @param irVersion the ModelProto's {@code ir_version} (0 when absent)
     * @param opsets    each imported operator set's version by domain, the default domain as {@code ""} (ONNX's
     *                  {@code "ai.onnx"} is reported as {@code ""} too)
     * @param operators every node's operator, {@code op_type} for the default domain and {@code domain:op_type}
     *                  otherwise, sorted
     * @param external  the first external tensor's {@code location} ("(no location)" when it has none), or null
     * @param metadata  the ModelProto's {@code metadata_props} (field 14), in file order (a key given twice: the last)
     */
    record Scan(
            long irVersion,
            Map<String, Long> opsets,
            Set<String> operators,
            String external,
            Map<String, String> metadata) {}

    /**
     * Scans {@code model} to its end.
     *
     * @throws Unreadable when the bytes are not a protobuf message this reader can walk to the end (malformed, or
     *     nested deeper than {@value #MAX_DEPTH}): such a file is refused, never waved through
     */
    static Scan scan(byte[] model) throws Unreadable {
        Found f = new Found();
        try {
            message(model, 0, model.length, Kind.MODEL, 0, f);
        } catch (RuntimeException | StackOverflowError e) {
            throw new Unreadable(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return new Scan(
                f.irVersion,
                Collections.unmodifiableMap(f.opsets),
                Collections.unmodifiableSet(f.operators),
                f.external,
                Collections.unmodifiableMap(f.metadata));
    }

    /** What the walk has found so far. */
    private static final class Found {
        long irVersion;
        final Map<String, Long> opsets = new LinkedHashMap<>();
        final Set<String> operators = new TreeSet<>();
        String external;
        final Map<String, String> metadata = new LinkedHashMap<>();
    }

    private enum Kind {
        MODEL,
        GRAPH,
        NODE,
        ATTRIBUTE,
        TENSOR,
        SPARSE,
        FUNCTION,
        TRAINING,
        ENTRY,
        OPSET
    }

    /** The sub-message kind of field {@code f} of a {@code kind} message, or null for fields that are not messages of interest. */
    private static Kind child(Kind kind, int f) {
        return switch (kind) {
            case MODEL ->
                f == 7 ? Kind.GRAPH : f == 25 ? Kind.FUNCTION : f == 20 ? Kind.TRAINING : f == 8 ? Kind.OPSET : null;
            case GRAPH -> f == 1 ? Kind.NODE : f == 5 ? Kind.TENSOR : f == 15 ? Kind.SPARSE : null;
            case NODE -> f == 5 ? Kind.ATTRIBUTE : null;
            case ATTRIBUTE ->
                f == 5 || f == 10
                        ? Kind.TENSOR
                        : f == 6 || f == 11 ? Kind.GRAPH : f == 22 || f == 23 ? Kind.SPARSE : null;
            case SPARSE -> f == 1 || f == 2 ? Kind.TENSOR : null;
            case FUNCTION -> f == 7 ? Kind.NODE : f == 11 ? Kind.ATTRIBUTE : null;
            case TRAINING -> f == 1 || f == 2 ? Kind.GRAPH : null;
            case TENSOR -> f == 13 ? Kind.ENTRY : null;
            case ENTRY, OPSET -> null;
        };
    }

    private static void message(byte[] b, int from, int end, Kind kind, int depth, Found found) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested more than " + MAX_DEPTH + " levels deep");
        }
        int[] pos = {from};
        String location = null;
        boolean external = false;
        String name = null; // NodeProto.op_type, OperatorSetIdProto.domain
        String domain = ""; // NodeProto.domain
        long version = 0; // OperatorSetIdProto.version
        while (pos[0] < end) {
            long tag = varint(b, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 0) {
                throw new IllegalArgumentException("field number 0, which no protobuf message has"); // e.g. NUL bytes
            }
            switch (wire) {
                case 0 -> {
                    long v = varint(b, pos);
                    if (kind == Kind.TENSOR && field == 14 && v == 1) {
                        external = true;
                    } else if (kind == Kind.MODEL && field == 1) {
                        found.irVersion = v;
                    } else if (kind == Kind.OPSET && field == 2) {
                        version = v;
                    }
                }
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 3 -> skipGroup(b, pos, end, field, depth + 1);
                case 2 -> {
                    long len = varint(b, pos);
                    if (len < 0 || len > end - pos[0]) {
                        throw new IllegalArgumentException("truncated");
                    }
                    int start = pos[0];
                    int stop = start + (int) len;
                    Kind sub = child(kind, field);
                    if (kind == Kind.MODEL && field == 14) { // metadata_props: StringStringEntryProto
                        String[] kv = entry(b, start, stop);
                        if (kv[0] != null) {
                            found.metadata.put(kv[0], kv[1] == null ? "" : kv[1]);
                        }
                    } else if (sub == Kind.ENTRY) {
                        String[] kv = entry(b, start, stop);
                        if ("location".equals(kv[0])) {
                            location = kv[1];
                        }
                        external = true; // external_data entries only exist for external tensors
                    } else if (sub != null) {
                        message(b, start, stop, sub, depth + 1, found);
                    } else if ((kind == Kind.NODE && field == 4) || (kind == Kind.OPSET && field == 1)) {
                        name = new String(b, start, (int) len, StandardCharsets.UTF_8);
                    } else if (kind == Kind.NODE && field == 7) {
                        domain = new String(b, start, (int) len, StandardCharsets.UTF_8);
                    }
                    pos[0] = stop;
                }
                default -> throw new IllegalArgumentException("wire type " + wire);
            }
        }
        if (pos[0] != end) {
            throw new IllegalArgumentException("truncated");
        }
        if (external && found.external == null) {
            found.external = location == null ? "(no location)" : location;
        }
        if (kind == Kind.NODE) {
            String d = defaultDomain(domain) ? "" : domain + ":";
            found.operators.add(d + (name == null ? "" : name));
        } else if (kind == Kind.OPSET) {
            String d = name == null || defaultDomain(name) ? "" : name;
            found.opsets.merge(d, version, Math::max);
        }
    }

    /** Whether {@code domain} names ONNX's default operator set ({@code ""} or {@code "ai.onnx"}). */
    private static boolean defaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }

    private static String[] entry(byte[] b, int from, int end) {
        String[] kv = new String[2];
        int[] pos = {from};
        while (pos[0] < end) {
            long tag = varint(b, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 2) {
                long len = varint(b, pos);
                if (len < 0 || len > end - pos[0]) {
                    throw new IllegalArgumentException("truncated");
                }
                if (field == 1 || field == 2) {
                    kv[field - 1] = new String(b, pos[0], (int) len, StandardCharsets.UTF_8);
                }
                pos[0] += (int) len;
            } else {
                skip(b, pos, end, field, wire, 0); // unknown fields of any other kind are skipped, not fatal
            }
        }
        if (pos[0] != end) {
            throw new IllegalArgumentException("truncated");
        }
        return kv;
    }

    /** Skips one field's value of wire type {@code wire}. */
    private static void skip(byte[] b, int[] pos, int end, int field, int wire, int depth) {
        switch (wire) {
            case 0 -> varint(b, pos);
            case 1 -> pos[0] += 8;
            case 5 -> pos[0] += 4;
            case 2 -> {
                long len = varint(b, pos);
                if (len < 0 || len > end - pos[0]) {
                    throw new IllegalArgumentException("truncated");
                }
                pos[0] += (int) len;
            }
            case 3 -> skipGroup(b, pos, end, field, depth + 1);
            default -> throw new IllegalArgumentException("wire type " + wire);
        }
        if (pos[0] > end) {
            throw new IllegalArgumentException("truncated");
        }
    }

    /** Skips a (deprecated) group up to its end-group tag; a group never holds a tensor ONNX reads. */
    private static void skipGroup(byte[] b, int[] pos, int end, int field, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested more than " + MAX_DEPTH + " levels deep");
        }
        while (pos[0] < end) {
            long tag = varint(b, pos);
            int f = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (wire == 4) {
                if (f != field) {
                    throw new IllegalArgumentException("mismatched end of group");
                }
                return;
            }
            skip(b, pos, end, f, wire, depth);
        }
        throw new IllegalArgumentException("unterminated group");
    }

    /** A protobuf varint at {@code pos[0]}, which moves past it. */
    static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("bad varint");
    }
}
