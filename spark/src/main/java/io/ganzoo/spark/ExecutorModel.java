package io.ganzoo.spark;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;
import io.ganzoo.zoo.Zoo;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * The generator of an executor JVM: loaded once from the file the driver shipped ({@code SparkContext.addFile}, which
 * Spark fetches once per executor), after checking that its bytes are the ones the driver hashed, and shared by all
 * the executor's task threads (a {@link Generator} is thread-safe). Closed when the JVM ends.
 */
final class ExecutorModel {
    private static final Map<String, Generator> LOADED = new HashMap<>();
    private static boolean hooked;

    private ExecutorModel() {}

    /** The executor's generator for {@code plan}'s model and threads, loading it on first use. */
    static synchronized Generator get(Plan plan) throws ModelException {
        String key = plan.modelSha256() + "/" + plan.threads() + "/" + plan.batchSize();
        Generator g = LOADED.get(key);
        if (g != null) {
            return g;
        }
        Path shipped = Paths.get(SparkFiles.get(plan.modelFile()));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(shipped);
        } catch (IOException e) {
            throw new ModelException(
                    Reason.ACCESS,
                    "cannot read the model the driver shipped (" + plan.model() + ") at " + shipped + ": " + e,
                    e);
        }
        String sha = Zoo.sha256(bytes);
        if (!sha.equals(plan.modelSha256())) {
            throw new ModelException(
                    Reason.CHECKSUM,
                    "the model file this executor received for " + plan.model() + " (" + shipped
                            + ") has SHA-256 " + sha + ", expected " + plan.modelSha256()
                            + " (the driver's); it was damaged or replaced in transit. Run the job again.");
        }
        // Load the bytes just checked, from a file of this JVM's own, so that what runs is what was verified.
        Path own;
        try {
            own = Files.createTempFile("ganzoo-" + plan.modelSha256().substring(0, 12) + "-", ".onnx");
            Files.write(own, bytes);
        } catch (IOException e) {
            throw new ModelException(Reason.ACCESS, "cannot write a temporary copy of " + plan.model() + ": " + e, e);
        }
        try {
            g = Generator.load(own, options(plan));
        } finally {
            try {
                Files.deleteIfExists(own);
            } catch (IOException ignored) {
                // the temporary folder's own clean-up takes it
            }
        }
        LOADED.put(key, g);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModel::closeAll, "ganzoo-close-generators"));
        }
        return g;
    }

    /**
     * One ONNX Runtime thread per task by default: the executor runs as many tasks at once as it has cores, so the
     * tasks themselves use the cores; more threads per task split each batch.
     */
    static Options options(Plan plan) {
        Options.Builder b = Options.builder().optBatchSize(plan.batchSize());
        return plan.threads() == 1
                ? b.optIntraOpThreads(1).build()
                : b.optThreads(plan.threads()).build();
    }

    private static synchronized void closeAll() {
        for (Generator g : LOADED.values()) {
            try {
                g.close();
            } catch (ModelException | RuntimeException ignored) {
                // the JVM is ending
            }
        }
        LOADED.clear();
    }
}
