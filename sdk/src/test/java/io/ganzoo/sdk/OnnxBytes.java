package io.ganzoo.sdk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Edits an ONNX file's metadata at the protobuf wire level, for tests of what the sdk does with damaged or hostile
 * files: {@code metadata_props} (field 14 of ModelProto) are top-level entries, so one can be replaced without
 * re-encoding anything around it.
 */
final class OnnxBytes {
    private OnnxBytes() {}

    /** {@code model} with metadata entry {@code key} set to {@code value} (replaced where present, else added). */
    static byte[] withMetadata(byte[] model, String key, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        boolean replaced = false;
        while (pos[0] < model.length) {
            int start = pos[0];
            long tag = varint(model, pos);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            int end;
            switch (wire) {
                case 0 -> {
                    varint(model, pos);
                    end = pos[0];
                }
                case 2 -> {
                    int len = (int) varint(model, pos);
                    end = pos[0] + len;
                }
                case 1 -> end = pos[0] + 8;
                case 5 -> end = pos[0] + 4;
                default -> throw new IllegalArgumentException("wire type " + wire);
            }
            if (field == 14 && wire == 2 && key.equals(entryKey(model, pos[0], end))) {
                out.writeBytes(entry(key, value));
                replaced = true;
            } else {
                out.write(model, start, end - start);
            }
            pos[0] = end;
        }
        if (!replaced) {
            out.writeBytes(entry(key, value));
        }
        return out.toByteArray();
    }

    /**
     * {@code model} with its first initializer marked as stored outside the file ({@code data_location = EXTERNAL},
     * {@code external_data} location {@code location}), as ONNX's external data format writes it.
     */
    static byte[] withExternalInitializer(byte[] model, String location) {
        return rewrite(
                model,
                7,
                graph -> rewrite(graph, 5, tensor -> {
                    ByteArrayOutputStream t = new ByteArrayOutputStream();
                    t.writeBytes(tensor);
                    ByteArrayOutputStream e = new ByteArrayOutputStream();
                    bytesField(e, 1, "location".getBytes(StandardCharsets.UTF_8));
                    bytesField(e, 2, location.getBytes(StandardCharsets.UTF_8));
                    bytesField(t, 13, e.toByteArray());
                    writeVarint(t, 14L << 3); // data_location, varint
                    writeVarint(t, 1); // EXTERNAL
                    return t.toByteArray();
                }));
    }

    /** {@code model} with the first dimension (batch) of its first graph input fixed at {@code n}. */
    static byte[] withFixedBatch(byte[] model, long n) {
        // ModelProto.graph(7) > GraphProto.input(11) > ValueInfoProto.type(2) > TypeProto.tensor_type(1)
        //   > Tensor.shape(2) > TensorShapeProto.dim(1): a Dimension with dim_value(1) = n instead of dim_param
        return rewrite(
                model,
                7,
                g -> rewrite(
                        g,
                        11,
                        in -> rewrite(
                                in,
                                2,
                                t -> rewrite(
                                        t,
                                        1,
                                        tt -> rewrite(
                                                tt,
                                                2,
                                                shape -> rewrite(shape, 1, dim -> {
                                                    ByteArrayOutputStream d = new ByteArrayOutputStream();
                                                    writeVarint(d, 1L << 3);
                                                    writeVarint(d, n);
                                                    return d.toByteArray();
                                                }))))));
    }

    /** {@code model} with its {@code ir_version} (ModelProto field 1) set to {@code version}. */
    static byte[] withIrVersion(byte[] model, long version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        while (pos[0] < model.length) {
            int start = pos[0];
            long tag = varint(model, pos);
            int wire = (int) (tag & 7);
            if (wire == 0) {
                varint(model, pos);
                if (tag >>> 3 == 1) {
                    writeVarint(out, tag);
                    writeVarint(out, version);
                } else {
                    out.write(model, start, pos[0] - start);
                }
            } else {
                int len = wire == 2 ? (int) varint(model, pos) : wire == 1 ? 8 : 4;
                out.write(model, start, pos[0] + len - start);
                pos[0] += len;
            }
        }
        return out.toByteArray();
    }

    /** {@code model} with its first opset import (the default domain in ganzoo's exports) at {@code version}. */
    static byte[] withOpset(byte[] model, long version) {
        return rewrite(model, 8, opset -> {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            bytesField(o, 1, new byte[0]);
            writeVarint(o, 2L << 3);
            writeVarint(o, version);
            return o.toByteArray();
        });
    }

