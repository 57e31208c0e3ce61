package io.ganzoo.trainer.cli;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.export.OnnxExporter;
import io.ganzoo.trainer.export.OnnxImporter;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.ModelRef;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ganzoo-trainer reexport}: writes a generator exported by an earlier ganzoo again, in the graph the exporter
 * writes now (BatchNorm folded, polyphase upsampling), with the same weights and metadata. The new file must draw
 * the same images as the old one (checked on 64 latent vectors with ONNX Runtime) or nothing is written.
 */
@Command(
        name = "reexport",
        mixinStandardHelpOptions = true,
        header = "Rewrite an exported generator in the current, faster inference graph.",
        description = {
            "Same weights, same metadata (a new version if --version is given). Checks that the new file draws the"
                    + " same images, or writes nothing."
        })
final class ReexportCommand implements Callable<Integer> {
    /** Largest difference allowed between the old and the new file's pixels (values in [-1, 1]). */
    static final double TOLERANCE = 1e-4;

    // -h/--help by hand: the standard help mixin is dropped by picocli for a command with its own --version (the new
    // file's version here), so "reexport --help" said MODEL was missing (newcomer trial)
    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "MODEL", description = "an .onnx file or a zoo model (name or name@version)")
    String model;

    @Option(
            names = {"-o", "--out"},
            converter = io.ganzoo.console.FileName.class,
            required = true,
            description = "ONNX file to write")
    Path out;

    @Option(names = "--version", description = "the new file's ganzoo.version (default: unchanged)")
    String version;

    @Option(
            names = "--name",
            description = "the new file's ganzoo.name, to publish a run under the zoo's name (default: unchanged; the"
                    + " training configuration in the file keeps the run's own name)")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ModelException {
        PrintWriter o = spec.commandLine().getOut();
        byte[] bytes = Generator.modelBytes(model);
        OnnxMl.ModelProto old;
        try {
            old = OnnxMl.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(
                    Reason.MALFORMED,
                    model + " is not a valid ONNX model (" + e.getMessage() + "); give a generator exported by"
                            + " ganzoo-trainer");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        old.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        ModelMetadata.parse(metadata, model); // a ganzoo generator of a format and kind this build reads, or the reason
        Map<String, String> changed = new LinkedHashMap<>();
        if (version != null) {
            changed.put(ModelFormat.VERSION, version);
        }
        if (name != null) {
            new ModelRef(name, version != null ? version : metadata.get(ModelFormat.VERSION)); // a valid zoo name
            changed.put(ModelFormat.NAME, name);
        }
        OnnxMl.ModelProto now = OnnxImporter.reexport(old, changed);
        Path dir = Files.createTempDirectory("ganzoo-reexport");
        try {
            Path before = dir.resolve("before.onnx");
            Path after = dir.resolve("after.onnx");
            Files.write(before, bytes);
            OnnxExporter.write(now, after);
            double diff = maxDifference(before, after);
            if (!(diff <= TOLERANCE)) {
                throw new IllegalStateException("the re-exported graph draws different images (max difference " + diff
                        + " > " + TOLERANCE + "); nothing written. Please report this with the model file.");
            }
            OnnxExporter.write(now, out);
            o.printf(
                    Locale.ROOT,
                    "wrote %s (%,d -> %,d bytes, %d -> %d nodes); max pixel difference on 64 images: %.2g%n",
                    out,
                    bytes.length,
                    Files.size(out),
                    old.getGraph().getNodeCount(),
                    now.getGraph().getNodeCount(),
                    diff);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        return ExitCode.OK.code();
    }

    /** Largest pixel difference between two generators on the same 64 latent vectors (and labels 0, 1, 2, ...). */
    static double maxDifference(Path a, Path b) throws ModelException {
        int n = 64;
        try (Generator ga = Generator.load(a);
                Generator gb = Generator.load(b)) {
            float[] z = Noise.standardNormal(1, 0, n, ga.metadata().latentSize());
            int[] labels = null;
            if (ga.isConditional()) {
                labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = i % ga.classes().size();
                }
            }
            float[] p = ga.generate(z, labels, n).floats();
            float[] q = gb.generate(z, labels, n).floats();
            double max = 0;
            for (int j = 0; j < p.length; j++) {
                max = Math.max(max, Math.abs(p[j] - q[j]));
            }
            return max;
        }
    }
}
