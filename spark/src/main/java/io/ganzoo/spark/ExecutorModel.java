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
        // the bytes just read are what runs, checked against the driver's SHA-256 (no temporary copy any more)
        try {
            g = Generator.load(
                    bytes,
                    plan.model() + " as shipped to this executor (" + shipped + ")",
                    plan.modelSha256(),
                    options(plan));
        } catch (ModelException e) {
            if (e.reason() != Reason.CHECKSUM) {
                throw e;
            }
            throw new ModelException(
                    Reason.CHECKSUM,
                    "the model file this executor received for " + plan.model() + " (" + shipped
                            + ") has SHA-256 " + Zoo.sha256(bytes) + ", expected " + plan.modelSha256()
                            + " (the driver's); it was damaged or replaced in transit. Run the job again.",
                    e);
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
