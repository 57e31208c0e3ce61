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

    /** {@code message} with the first length-delimited field {@code field} replaced by {@code edit} of its bytes. */
    private static byte[] rewrite(byte[] message, int field, UnaryOperator<byte[]> edit) {
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
                    byte[] inner = Arrays.copyOfRange(message, pos[0], pos[0] + len);
                    bytesField(out, field, edit.apply(inner));
                    done = true;
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
        return ExternalData.varint(b, pos);
    }
}
