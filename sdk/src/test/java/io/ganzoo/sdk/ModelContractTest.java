package io.ganzoo.sdk;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files the pinned ONNX Runtime would misread or that are not a ganzoo model's kind of graph, refused before ONNX
 * Runtime is asked (issue 25, "files from a newer producer" and "graphs that are not a generator"): IR version 99
 * and opset 99 gave "Error code - ORT_FAIL ... model.cc:192"; a graph holding a {@code Loop} of 10^12 trips ran
 * unbounded.
 */
class ModelContractTest {
    @TempDir
    Path dir;

    private byte[] tiny() throws Exception {
        return Files.readAllBytes(Fixtures.copy(dir, "tiny-dcgan.onnx"));
    }

    private ModelException refused(byte[] model) throws Exception {
        Path f = dir.resolve("edited.onnx");
        Files.write(f, model);
        return assertThrows(ModelException.class, () -> Generator.load(f));
    }

    @Test
    void aNewerIrVersionIsNamedBeforeOnnxRuntimeReadsIt() throws Exception {
        ModelException e = refused(OnnxBytes.withIrVersion(tiny(), 99));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(
                e.getMessage().contains("needs a newer ONNX Runtime: it is ONNX IR version 99")
                        && e.getMessage().contains("reads IR versions up to " + ModelLoader.MAX_IR_VERSION)
                        && !e.getMessage().contains("ORT_FAIL"),
                e.getMessage());
        // the newest IR version the runtime reads still loads
        try (Generator g = Generator.load(write(OnnxBytes.withIrVersion(tiny(), ModelLoader.MAX_IR_VERSION)))) {
            assertEquals(2, g.sample(2, 1L).count());
        }
    }

    @Test
    void aNewerOpsetIsNamedBeforeOnnxRuntimeReadsIt() throws Exception {
        ModelException e = refused(OnnxBytes.withOpset(tiny(), 99));
        assertEquals(Reason.UNSUPPORTED, e.reason());
        assertTrue(
                e.getMessage().contains("needs a newer ONNX Runtime: it imports ONNX opset 99")
                        && e.getMessage().contains("reads opsets up to " + ModelLoader.MAX_OPSET),
                e.getMessage());
        try (Generator g = Generator.load(write(OnnxBytes.withOpset(tiny(), ModelLoader.MAX_OPSET)))) {
            assertEquals(2, g.sample(2, 1L).count());
        }
    }

    /**
     * An operator set other than ONNX's own, imported at a version the pinned runtime does not know (no node uses it),
     * gave ONNX Runtime's raw text ("Error code - ORT_FAIL - message: /onnxruntime_src/.../model_load_utils.h:46 void
     * ...ValidateOpsetForDomain(...) ... Opset 99 is under development"); a model importing no operator set at all
     * likewise. Both are named before the runtime is asked; a known version, or a domain the runtime does not check,
     * still loads.
     */
    @Test
    void otherOperatorSetsAndAMissingImportAreNamed() throws Exception {
        for (var max : ModelLoader.MAX_OTHER_OPSETS.entrySet()) {
            ModelException e = refused(OnnxBytes.withOpsetImport(tiny(), max.getKey(), 99));
            assertEquals(Reason.UNSUPPORTED, e.reason());
            assertTrue(
                    e.getMessage()
                                    .contains("needs a newer ONNX Runtime: it imports operator set " + max.getKey()
                                            + " version 99")
                            && e.getMessage().contains("versions up to " + max.getValue())
                            && !e.getMessage().contains("ORT_FAIL"),
                    e.getMessage());
            try (Generator g = Generator.load(write(OnnxBytes.withOpsetImport(tiny(), max.getKey(), max.getValue())))) {
                assertEquals(2, g.sample(2, 1L).count(), max.getKey());
            }
        }
        try (Generator g = Generator.load(write(OnnxBytes.withOpsetImport(tiny(), "com.example", 99)))) {
            assertEquals(2, g.sample(2, 1L).count(), "a domain the runtime does not know is not checked");
        }
        ModelException none = refused(OnnxBytes.withoutOpsetImports(tiny()));
        assertEquals(Reason.MALFORMED, none.reason());
        assertTrue(
                none.getMessage().contains("imports no operator set")
                        && !none.getMessage().contains("ORT_FAIL"),
                none.getMessage());
    }

    /**
     * Attack pass: a 0-byte file and 1,000 NUL bytes were told "it imports no operator set"; IR versions 0 and -1 were
     * accepted and run. Each is named for what it is.
     */
    @Test
    void emptyFilesNulBytesAndImpossibleIrVersionsAreNamed() throws Exception {
        ModelException empty = refused(new byte[0]);
        assertEquals(Reason.MALFORMED, empty.reason());
        assertTrue(empty.getMessage().contains("is empty (0 bytes), not an ONNX model"), empty.getMessage());
        ModelException nul = refused(new byte[1000]);
        assertEquals(Reason.MALFORMED, nul.reason());
        assertTrue(nul.getMessage().contains("its bytes are not a complete ONNX protobuf"), nul.getMessage());
        for (long ir : new long[] {0, -1}) {
            ModelException e = refused(OnnxBytes.withIrVersion(tiny(), ir));
            assertEquals(Reason.MALFORMED, e.reason(), ir + ": " + e.getMessage());
            assertTrue(
                    e.getMessage().contains(ir == 0 ? "it declares no IR version" : "it declares IR version -1"),
                    e.getMessage());
        }
    }

