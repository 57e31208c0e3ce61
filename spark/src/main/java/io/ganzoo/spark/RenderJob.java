package io.ganzoo.spark;

import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.console.RenderOptions;
import io.ganzoo.render.Formats;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Zoo;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The job {@code spark-submit} runs: {@code spark-submit --class io.ganzoo.spark.RenderJob ganzoo-spark.jar MODEL -n N
 * -o PATH [--format wds|npy] [--seed S] [--label C,...] [--per-shard N]}. Its arguments are {@code ganzoo render}'s,
 * the master and cluster settings spark-submit's.
 */
@Command(
        name = "ganzoo-spark",
        mixinStandardHelpOptions = true,
        description = {
            "Render many images across a Spark cluster (spark-submit --class io.ganzoo.spark.RenderJob"
                    + " ganzoo-spark.jar MODEL ...). Image k is ganzoo render's image k: the same function of"
                    + " (model, seed, k, label). Run the same command again after a failure: complete shards are"
                    + " verified and kept."
        })
public final class RenderJob implements Callable<Integer> {
    static final ExitCode[] EXIT_CODES = {
        ExitCode.OK,
        ExitCode.USAGE,
        ExitCode.MODEL_NOT_FOUND,
        ExitCode.IO,
        ExitCode.MODEL_UNUSABLE,
        ExitCode.REPOSITORY,
        ExitCode.INTERNAL
    };

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "zoo model (e.g. fashion-dcgan) or path of an .onnx file on the driver")
    String model;

    @Option(
            names = {"-n", "--count"},
            required = true,
            description = "images in the run")
    long count;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "PATH",
            description = "output folder, on any file system Hadoop reaches (hdfs://..., s3a://..., file:/...;"
                    + " no scheme: the default file system): new, empty, or an earlier run of the same command")
    String out;

    @Option(
            names = "--format",
            defaultValue = "wds",
            description = "wds (WebDataset tar shards) or npy (images-<first>.npy uint8 n x H x W x C per shard, plus"
                    + " labels-<first>.npy) (default: ${DEFAULT-VALUE})")
    String format;

    @CommandLine.Mixin
    RenderOptions images;

    @Option(
            names = {"--per-shard", "--per-tar"},
            paramLabel = "N",
            description = "images per shard, which is one Spark task and one tar or array pair (default: 1000 for"
                    + " wds, 100000 for npy)")
    int perShard;

    @Option(
            names = "--batch-size",
            defaultValue = "64",
            description = "images per ONNX Runtime call (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "ONNX Runtime threads per task (default: ${DEFAULT-VALUE}; an executor runs a task per core)")
    int threads;

    @Option(
            names = "--no-joined-manifest",
            description = "keep the manifest as one part per shard in _manifest/ (for very large runs: the join"
                    + " passes about 150 bytes per image through the driver)")
    boolean noJoin;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress output")
    boolean quiet;

    @Option(names = "-v", description = "print stack traces on errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How long the job waits for a standalone master to accept a connection before it says it cannot be reached. */
    static final int MASTER_TIMEOUT_MS = 5_000;

    /** A Spark master that cannot be reached: exit 7, one line, no trace without {@code -v}. */
    static final class MasterUnreachable extends RuntimeException implements ExitCode.Carrier {
        private static final long serialVersionUID = 1L;

        MasterUnreachable(String message) {
            super(message);
        }

        @Override
        public ExitCode exitCode() {
            return ExitCode.REPOSITORY;
        }
    }

    /**
     * Refuses, before Spark starts, a standalone master ({@code spark://host:port[,host:port...]}, as spark-submit's
     * {@code --master} sets {@code spark.master}) none of whose addresses accepts a TCP connection within
     * {@code timeoutMs}: Spark's driver otherwise retried for 65 s and then failed with exit 2 ("bad arguments") and
     * about 45 lines of stack trace. Other masters (local, yarn, k8s) are left to Spark.
     *
     * @throws MasterUnreachable naming the master, each address's failure and what to do
     */
    static void checkMaster(String master, int timeoutMs) {
        if (master == null || !master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new java.util.ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : io.ganzoo.zoo.Decimal.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--master " + master + ": expected spark://HOST:PORT, found port '"
                        + hostPort.substring(colon + 1) + "'");
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), timeoutMs);
                return; // one address answers: Spark takes it from here
            } catch (java.io.IOException e) {
                failures.add(host + ":" + port + " ("
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new MasterUnreachable("cannot reach the Spark master " + master + ": " + String.join(", ", failures)
                + " within " + timeoutMs / 1000 + " s. Start it (sbin/start-master.sh and workers), check the host"
                + " and port (the master's web UI shows its spark:// URL), or run locally with --master 'local[N]'.");
    }

    public static void main(String[] args) {
        Console.main(commandLine(), args);
    }

    /** The configured command line; tests use it with their own output streams. */
    static CommandLine commandLine() {
        return Console.configure(new CommandLine(new RenderJob()), "ganzoo-spark " + Zoo.VERSION, EXIT_CODES);
    }

    @Override
    public Integer call() throws ModelException, IOException {
        OutputFormat fmt;
        try {
            fmt = Formats.get(format); // one the tasks cannot publish (png) is refused by optFormat, saying why
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--format: expected "
                            + Formats.all().values().stream()
                                    .filter(OutputFormat::distributable)
                                    .map(OutputFormat::name)
                                    .collect(java.util.stream.Collectors.joining(" or "))
                            + ", found '" + format + "'",
                    e);
        }
        SparkRender.Request.Builder b = SparkRender.Request.builder()
                .setModel(model)
                .setCount(count)
                .optSeed(images.seed)
                .optFormat(fmt)
                .optBatchSize(batchSize)
                .optThreads(threads)
                .optJoinManifest(!noJoin);
        if (perShard < 0 || perShard == 0 && spec.commandLine().getParseResult().hasMatchedOption("--per-shard")) {
            throw new IllegalArgumentException("--per-shard: expected at least 1 image per shard, found " + perShard);
        }
        if (perShard != 0) {
            b.optPerShard(perShard);
        }
        if (images.label != null) {
            List<String> classes = Arrays.asList(images.label.split(","));
            b.optLabels(classes);
        }
        if (!quiet) {
            b.optProgress(spec.commandLine().getErr());
        }
        SparkRender.Request request = b.build();
        SparkRender.Resolved resolved = SparkRender.resolve(request); // before Spark starts: a bad model fails fast
        // what a stopped job keeps, and how to go on (it said neither: attack pass of issue 26)
        Console.onStop(() -> "every shard whose manifest part is in " + out + "/" + SparkRender.MANIFEST_PARTS
                + " is complete and kept; run the same command again to render the rest");
        checkMaster(System.getProperty("spark.master"), MASTER_TIMEOUT_MS);
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder()
                .appName("ganzoo render " + resolved.name())
                .getOrCreate();
        double start = (System.nanoTime() - t0) / 1e9;
        try {
            SparkRender.Summary s = SparkRender.render(spark, request, resolved, out, start);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "rendered %,d images of %s (seed %d) as %s into %s on %s: %,d kept from an earlier run,"
                                    + " %,d new in %.1f s (%,.0f images/s; %d task%s, %,.0f images/s per task; Spark"
                                    + " started in %.1f s)%n",
                            s.images(),
                            s.model(),
                            images.seed,
                            s.spec().format(),
                            s.out(),
                            s.master(),
                            s.kept(),
                            s.images() - s.kept(),
                            s.seconds(),
                            s.imagesPerSecond(),
                            s.tasks(),
                            s.tasks() == 1 ? "" : "s",
                            s.taskImagesPerSecond(),
                            start);
        } finally {
            spark.stop();
        }
        return ExitCode.OK.code();
    }
}
