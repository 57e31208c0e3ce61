package io.ganzoo.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.ganzoo.console.Progress;
import io.ganzoo.render.Formats;
import io.ganzoo.render.Manifest;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;
import io.ganzoo.render.RunFolder;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Options;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Zoo;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Renders a data set of a zoo model (or a model file) across a Spark cluster: image k is the cli's image k
 * ({@code ganzoo render}, the same function of model, seed, k and label), so the pixels are the same whichever
 * machine renders them. Each task renders one shard, a contiguous range of indices: a WebDataset tar (byte for byte
 * the tar {@code ganzoo render --format wds} writes for those indices) or a pair of NumPy arrays.
 *
 * <pre>{@code
 * SparkRender.Request r = SparkRender.Request.builder().setModel("fashion-dcgan").setCount(1_000_000).optSeed(7).build();
 * SparkRender.Summary s = SparkRender.render(spark, r, "hdfs:///data/fashion");   // or s3a://..., file:/...
 * Dataset<Row> images = SparkRender.images(spark, r);                           // (index, label, class, png)
 * }</pre>
 *
 * <p>The output folder holds {@code shard-<first index>.tar} (or {@code images-<first>.npy} and, for conditional
 * models, {@code labels-<first>.npy}), per shard {@code _manifest/part-<first>.jsonl} and {@code
 * _sha256/part-<first>.sha256} (its files' SHA-256, as {@code sha256sum} writes them), {@code manifest.jsonl} (the
 * parts joined in index order: the cli's lines), {@code spark-render.json} (the arguments) and {@code summary.json}.
 * Running the same job again keeps the shards that are complete and verify, and renders the rest.
 */
public final class SparkRender {
    /** The arguments of a run, in its output folder; a rerun must match them. */
    static final String SPEC = "spark-render.json";

    static final String SUMMARY = "summary.json";
    /** One manifest part per shard, written when the shard is complete. */
    static final String MANIFEST_PARTS = "_manifest";
    /** The SHA-256 of each file of each shard, which a rerun checks to keep the shard. */
    static final String CHECKSUMS = "_sha256";

    /** Models shipped to the executors, by application and file name. */
    private static final Set<String> SHIPPED = new HashSet<>();

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private SparkRender() {}

    /** What to render. Immutable; build with {@link #builder()}. */
    public static final class Request {
        private final String model;
        private final long count;
        private final long seed;
        private final List<String> labels;
        private final OutputFormat format;
        private final int perShard;
        private final int batchSize;
        private final int threads;
        private final boolean joinManifest;
        private final PrintWriter progress;

        private Request(Builder b) {
            this.model = b.model;
            this.count = b.count;
            this.seed = b.seed;
            this.labels = List.copyOf(b.labels);
            this.format = b.format;
            this.perShard = b.perShard > 0 ? b.perShard : b.format.packs() ? 1000 : 100_000;
            this.batchSize = b.batchSize;
            this.threads = b.threads;
            this.joinManifest = b.joinManifest;
            this.progress = b.progress;
        }

        public static Builder builder() {
            return new Builder();
        }

        public String model() {
            return model;
        }

        public long count() {
            return count;
        }

        public int perShard() {
            return perShard;
        }

        /** Builder of {@link Request}: {@code set*} is required, {@code opt*} optional. */
        public static final class Builder {
            private String model;
            private long count;
            private long seed;
            private List<String> labels = List.of();
            private OutputFormat format = Formats.WDS;
            private int perShard;
            private int batchSize = 64;
            private int threads = 1;
            private boolean joinManifest = true;
            private PrintWriter progress;

            private Builder() {}

            /** A zoo reference ({@code fashion-dcgan}, {@code fashion-dcgan@1.0.1}) or the path of an .onnx file. */
            public Builder setModel(String model) {
                this.model = Objects.requireNonNull(model, "model");
                return this;
            }

            /** Images in the run. */
            public Builder setCount(long count) {
                if (count <= 0) {
                    throw new IllegalArgumentException("count: expected at least 1 image, found " + count);
                }
                this.count = count;
                return this;
            }

            /** The seed (default 0). */
            public Builder optSeed(long seed) {
                this.seed = seed;
                return this;
            }

            /**
             * Conditional models: the classes (names or indices) image k cycles through, {@code labels[k mod n]};
             * default: all the model's classes in turn.
             */
            public Builder optLabels(List<String> labels) {
                this.labels = List.copyOf(labels);
                return this;
            }

            /**
             * The output format (default {@link Formats#WDS}): one whose {@link OutputFormat#distributable} is true
             * ({@link Formats#WDS}, {@link Formats#NPY}, or one registered for {@link OutputFormat}).
             *
             * @throws IllegalArgumentException for a format a task cannot publish (a folder tree of PNGs)
             */
            public Builder optFormat(OutputFormat format) {
                Objects.requireNonNull(format, "format");
                if (!format.distributable()) {
                    throw new IllegalArgumentException("--format: " + format.name() + " cannot be rendered across a"
                            + " cluster (a task writes the files of one folder; a folder of single PNGs is for ganzoo"
                            + " render, and on a cluster file system millions of small files are slow: wds holds the"
                            + " same PNGs in tars)");
                }
                this.format = format;
                return this;
            }

            /**
             * Images per shard, which is one task and one tar or array pair (default 1,000 for tars, 100,000 for
             * arrays).
             */
            public Builder optPerShard(int perShard) {
                if (perShard < 1) {
                    throw new IllegalArgumentException("images per shard: expected at least 1, found " + perShard);
                }
                this.perShard = perShard;
                return this;
            }

            /** Images per ONNX Runtime call (default 64); never changes a pixel. */
            public Builder optBatchSize(int batchSize) {
                if (batchSize < 1 || batchSize > Options.MAX_BATCH) {
                    throw new IllegalArgumentException(
                            "batch size: expected 1.." + Options.MAX_BATCH + ", found " + batchSize);
                }
                this.batchSize = batchSize;
                return this;
            }

            /**
             * ONNX Runtime threads per task (default 1: an executor runs one task per core at once, and each task
             * uses one thread); 0 splits each batch over all of the executor's cores.
             */
            public Builder optThreads(int threads) {
                int max = Options.MAX_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
                if (threads < 0 || threads > max) {
                    // the driver's cores stand for the executors': a count their sdk refuses failed every task, with
                    // a stack trace each, after Spark had started (attack pass)
                    throw new IllegalArgumentException("--threads: expected 0 (all of an executor's cores) to " + max
                            + " (" + Options.MAX_THREADS_PER_CORE + " per core of this machine's "
                            + Runtime.getRuntime().availableProcessors() + "), found " + threads);
                }
                this.threads = threads;
                return this;
            }

            /**
             * Whether the driver joins the manifest parts into {@code manifest.jsonl} at the end (default true;
             * about 150 bytes per image pass through the driver).
             */
            public Builder optJoinManifest(boolean join) {
                this.joinManifest = join;
                return this;
            }

            /** Where the driver reports progress, a line every 10 seconds (default: nowhere). */
            public Builder optProgress(PrintWriter progress) {
                this.progress = progress;
                return this;
            }

            public Request build() {
                if (model == null || count == 0) {
                    throw new IllegalArgumentException("a render needs a model (setModel) and a count (setCount)");
                }
                return new Request(this);
            }
        }
    }

    /** The arguments of a run as {@code spark-render.json} records them. */
    record RunSpec(
            String engine,
            String model,
            String modelSha256,
            long seed,
            long count,
            String format,
            List<Integer> labels,
            int perShard)
            implements RunFolder.Record {
        @Override
        public String describe() {
            return Renderer.Spec.describe(model, seed, count, format, labels) + ", " + perShard + " per shard";
        }
    }

    /**
     * What a run reports (also {@code summary.json}).
     *
     * @param images             images in the run
     * @param kept               images of shards that an earlier run completed and that verified
     * @param seconds            from submitting the job to its last task's end
     * @param imagesPerSecond    images rendered (not kept) per second of {@code seconds}
     * @param sparkStartSeconds  seconds to start Spark (the job's own main only; null when given a session)
     * @param tasks              shards (tasks) in the run
     * @param taskSeconds        the seconds the rendering tasks took, summed (their work, whatever ran in parallel)
     * @param taskImagesPerSecond median images/s of one rendering task
     * @param slots              tasks Spark can run at once ({@code defaultParallelism})
     * @param executors          executors that ran tasks
     * @param manifestSeconds    seconds the driver took to join the manifest parts after the job
     */
    public record Summary(
            String model,
            String modelSha256,
            String out,
            String master,
            RunSpec spec,
            long images,
            long kept,
            double seconds,
            double imagesPerSecond,
            Double sparkStartSeconds,
            int tasks,
            double taskSeconds,
            double taskImagesPerSecond,
            int slots,
            int executors,
            long bytesWritten,
            double manifestSeconds,
            String device) {}

    /** The model as the driver resolved it: name, verified bytes, SHA-256, and the class indices asked for. */
    record Resolved(String name, byte[] bytes, String sha256, ArrayList<Integer> labels) {}

    /**
     * Resolves the model as {@code ganzoo render} does (a zoo model's verified file, or the file the path names) and
     * checks the labels, before any Spark work.
     */
    static Resolved resolve(Request r) throws ModelException {
        byte[] bytes = Generator.modelBytes(r.model);
        try (Generator g =
                Generator.load(r.model, Options.builder().optIntraOpThreads(1).build())) {
            return new Resolved(g.source(), bytes, Zoo.sha256(bytes), new ArrayList<>(Renderer.labels(g, r.labels)));
        }
    }

    /**
     * Renders {@code r} into {@code out} (a path or URI Hadoop reaches: {@code /data/x}, {@code hdfs://nn/x}, {@code
     * s3a://bucket/x}; without a scheme, on the default file system), or completes an earlier run of the same request
     * there.
     *
     * @throws IllegalArgumentException when {@code out} holds something else or a run of other arguments
     * @throws ModelException           when the model cannot be found, verified or run (on the driver or a task)
     * @throws IOException              when a file cannot be read or written (the message names it)
     */
    public static Summary render(SparkSession spark, Request r, String out) throws ModelException, IOException {
        return render(spark, r, resolve(r), out, null);
    }

    /** {@link #render(SparkSession, Request, String)} of a resolved model; the job's main says how long Spark took. */
    static Summary render(SparkSession spark, Request r, Resolved model, String out, Double sparkStartSeconds)
            throws ModelException, IOException {
        Plan plan = plan(spark, r, model);
        Store store = Store.open(out, spark.sparkContext().hadoopConfiguration());
        RunSpec spec = new RunSpec(
                "spark",
                model.name(),
                model.sha256(),
                r.seed,
                r.count,
                r.format.name(),
                model.labels(),
                plan.perShard());
        prepare(store, spec);

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        String group = "ganzoo-render-" + UUID.randomUUID();
        jsc.setJobGroup(
                group,
                String.format(
                        Locale.ROOT,
                        "ganzoo render %s: %,d images as %s into %s",
                        model.name(),
                        r.count,
                        spec.format(),
                        store.uri()),
                true); // cancelling the job interrupts its tasks
        ProgressListener listener = r.progress == null ? null : new ProgressListener(group, plan, r.progress);
        if (listener != null) {
            spark.sparkContext().addSparkListener(listener);
        }
        long t0 = System.nanoTime();
        List<ShardTask.Report> reports;
        try {
            JavaRDD<Integer> shards = jsc.parallelize(shardList(plan), plan.shards());
            reports = shards.map(new ShardTask(plan, store.uri(), conf)).collect();
        } catch (Exception e) { // Spark's SparkException is checked but undeclared: catch it here
            throw failure(e);
        } finally {
            jsc.clearJobGroup();
            if (listener != null) {
                spark.sparkContext().removeSparkListener(listener);
            }
            conf.destroy();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        long kept = 0;
        long bytes = 0;
        double taskSeconds = 0;
        List<Double> rates = new ArrayList<>();
        Set<String> executors = new HashSet<>();
        Set<String> devices = new HashSet<>();
        for (ShardTask.Report t : reports) {
            executors.add(t.executor());
            if (!t.device().isEmpty()) {
                devices.add(t.device());
            }
            bytes += t.bytes();
            if (t.kept()) {
                kept += t.images();
            } else {
                taskSeconds += t.seconds();
                rates.add(t.images() / Math.max(1e-9, t.seconds()));
            }
        }
        long j0 = System.nanoTime();
        if (r.joinManifest) {
            // the parts in index order are the cli's manifest.jsonl of the run (the file names of arrays differ)
            store.write(Manifest.FILE, o -> {
                BufferedOutputStream b = new BufferedOutputStream(o, 1 << 16);
                for (int s = 0; s < plan.shards(); s++) {
                    store.copyTo(plan.manifestPart(s), b);
                }
                b.flush();
            });
        }
        double joinSeconds = (System.nanoTime() - j0) / 1e9;
        Summary summary = new Summary(
                model.name(),
                model.sha256(),
                store.uri(),
                spark.sparkContext().master(),
                spec,
                r.count,
                kept,
                seconds,
                (r.count - kept) / Math.max(1e-9, seconds),
                sparkStartSeconds,
                plan.shards(),
                taskSeconds,
                median(rates),
                spark.sparkContext().defaultParallelism(),
                executors.size(),
                bytes,
                joinSeconds,
                devices.stream().sorted().collect(Collectors.joining(",")));
        if (kept < r.count || !store.exists(SUMMARY)) { // a finished run run again keeps its summary
            store.write(SUMMARY, GSON.toJson(summary).getBytes(StandardCharsets.UTF_8));
        }
        store.deleteTemporary(); // no task of the job runs any more
        return summary;
    }

    /**
     * Images of the run {@code r} describes as a data frame, rendered lazily, a partition per shard: {@code index}
     * (long), {@code label} (int, -1 for unconditional models), {@code class} (string or null) and {@code png}
     * (binary: the bytes of the PNG {@code ganzoo render} writes for that image). Format, manifest and output
     * settings of {@code r} do not apply.
     *
     * @throws ModelException when the model cannot be found or verified on the driver
     */
    public static Dataset<Row> images(SparkSession spark, Request r) throws ModelException {
        Plan plan = plan(spark, r, resolve(r));
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<Row> rows = jsc.parallelize(shardList(plan), plan.shards()).flatMap(new ImageRows(plan));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** The columns of {@link #images}. */
    public static final StructType SCHEMA = new StructType()
            .add("index", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("class", DataTypes.StringType, true)
            .add("png", DataTypes.BinaryType, false);

    /** The plan of a run, with the model's bytes shipped to the executors. */
    static Plan plan(SparkSession spark, Request r, Resolved model) {
        long shards = r.count / r.perShard + (r.count % r.perShard == 0 ? 0 : 1); // count + perShard - 1 may overflow
        if (shards > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%,d images in shards of %,d are %,d tasks, more than Spark takes; give more images per shard",
                    r.count,
                    r.perShard,
                    shards));
        }
        return new Plan(
                model.name(),
                model.sha256(),
                ship(spark, model),
                r.seed,
                r.count,
                r.format.name(),
                model.labels(),
                r.perShard,
                r.batchSize,
                r.threads);
    }

    /**
     * Ships the model's bytes to the executors ({@code SparkContext.addFile}: each executor fetches the file once) under
     * a name made of its SHA-256, which the executors check before loading it.
     */
    private static String ship(SparkSession spark, Resolved model) {
        String name = model.sha256() + ".onnx";
        // one path per content: Spark refuses a second file of the same name from another path
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "ganzoo-spark-" + System.getProperty("user.name"));
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            if (!Files.isRegularFile(file)
                    || !Zoo.sha256(Files.readAllBytes(file)).equals(model.sha256())) {
                AtomicFiles.write(file, model.bytes());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot stage the model for the executors in " + dir, e);
        }
        String key = spark.sparkContext().applicationId() + "/" + name;
        synchronized (SHIPPED) {
            if (SHIPPED.add(key)) { // Spark warns when a path is added twice
                spark.sparkContext().addFile(file.toUri().toString());
            }
        }
        return name;
    }

    /** Checks the output folder: absent, empty, or an earlier run of the same arguments; records the arguments. */
    private static void prepare(Store store, RunSpec spec) throws IOException {
        if (store.rootExists() && !store.isFolder()) {
            throw new IllegalArgumentException("--out " + store.uri()
                    + " is a file; expected a folder (new, empty, or an earlier run of the same" + " job)");
        }
        if (store.isFolder() && !store.list().isEmpty()) {
            RunFolder.checkSameRun(store.uri(), SPEC, store.exists(SPEC) ? store.readString(SPEC) : null, spec, "job");
            return;
        }
        store.mkdirs();
        // created exclusively: a second job started in the same empty folder at the same time is refused, as render's
        // lock refuses one (two jobs of other arguments would otherwise both "succeed", the folder holding one of them)
        if (!store.createNew(SPEC, GSON.toJson(spec).getBytes(StandardCharsets.UTF_8))) {
            prepare(store, spec); // the other job's spec: the same arguments go on together, others are refused
        }
    }

    /**
     * The failure of a job, as the cli would report it: a task's model or file failure keeps its kind (and so its
     * exit code), with the first line of Spark's account of the task after it; anything else is returned as an
     * unchecked failure of the job (exit code 70).
     */
    private static RuntimeException failure(Exception e) throws ModelException, IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ModelException m) {
                throw new ModelException(
                        m.reason(), "a render task failed: " + m.getMessage() + " (" + head(e) + ")", e);
            }
            if (t instanceof IOException io) {
                throw new IOException("a render task failed: " + io.getMessage() + " (" + head(e) + ")", e);
            }
        }
        return e instanceof RuntimeException re ? re : new JobFailedException("the Spark job failed: " + head(e), e);
    }

    /** A job that failed for a reason other than a model or a file (an executor lost too often, out of memory). */
    static final class JobFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String head(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static List<Integer> shardList(Plan plan) {
        return IntStream.range(0, plan.shards()).boxed().toList();
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** Prints the job's progress: images in finished shards, a plain line every 10 s. */
    private static final class ProgressListener extends SparkListener {
        private final String group;
        private final Plan plan;
        private final Progress progress;
        private final Set<Integer> stages = new HashSet<>();
        private long done;

        ProgressListener(String group, Plan plan, PrintWriter out) {
            this.group = group;
            this.plan = plan;
            this.progress = new Progress(out, "images", 0, plan.count(), false, 10);
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
            if (submitted.properties() != null
                    && group.equals(submitted.properties().getProperty("spark.jobGroup.id"))) {
                stages.add(submitted.stageInfo().stageId());
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (stages.contains(end.stageId()) && end.taskInfo().successful()) {
                int shard = end.taskInfo().index();
                done += plan.end(shard) - plan.first(shard);
                progress.update(done, null);
            }
        }
    }
}
