package io.ganzoo.spark;

import io.ganzoo.render.Manifest;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;
import io.ganzoo.render.Sink;
import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.ModelException;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One task of a render: shard {@code s} of the {@link Plan}, kept when a run before completed it and its files verify,
 * otherwise rendered into a local folder with the cli's sink and committed to the output folder: its data files
 * first, each written whole and renamed into place ({@link Store}), then the SHA-256 of each
 * ({@code _sha256/part-<first>.sha256}, the format of {@code sha256sum}), then its manifest part, which records that
 * the shard is complete. A task killed at any point leaves a shard that is complete or that the next run renders
 * again.
 */
final class ShardTask implements Function<Integer, ShardTask.Report> {
    private static final long serialVersionUID = 1L;

    private final Plan plan;
    private final String out;
    private final Broadcast<SerializableConfiguration> conf;

    ShardTask(Plan plan, String out, Broadcast<SerializableConfiguration> conf) {
        this.plan = plan;
        this.out = out;
        this.conf = conf;
    }

    /**
     * What a task did, for the driver's summary: its shard, whether it was kept from an earlier run, the seconds it
     * took (rendering and committing, or verifying), the bytes it wrote, and where it ran.
     */
    record Report(
            int shard, long first, long end, boolean kept, double seconds, long bytes, String executor, String device)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        long images() {
            return end - first;
        }
    }

    @Override
    public Report call(Integer shard) throws IOException, ModelException {
        return run(shard, Store.open(out, conf.value().value()));
    }

    Report run(int shard, Store store) throws IOException, ModelException {
        long t0 = System.nanoTime();
        if (intact(shard, store)) {
            return report(shard, true, t0, 0, "");
        }
        long first = plan.first(shard);
        long end = plan.end(shard);
        Generator g = ExecutorModel.get(plan);
        Path local = Files.createTempDirectory(localRoot(), "ganzoo-shard-");
        try {
            Renderer.Spec spec = plan.spec();
            OutputFormat format = plan.outputFormat();
            Sink sink = format.sink(g, spec, first, end, local, plan.perShard());
            List<Manifest.Entry> entries = new ArrayList<>((int) (end - first));
            for (long k = first; k < end; ) {
                TaskContext ctx = TaskContext.get();
                if (ctx != null) {
                    ctx.killTaskIfInterrupted(); // the job was cancelled, or another attempt of this task won
                }
                int m = (int) Math.min(plan.batchSize(), end - k);
                Renderer.Batch b = Renderer.generate(g, spec, k, m);
                entries.addAll(sink.write(b.first(), b.pixels(), b.labels()));
                k += m;
            }
            sink.finish();
            long bytes = 0;
            StringBuilder sums = new StringBuilder();
            for (Path f : files(local)) {
                String name = format.publishedName(f.getFileName().toString(), first);
                sums.append(store.upload(f, name)).append("  ").append(name).append('\n');
                bytes += Files.size(f);
            }
            byte[] sha = sums.toString().getBytes(StandardCharsets.UTF_8);
            byte[] part = Manifest.lines(published(format, entries, first)).getBytes(StandardCharsets.UTF_8);
            store.write(plan.checksums(shard), sha);
            store.write(plan.manifestPart(shard), part); // last: the shard is complete once this is in place
            return report(
                    shard,
                    false,
                    t0,
                    bytes + sha.length + part.length,
                    g.device().toString());
        } finally {
            deleteTree(local);
        }
    }

    /**
     * Whether shard {@code shard} is complete from an earlier run: its manifest part lists exactly its images, and
     * every file of the shard has the SHA-256 its checksum file recorded when it was committed (the whole file: tar
     * headers and JSON members too, not only the images the manifest hashes).
     */
    private boolean intact(int shard, Store store) throws IOException {
        String partName = plan.manifestPart(shard);
        if (!store.exists(partName) || !store.exists(plan.checksums(shard))) {
            return false;
        }
        long first = plan.first(shard);
        String part = store.readString(partName);
        List<Manifest.Entry> entries = Manifest.parse(part);
        // the part must be exactly what a task writes for these entries (no torn line, no stray bytes: the joined
        // manifest copies it), and of this run's seed
        if (entries.size() != plan.end(shard) - first || !part.equals(Manifest.lines(entries))) {
            return false;
        }
        for (Manifest.Entry e : entries) {
            if (e.seed() != plan.seed()) {
                return false;
            }
        }
        Map<String, String> sums = new HashMap<>();
        for (String line : store.readString(plan.checksums(shard)).split("\n")) {
            int gap = line.indexOf("  ");
            if (gap != 64) {
                return false;
            }
            sums.put(line.substring(gap + 2), line.substring(0, gap));
        }
        for (int i = 0; i < entries.size(); i++) {
            Manifest.Entry e = entries.get(i);
            int slash = e.file().indexOf('/');
            if (e.index() != first + i
                    || !sums.containsKey(slash < 0 ? e.file() : e.file().substring(0, slash))) {
                return false;
            }
        }
        for (Map.Entry<String, String> f : sums.entrySet()) {
            if (!store.exists(f.getKey()) || !store.sha256(f.getKey()).equals(f.getValue())) {
                return false; // missing or damaged: rendered again
            }
        }
        return true;
    }

    /**
     * The manifest entries with the names their files are published under: an entry naming a file of the task's
     * folder (an array, not a tar member) takes its published name.
     */
    private static List<Manifest.Entry> published(OutputFormat format, List<Manifest.Entry> entries, long first) {
        List<Manifest.Entry> out = new ArrayList<>(entries.size());
        for (Manifest.Entry e : entries) {
            String file = e.file().contains("/") ? e.file() : format.publishedName(e.file(), first);
            out.add(new Manifest.Entry(e.index(), e.seed(), e.label(), file, e.sha256()));
        }
        return out;
    }

    private Report report(int shard, boolean kept, long t0, long bytes, String device) {
        SparkEnv env = SparkEnv.get();
        return new Report(
                shard,
                plan.first(shard),
                plan.end(shard),
                kept,
                (System.nanoTime() - t0) / 1e9,
                bytes,
                env == null ? "none" : env.executorId(),
                device);
    }

    /** Where a task renders before committing: Spark's folder of this executor, else the JVM's temporary folder. */
    private static Path localRoot() {
        try {
            Path p = Paths.get(SparkFiles.getRootDirectory());
            if (Files.isDirectory(p)) {
                return p;
            }
        } catch (RuntimeException e) {
            // no SparkEnv (a task run outside Spark, as in tests)
        }
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover in the executor's scratch folder, which Spark removes with the executor
        }
    }
}