    /** {@code model} with one more initializer, {@code name} (a float of value 1), that no node uses. */
    static byte[] withUnusedInitializer(byte[] model, String name) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        writeVarint(t, 1L << 3); // dims: [1]
        writeVarint(t, 1);
        writeVarint(t, 2L << 3); // data_type: FLOAT
        writeVarint(t, 1);
        bytesField(t, 8, name.getBytes(StandardCharsets.UTF_8));
        bytesField(t, 9, new byte[] {0, 0, (byte) 0x80, 0x3f}); // raw_data: 1.0f, little-endian
        return rewrite(model, 7, graph -> {
            ByteArrayOutputStream g = new ByteArrayOutputStream();
            g.writeBytes(graph);
            bytesField(g, 5, t.toByteArray());
            return g.toByteArray();
        });
    }

    /** {@code model} importing also operator set {@code domain} at {@code version} (one more opset_import entry). */
    static byte[] withOpsetImport(byte[] model, String domain, long version) {
        ByteArrayOutputStream opset = new ByteArrayOutputStream();
        bytesField(opset, 1, domain.getBytes(StandardCharsets.UTF_8));
        writeVarint(opset, 2L << 3);
        writeVarint(opset, version);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(model);
        bytesField(o, 8, opset.toByteArray());
        return o.toByteArray();
    }

    /** {@code model} without any opset_import entry (field 8 of ModelProto). */
    static byte[] withoutOpsetImports(byte[] model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        while (pos[0] < model.length) {
            int start = pos[0];
            long tag = varint(model, pos);
            int wire = (int) (tag & 7);
            int end = wire == 2
                    ? (int) varint(model, pos) + pos[0]
                    : wire == 0 ? skipVarint(model, pos) : pos[0] + (wire == 1 ? 8 : 4);
            if (!(wire == 2 && tag >>> 3 == 8)) {
                out.write(model, start, end - start);
            }
            pos[0] = end;
        }
        return out.toByteArray();
    }

    /** {@code model} with its graph's first node's operator ({@code op_type}, and {@code domain} when not empty). */
    static byte[] withFirstOperator(byte[] model, String domain, String opType) {
        return rewrite(
                model,
                7,
                graph -> rewrite(graph, 1, node -> {
                    byte[] renamed = rewrite(node, 4, old -> opType.getBytes(StandardCharsets.UTF_8));
                    if (domain.isEmpty()) {
                        return renamed;
                    }
                    ByteArrayOutputStream o = new ByteArrayOutputStream();
                    o.writeBytes(renamed);
                    bytesField(o, 7, domain.getBytes(StandardCharsets.UTF_8));
                    return o.toByteArray();
                }));
    }

    /** {@code model} with every top-level node of operator {@code from} changed to {@code to} (same inputs). */
    static byte[] withOperatorReplaced(byte[] model, String from, String to) {
        return rewrite(
                model,
                7,
                graph -> rewriteAll(
                        graph,
                        1,
                        node -> from.equals(field(node, 4))
                                ? rewrite(node, 4, old -> to.getBytes(StandardCharsets.UTF_8))
                                : node));
    }

    /**
     * {@code model} with floats {@code from .. to - 1} of initializer {@code name} (stored as {@code raw_data},
     * little-endian float32, as ganzoo's exporter writes them) set to NaN.
     */
    static byte[] withNaNs(byte[] model, String name, int from, int to) {
        return rewrite(
                model,
                7,
                graph -> rewriteAll(
                        graph,
                        5,
                        tensor -> name.equals(field(tensor, 8))
                                ? rewrite(tensor, 9, raw -> {
                                    java.nio.ByteBuffer b =
                                            java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                                    for (int i = from; i < to; i++) {
                                        b.putFloat(i * 4, Float.NaN);
                                    }
                                    return raw;
                                })
                                : tensor));
    }

    /** {@code message} with every length-delimited field {@code field} replaced by {@code edit} of its bytes. */
    private static byte[] rewriteAll(byte[] message, int field, UnaryOperator<byte[]> edit) {
        return rewrite(message, field, edit, false);
    }

    /** The first length-delimited field {@code field} of {@code message} as text, or null. */
    private static String field(byte[] message, int field) {
        int[] p = {0};
        while (p[0] < message.length) {
            long tag = varint(message, p);
            int wire = (int) (tag & 7);
            if (wire == 2) {
                int len = (int) varint(message, p);
                if (tag >>> 3 == field) {
                    return new String(message, p[0], len, StandardCharsets.UTF_8);
                }
                p[0] += len;
            } else if (wire == 0) {
                varint(message, p);
            } else {
                p[0] += wire == 1 ? 8 : 4;
            }
        }
        return null;
    }

    /** {@code message} with the first length-delimited field {@code field} replaced by {@code edit} of its bytes. */
    private static byte[] rewrite(byte[] message, int field, UnaryOperator<byte[]> edit) {
        return rewrite(message, field, edit, true);
    }

    /** {@code message} with the first (or every) length-delimited field {@code field} replaced by {@code edit}. */
    private static byte[] rewrite(byte[] message, int field, UnaryOperator<byte[]> edit, boolean firstOnly) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] pos = {0};
        boolean done = false;
        while (pos[0] < message.length) {
            int start = pos[0];
            long tag = varint(message, pos);
            int wire = (int) (tag & 7);
            if (wire == 2) {
                int len = (int) varint(message, pos);
                if (!done && tag >>> 3 == field) {
                    bytesField(out, field, edit.apply(Arrays.copyOfRange(message, pos[0], pos[0] + len)));
                    done = firstOnly;
                } else {
                    out.write(message, start, pos[0] + len - start);
                }
                pos[0] += len;
            } else {
                int end = wire == 0 ? skipVarint(message, pos) : pos[0] + (wire == 1 ? 8 : 4);
                out.write(message, start, end - start);
                pos[0] = end;
            }
        }
        return out.toByteArray();
    }

    private static int skipVarint(byte[] b, int[] pos) {
        varint(b, pos);
        return pos[0];
    }

    private static String entryKey(byte[] b, int from, int end) {
        int[] p = {from};
        while (p[0] < end) {
            long tag = varint(b, p);
            int len = (int) varint(b, p);
            if (tag >>> 3 == 1) {
                return new String(b, p[0], len, StandardCharsets.UTF_8);
            }
            p[0] += len;
        }
        return null;
    }

    private static byte[] entry(String key, String value) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        bytesField(e, 1, key.getBytes(StandardCharsets.UTF_8));
        bytesField(e, 2, value.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytesField(out, 14, e.toByteArray());
        return out.toByteArray();
    }

    static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
        writeVarint(out, (long) field << 3 | 2);
        writeVarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long varint(byte[] b, int[] pos) {
        return ModelScan.varint(b, pos);
    }
}
