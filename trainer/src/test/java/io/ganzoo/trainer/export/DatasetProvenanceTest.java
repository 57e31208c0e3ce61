package io.ganzoo.trainer.export;

import ai.onnx.proto.OnnxMl;
import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.trainer.cli.TrainerCli;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.data.DatasetHashTest;
import io.ganzoo.trainer.data.SyntheticData;
import io.ganzoo.zoo.ModelFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every export records the SHA-256 of the data it was trained on ({@code ganzoo.dataset.sha256}): after training,
 * from {@code export --run}, after {@code --resume}, through {@code reexport}, and for the classifier; checked against
 * hashes of the test's own small dataset files computed here with MessageDigest.
 */
public class DatasetProvenanceTest {
    @TempDir
    Path dir;

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TrainerCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertEquals(ExitCode.OK.code(), code, String.join(" ", args) + ": " + err);
        return out.toString();
    }

    static Map<String, String> recorded(Path onnx) throws Exception {
        String json = ModelMetadata.read(onnx).get(ModelFormat.DATASET_SHA256);
        assertTrue(json != null, onnx + " has no " + ModelFormat.DATASET_SHA256);
        return new Gson().fromJson(json, new TypeToken<LinkedHashMap<String, String>>() {}.getType());
    }

    /** The hashes of files in {@code data}, in the given order, computed without DatasetHash. */
    static Map<String, String> expected(Path data, String... files) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : files) {
            m.put(f, DatasetHashTest.sha256(Files.readAllBytes(data.resolve(f))));
        }
        return m;
    }

    @Test
    void generatorExportsRecordTheTrainingFilesHashes() throws Exception {
        Path data = dir.resolve("fashion");
        DatasetHashTest.tinyFashionMnist(data, 40, 20);
        Map<String, String> want = expected(data, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        Path runDir = dir.resolve("run");
        Path trained = dir.resolve("trained.onnx");
        run(
                "train",
                "--dataset",
                "fashion-mnist",
                "--data",
                data.toString(),
                "--steps",
                "2",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "-q",
                "-o",
                runDir.toString(),
                "--export",
                trained.toString());
        assertEquals(want, recorded(trained));
        assertEquals(List.copyOf(want.keySet()), List.copyOf(recorded(trained).keySet()), "in the order read");
        assertEquals(want, DatasetHash.read(runDir), DatasetHash.RUN_FILE);

        Path exported = dir.resolve("exported.onnx");
        run("export", "--run", runDir.toString(), "-o", exported.toString());
        assertEquals(want, recorded(exported));

        Path resumed = dir.resolve("resumed.onnx");
        run("train", "--resume", "-q", "-o", runDir.toString(), "--export", resumed.toString());
        assertEquals(want, recorded(resumed));

        OnnxMl.ModelProto again = OnnxImporter.reexport(
                OnnxMl.ModelProto.parseFrom(Files.readAllBytes(exported)), Map.of(ModelFormat.VERSION, "9.9.9"));
        Path reexported = dir.resolve("reexported.onnx");
        OnnxExporter.write(again, reexported);
        assertEquals(want, recorded(reexported));
    }

    @Test
    void aRunFromBeforeTheHashWasRecordedExportsWithoutIt() throws Exception {
        Path runDir = dir.resolve("old-run");
        run(
                "train",
                "--dry-run",
                "--steps",
                "1",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "-q",
                "-o",
                runDir.toString());
        Files.delete(runDir.resolve(DatasetHash.RUN_FILE));
        Path onnx = dir.resolve("old.onnx");
        run("export", "--run", runDir.toString(), "-o", onnx.toString());
        assertFalse(ModelMetadata.read(onnx).containsKey(ModelFormat.DATASET_SHA256));
    }

    @Test
    void aDryRunRecordsTheHashOfItsGeneratedImages() throws Exception {
        Path onnx = dir.resolve("dry.onnx");
        run(
                "train",
                "--dry-run",
                "--steps",
                "1",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "--seed",
                "5",
                "-q",
                "-o",
                dir.resolve("dry").toString(),
                "--export",
                onnx.toString());
        // TrainerCli's dry-run data: max(256, 4 x batch) rectangles of 28x28 from the seed
        var d = SyntheticData.rectangles(256, 28, 5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(d.pixels());
        for (int label : d.labels()) {
            out.writeInt(label);
        }
        assertEquals(Map.of("synthetic/rectangles", DatasetHashTest.sha256(bytes.toByteArray())), recorded(onnx));
    }

    @Test
    void theClassifierRecordsItsTrainingAndTestFiles() throws Exception {
        Path data = dir.resolve("fashion");
        DatasetHashTest.tinyFashionMnist(data, 40, 20);
        Path onnx = dir.resolve("classifier.onnx");
        run(
                "classifier",
                "--dataset",
                "fashion-mnist",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "16",
                "-q",
                "-o",
                onnx.toString());
        assertEquals(
                expected(
                        data,
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte",
                        "t10k-labels-idx1-ubyte"),
                recorded(onnx));
    }
}