    /** ONNX Runtime's own words keep what a user can act on, without its code, source line and C++ signature. */
    @Test
    void onnxRuntimesMessagesLoseTheirSourceLocation() {
        assertEquals(
                "Missing opset in the model. All ModelProtos MUST have at least one entry.",
                NativeRuntime.reason(new Exception("Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/"
                        + "graph/model.cc:181 onnxruntime::Model::Model(onnx::ModelProto&&, const"
                        + " onnxruntime::PathString&, const onnxruntime::logging::Logger&, const"
                        + " onnxruntime::ModelOptions&) Missing opset in the model. All ModelProtos MUST have at least"
                        + " one entry.")));
        assertEquals(
                "Opset 99 is under development.",
                NativeRuntime.reason(new Exception("Error code - ORT_FAIL - message: /onnxruntime_src/onnxruntime/core/"
                        + "graph/model_load_utils.h:46 void onnxruntime::model_load_utils::ValidateOpsetForDomain(const"
                        + " std::unordered_map<std::__cxx11::basic_string<char>, int>&, const"
                        + " onnxruntime::logging::Logger&, bool, const std::string&, int) Opset 99 is under"
                        + " development.")));
        assertEquals(
                "Got invalid dimensions for input: z",
                NativeRuntime.reason(
                        new Exception("Error code - INVALID_ARGUMENT - message: Got invalid dimensions for input: z")));
        assertEquals(
                "Out of bounds dimensions",
                NativeRuntime.reason(new Exception(
                        "tensorprotoutils.cc:1449 GetSizeInBytesFromTensorProto Out of" + " bounds dimensions")));
        assertEquals("plain words", NativeRuntime.reason(new Exception("plain words")));
    }

    /** The limits are the pinned runtime's own, measured: it reads the newest it is said to, and refuses one more. */
    @Test
    void theLimitsAreThoseOfThePinnedRuntime() throws Exception {
        byte[] tiny = tiny();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        createSession(env, OnnxBytes.withIrVersion(tiny, ModelLoader.MAX_IR_VERSION));
        createSession(env, OnnxBytes.withOpset(tiny, ModelLoader.MAX_OPSET));
        assertThrows(
                OrtException.class,
                () -> createSession(env, OnnxBytes.withIrVersion(tiny, ModelLoader.MAX_IR_VERSION + 1)));
        assertThrows(
                OrtException.class, () -> createSession(env, OnnxBytes.withOpset(tiny, ModelLoader.MAX_OPSET + 1)));
        for (var max : ModelLoader.MAX_OTHER_OPSETS.entrySet()) {
            createSession(env, OnnxBytes.withOpsetImport(tiny, max.getKey(), max.getValue()));
            assertThrows(
                    OrtException.class,
                    () -> createSession(env, OnnxBytes.withOpsetImport(tiny, max.getKey(), max.getValue() + 1)),
                    max.getKey());
        }
    }

    private static void createSession(OrtEnvironment env, byte[] model) throws OrtException {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession s = env.createSession(model, so)) {
            assertTrue(s.getNumInputs() > 0);
        }
    }

    @Test
    void operatorsOutsideTheContractAreRefusedByName() throws Exception {
        for (String[] op : new String[][] {{"", "Loop"}, {"", "Scan"}, {"", "RandomNormal"}, {"com.example", "Gemm"}}) {
            ModelException e = refused(OnnxBytes.withFirstOperator(tiny(), op[0], op[1]));
            assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
            String name = op[0].isEmpty() ? op[1] : op[0] + ":" + op[1];
            assertTrue(
                    e.getMessage().contains("uses the operator '" + name + "', which a ganzoo model does not")
                            && e.getMessage().contains("no control flow"),
                    e.getMessage());
        }
    }

    /** Every operator of the shipped and fixture models is in the contract (the trainer checks its exporter's). */
    @Test
    void theFixturesKeepTheContract() throws Exception {
        for (String f : new String[] {"tiny-dcgan.onnx", "tiny-cgan.onnx"}) {
            ModelScan.Scan s = ModelScan.scan(Files.readAllBytes(Fixtures.copy(dir, f)));
            assertTrue(ModelFormat.OPERATORS.containsAll(s.operators()), f + ": " + s.operators());
            assertEquals(8, s.irVersion());
            assertEquals(13L, s.opsets().get(""));
        }
        for (io.ganzoo.zoo.ModelEntry m : io.ganzoo.zoo.Zoo.configured().list()) {
            String name = m.id();
            ModelScan.Scan s = ModelScan.scan(Generator.modelBytes(name));
            assertTrue(ModelFormat.OPERATORS.containsAll(s.operators()), name + ": " + s.operators());
        }
    }

    private Path write(byte[] model) throws Exception {
        Path f = Files.createTempFile(dir, "m", ".onnx");
        Files.write(f, model);
        return f;
    }
}
