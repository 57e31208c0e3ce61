package io.ganzoo.sdk;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The external-data check at the protobuf wire level, on hand-built models of the shapes that slipped past it: an
 * external tensor 30 subgraphs deep, an unknown varint inside its external_data entry, a group field in the tensor.
 * ONNX Runtime's parser accepts all three and read the file from the working directory.
 */
class ModelScanTest {
    private static String find(byte[] model) throws ModelScan.Unreadable {
        return ModelScan.scan(model).external();
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static byte[] len(int field, byte[] content) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        OnnxBytes.bytesField(o, field, content);
        return o.toByteArray();
    }

    private static byte[] varint(int field, long v) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        OnnxBytes.writeVarint(o, (long) field << 3);
        OnnxBytes.writeVarint(o, v);
        return o.toByteArray();
    }

    private static byte[] str(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** TensorProto{name "w", external_data{extra..., key "location", value loc}, data_location EXTERNAL}. */
    private static byte[] externalTensor(String location, byte[] extraInEntry, byte[] extraInTensor) {
        byte[] entry = cat(extraInEntry, len(1, str("location")), len(2, str(location)));
        return cat(len(8, str("w")), extraInTensor, len(13, entry), varint(14, 1));
    }

    /** ModelProto whose graph's first node has a subgraph attribute, {@code depth} times, the tensor at the bottom. */
    private static byte[] nested(byte[] tensor, int depth) {
        byte[] graph = len(5, tensor); // GraphProto.initializer
        for (int i = 0; i < depth; i++) {
            byte[] attribute = cat(len(1, str("then_branch")), len(6, graph)); // AttributeProto.g
            byte[] node = cat(len(4, str("If")), len(5, attribute)); // NodeProto.attribute
            graph = len(1, node); // GraphProto.node
        }
        return cat(varint(1, 8), len(7, graph)); // ModelProto{ir_version, graph}
    }

    @Test
    void anExternalTensorThirtySubgraphsDeepIsFound() throws Exception {
        assertEquals("secret.bin", find(nested(externalTensor("secret.bin", new byte[0], new byte[0]), 30)));
        assertEquals(null, find(nested(cat(len(8, str("w")), varint(2, 1)), 30)));
    }

    @Test
    void unknownFieldsInsideTheEntryOrTensorDoNotHideIt() throws Exception {
        byte[] unknownVarint = varint(3, 7);
        assertEquals("secret.bin", find(nested(externalTensor("secret.bin", unknownVarint, new byte[0]), 1)));
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        OnnxBytes.writeVarint(group, 20L << 3 | 3); // start group 20
        group.writeBytes(varint(1, 5));
        group.writeBytes(len(2, str("inside")));
        OnnxBytes.writeVarint(group, 20L << 3 | 4); // end group 20
        assertEquals("secret.bin", find(nested(externalTensor("secret.bin", new byte[0], group.toByteArray()), 1)));
        byte[] groupFirst = cat(group.toByteArray(), nested(externalTensor("x.bin", new byte[0], new byte[0]), 2));
        assertEquals("x.bin", find(groupFirst));
    }

    @Test
    void whatCannotBeReadToTheEndIsRefusedNotWavedThrough() {
        byte[] model = nested(externalTensor("secret.bin", new byte[0], new byte[0]), 2);
        byte[] truncated = Arrays.copyOf(model, model.length - 3);
        assertThrows(ModelScan.Unreadable.class, () -> find(truncated));
        ByteArrayOutputStream open = new ByteArrayOutputStream();
        OnnxBytes.writeVarint(open, 20L << 3 | 3); // a group that never ends
        open.writeBytes(varint(1, 5));
        assertThrows(ModelScan.Unreadable.class, () -> find(cat(open.toByteArray(), model)));
        assertThrows(
                ModelScan.Unreadable.class,
                () -> find(nested(
                        externalTensor("secret.bin", new byte[0], new byte[0]), 700))); // deeper than any real model
    }
}
