package io.ganzoo.render;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.NonFiniteOutputException;
import io.ganzoo.sdk.Picture;
import io.ganzoo.sdk.Provenance;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.IoErrors;
import io.ganzoo.zoo.ModelException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Renders images {@code [first, end)} of a run into a {@link Sink}, resumably: image k is a function of (model, seed,
 * k, label) only, each unit is in place before its manifest lines are forced to disk, and a re-run of the same
 * command verifies what the manifest lists and continues after it. Generation and encoding overlap: a producer
 * thread runs the model while this thread encodes and writes, with at most two units in flight.
 */
public final class Renderer {
    static final String SPEC = "render.json";
    static final String SUMMARY = "summary.json";
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /**
     * Told how far a run is, from its start (the images a resumed run kept) to its end, after every batch written.
     */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param done  images of the run's range complete (kept from before, or written)
         * @param total images in the run's range
         */
        void update(long done, long total);
    }

    /**
     * Everything that decides the output (not batch size or threads, which do not change a pixel).
     *
     * @param labels the classes image k cycles through ({@code labels[k mod labels.length]}); empty: all the model's
     *               classes in turn (k mod classes) for a conditional model
     */
    public record Spec(
            String model,
            String modelSha256,
            long seed,
            long count,
            String format,
            List<Integer> labels,
            int shard,
            int shards,
            int perTar)
            implements RunFolder.Record {
        /** The arguments in words, e.g. "fashion-dcgan@1.0.1, seed 7, 1000 images, png, shard 0/1". */
        @Override
        public String describe() {
            return describe(model, seed, count, format, labels) + ", shard " + shard + "/" + shards
                    + (perTar > 0 ? ", " + perTar + " per tar" : "");
        }

        /**
         * What decides the pixels of a run, in words ("fashion-dcgan@1.0.1, seed 7, 1000 images, png, labels [1]"):
         * the start of every render's description, this spec's and a distributed render's.
         */
        public static String describe(String model, long seed, long count, String format, List<Integer> labels) {
            return model + ", seed " + seed + ", " + count + " images, " + format
                    + (labels.isEmpty() ? "" : ", labels " + labels);
        }

        /** First index of this shard: floor(count * shard / shards), without overflow for any count. */
        public long first() {
            return boundary(shard);
        }

        /** One past the last index of this shard. */
        public long end() {
            return boundary(shard + 1);
        }

        /** floor(count * i / shards) for 0 <= i <= shards, computed so that no product overflows a long. */
        private long boundary(long i) {
            return count / shards * i + count % shards * i / shards;
        }
    }

    /**
     * Shard {@code index} of {@code of} of a run: images {@code [floor(count x index / of), floor(count x (index + 1)
     * / of))} ({@link Spec#first}, {@link Spec#end}).
     */
    public record Shard(int index, int of) {
        /**
         * Reads {@code i/k} with {@code 0 <= i < k} (ASCII digits; blanks around them ignored).
         *
         * @throws IllegalArgumentException naming what was expected and what was found
         */
        public static Shard parse(String text) {
            String[] parts = text.split("/");
            int i;
            int k;
            try {
                i = io.ganzoo.zoo.Decimal.parseInt(parts[0].trim());
                k = io.ganzoo.zoo.Decimal.parseInt(parts[1].trim());
            } catch (RuntimeException e) {
                boolean tooLarge = parts.length == 2
                        && io.ganzoo.zoo.Decimal.isWhole(parts[0].trim())
                        && io.ganzoo.zoo.Decimal.isWhole(parts[1].trim());
                throw new IllegalArgumentException(
                        "--shard: expected i/k with 0 <= i < k, e.g. 0/4, found '" + text + "'"
                                + (tooLarge ? " (i and k are at most " + Integer.MAX_VALUE + ")" : ""),
                        e);
            }
            if (parts.length != 2 || k < 1 || i < 0 || i >= k) {
                throw new IllegalArgumentException(
                        "--shard: expected i/k with 0 <= i < k, e.g. 0/4, found '" + text + "'");
            }
            return new Shard(i, k);
        }
    }

    /**
     * The spec of shard {@code shard} of a run of {@code count} images of {@code g} (the SHA-256 of the bytes it was
     * loaded from) in {@code format}.
     *
     * @param labels the classes image k cycles through, as {@link #labels(Generator, String)} reads them
     * @param perTar images per archive, for formats that pack them ({@link OutputFormat#packs})
     * @throws IllegalArgumentException when the shard holds no image (more shards than images), saying what to use
     */
    public static Spec spec(
            Generator g, long seed, long count, OutputFormat format, List<Integer> labels, Shard shard, int perTar) {
        Spec s = new Spec(
                g.source(),
                g.sha256(),
                seed,
                count,
                format.name(),
                labels,
                shard.index(),
                shard.of(),
                format.packs() ? perTar : 0);
        if (s.end() - s.first() <= 0) {
            throw new IllegalArgumentException("--shard " + shard.index() + "/" + shard.of() + " of " + count
                    + " images is empty: " + count + (count == 1 ? " image splits" : " images split") + " into at"
                    + " most " + count + " non-empty shards; use --shard i/" + Math.min(shard.of(), count)
                    + " or more images");
        }
        return s;
    }

    /**
     * The classes of a comma-separated list of class names or indices ({@link Generator#label}), in order; empty
     * for {@code null}.
     *
     * @throws IllegalArgumentException listing the model's classes for one it does not have
     */
    public static List<Integer> labels(Generator g, String list) {
        return list == null ? new ArrayList<>() : labels(g, Arrays.asList(list.split(",", -1)), list);
    }

    /**
     * The classes of class names or indices ({@link Generator#label}), in order; empty for an empty list.
     *
     * @throws IllegalArgumentException for an empty name, or listing the model's classes for one it does not have
     */
    public static List<Integer> labels(Generator g, List<String> names) {
        return labels(g, names, String.join(",", names));
    }

    private static List<Integer> labels(Generator g, List<String> names, String given) {
        List<Integer> labels = new ArrayList<>();
        for (String c : names) {
            if (c.trim().isEmpty()) { // "," rendered every class, "Dress," was taken as Dress (attack pass)
                throw new IllegalArgumentException("--label: expected class names or indices separated by commas,"
                        + " found an empty one in '" + given + "'");
            }
            labels.add(g.label(c));
        }
        return labels;
    }

    /** What a finished run reports. */
    public record Summary(
            String model,
            String modelSha256,
            Spec spec,
            long images,
            long resumedFrom,
            double seconds,
            double imagesPerSecond,
            long bytesWritten,
            String device,
            String cpuFallbackReason) {}

    private Renderer() {}

    /** The lock file a render holds in its output folder while it runs. */
    static final String LOCK = ".render.lock";

    /** The exclusive hold of a render on its output folder; close it when the run has ended. */
    public interface Hold extends AutoCloseable {
        @Override
        void close() throws IOException;

        /**
         * Ends a run that failed (the hold is closed). When the folder was new or empty and the run completed no image,
         * everything the run made in it is removed, and the folder itself when the run made it, so a run that fails
         * before its first image leaves nothing behind; otherwise the complete images and the manifest stay, to
         * resume. What cannot be removed is added to {@code failure} as suppressed.
         */
        void abandon(Throwable failure);
    }

    /**
     * Takes the output folder for this process alone ({@link #LOCK}, held with {@link FileChannel#tryLock()}, which
     * the operating system releases if the process dies), then checks it: empty, absent, or a resumable run of the
     * same spec, with room on its disk for the estimated output.
     *
     * @throws IllegalArgumentException when another render holds the folder, or it cannot be used for this run
     */
    public static Hold prepare(Path out, Spec spec, long estimatedBytes) throws IOException {
        if (out.toString().isEmpty()) { // it was taken for the working folder (re-test)
            throw new IllegalArgumentException("--out: expected a folder name, found ''");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; expected a folder (new, empty, or an"
                    + " interrupted run of the same command)");
        }
        String dangling = IoErrors.danglingLink(out); // "already exists" when the folder was made
        if (dangling != null) {
            throw new IllegalArgumentException("--out " + out + ": " + dangling
                    + "; give a folder (new, empty, or an interrupted run of the same command)");
        }
        Path inTheWay = IoErrors.fileInTheWay(out);
        if (inTheWay != null) {
            throw new IllegalArgumentException("--out " + out + ": " + inTheWay + " is a file, not a folder; expected a"
                    + " folder (new, empty, or an interrupted run of the same command)");
        }
        Path existing = out.toAbsolutePath();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        long usable = Files.getFileStore(existing).getUsableSpace();
        long images = Math.max(1, spec.end() - spec.first());
        long done = Files.isDirectory(out) ? Math.min(images, Manifest.count(out.resolve(Manifest.FILE))) : 0;
        long needed = (long) (estimatedBytes * ((images - done) / (double) images));
        if (usable == 0 && needed > 0) {
            // no space left, or a place that takes no files at all (/sys, /proc, a read-only mount): an I/O failure
            // like sample's (exit 4) when the folder cannot be made, else a disk to free (it said "no space or not
            // writable", exit 2, for both)
            try {
                Files.delete(Files.createTempDirectory(existing, ".ganzoo-probe-"));
            } catch (IOException e) {
                throw new IOException(
                        "cannot write into " + out + ": " + existing + " takes no new files (" + IoErrors.reason(e)
                                + "); choose a folder you can write to",
                        e);
            }
            throw new IllegalArgumentException("--out " + out + ": its file system (" + existing + ") has no space"
                    + " left; free some, or choose a folder on another disk");
        }
        if (needed > usable) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "not enough disk space for %s: the %s needs about %s, %s free",
                    out,
                    done > 0 ? "rest of the run" : "output",
                    bytes(needed),
                    bytes(usable)));
        }
        for (Path p = out.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SPEC))
                    && (Files.exists(p.resolve(Manifest.FILE)) || Files.exists(p.resolve(LOCK)))) {
                // its files would be read as the outer run's (an image folder's class, a stray tar; attack pass)
                throw new IllegalArgumentException("--out " + out + " is inside the folder of another render (" + p
                        + " holds its " + SPEC + "); choose a folder outside it");
            }
        }
        if (Files.isSymbolicLink(out.resolve(LOCK))) { // the lock followed it to whatever it named (attack pass)
            throw new IllegalArgumentException("--out " + out + ": its " + LOCK + " is a symbolic link, not render's"
                    + " lock file; remove it, or choose another folder");
        }
        boolean madeFolder = !Files.exists(out);
        boolean madeLock = !Files.exists(out.resolve(LOCK));
        Files.createDirectories(out);
        FileChannel lockChannel =
                FileChannel.open(out.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IllegalArgumentException(
                    "--out " + out + ": another render is writing into this folder (it holds " + out.resolve(LOCK)
                            + "); wait for it to finish, or choose another folder");
        }
        boolean fresh;
        try {
            fresh = check(out, spec);
        } catch (IOException | RuntimeException e) {
            lockChannel.close(); // releases the lock
            // a refused run leaves nothing it made (docs/render.md: nothing is created before these checks)
            try {
                if (madeLock) {
                    Files.deleteIfExists(out.resolve(LOCK));
                }
                if (madeFolder) {
                    Files.deleteIfExists(out); // only when empty: it is ours
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new Hold() {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    lockChannel.close();
                }
            }

            @Override
            public void abandon(Throwable failure) {
                try {
                    if (fresh && Manifest.count(out.resolve(Manifest.FILE)) == 0) {
                        // the folder held nothing before this run, so all in it but the lock is the run's own
                        // render.json last: a cleanup cut short (a JVM stopping) leaves a folder the same command
                        // resumes, never one it refuses as "not empty and holds no render.json" (attack re-test)
                        try (var files = Files.walk(out)) {
                            for (Path p : files.sorted(java.util.Comparator.reverseOrder())
                                    .toList()) {
                                if (!p.equals(out) && !p.equals(out.resolve(LOCK)) && !p.equals(out.resolve(SPEC))) {
                                    Files.deleteIfExists(p);
                                }
                            }
                        }
                        Files.deleteIfExists(out.resolve(SPEC));
                        close();
                        if (madeLock) {
                            Files.deleteIfExists(out.resolve(LOCK));
                        }
                        if (madeFolder) {
                            Files.deleteIfExists(out);
                        }
                    }
                } catch (IOException | RuntimeException cleanup) {
                    failure.addSuppressed(cleanup);
                } finally {
                    try {
                        close();
                    } catch (IOException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
        };
    }

    /**
     * Checks that {@code out} (held) is empty or a run of {@code spec}, and records the spec in it.
     *
     * @return whether the folder was empty (a new run), not a run to resume
     */
    private static boolean check(Path out, Spec spec) throws IOException {
        Path specFile = out.resolve(SPEC);
        boolean empty;
        try (var s = Files.list(out)) {
            empty = s.allMatch(p -> p.getFileName().toString().equals(LOCK));
        }
        if (!empty) {
            RunFolder.checkSameRun(
                    out.toString(),
                    SPEC,
                    Files.exists(specFile) ? Files.readString(specFile, StandardCharsets.UTF_8) : null,
                    spec,
                    "render");
        }
        AtomicFiles.write(specFile, GSON.toJson(spec).getBytes(StandardCharsets.UTF_8));
        return empty;
    }

    /** Held while a batch is written and listed; see {@link #quiesce}. */
    private static final java.util.concurrent.locks.ReentrantLock WRITING =
            new java.util.concurrent.locks.ReentrantLock();

    /**
     * For a JVM that is stopping (a shutdown hook): waits up to {@code millis} for the batch being written to be in
     * place and listed in the manifest, and keeps every later batch from starting, so that what the manifest lists is
     * exactly what is on disk and no temporary file is left mid-write (re-test: SIGTERM during a PNG render left a
     * 0-byte {@code .part}, and the "kept" count said one batch fewer than the manifest then listed).
     *
     * @return whether no batch is being written now
     */
    public static boolean quiesce(long millis) {
        try {
            return WRITING.tryLock(millis, java.util.concurrent.TimeUnit.MILLISECONDS); // never released
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Image {@code index} of a run as its PNG, the one definition every writer uses (the png and wds sinks, Spark's
     * rows): the pixels with their provenance (model, its SHA-256, seed, number, class, synthetic marker; issue 26).
     *
     * @param pixels interleaved 8-bit samples of one image
     * @param label  its class, -1 for an unconditional model
     */
    public static byte[] png(Generator g, Spec spec, byte[] pixels, long index, int label) {
        ModelMetadata md = g.metadata();
        return Picture.of(pixels, md.width(), md.height(), md.channels())
                .withText(Provenance.of(g)
                        .seed(spec.seed())
                        .images(index, 1)
                        .labels(label < 0 ? null : g.classes().get(label))
                        .text())
                .toPng();
    }

    /**
     * The model to render into {@code out}: {@code model}, or, when it is a zoo name without a version and {@code out}
     * holds a run of that name, the {@code name@version} the run records (so resuming never switches to a newer
     * version).
     */
    public static String recordedVersionOf(Path out, String model) {
        Path specFile = out.resolve(SPEC);
        if (model.contains("@") || Generator.namesFile(model) || !Files.isRegularFile(specFile)) {
            return model;
        }
        try {
            Spec old = GSON.fromJson(Files.readString(specFile, StandardCharsets.UTF_8), Spec.class);
            String recorded = old == null ? null : old.model();
            return recorded != null && recorded.startsWith(model.trim() + "@") ? recorded : model;
        } catch (IOException | RuntimeException e) {
            return model; // the check of the folder says what is wrong with it
        }
    }

    /**
     * A whole render: checks that {@code format} can hold the run, takes and checks {@code out} ({@link #prepare}: the
     * lock, the "empty or the same arguments" rule, the disk space {@link OutputFormat#bytesPerImage} estimates),
     * renders or resumes the run into it ({@link #run}) and releases it; a run that fails before its first image
     * leaves nothing it made ({@link Hold#abandon}).
     *
     * @param batch    images per model call (a PNG unit is at least 64); never changes a pixel
     * @param log      where notices go, or {@code null}
     * @param progress told after each batch, or {@code null}
     * @throws IllegalArgumentException when the folder or the format refuses the run, before anything is written
     * @throws IOException              when a file cannot be written (the message says what is kept)
     * @throws ModelException           when the model fails (what is complete is kept)
     */
    public static Summary render(
            Generator g,
            Spec spec,
            OutputFormat format,
            Path out,
            int batch,
            PrintWriter log,
            ProgressListener progress)
            throws IOException, ModelException {
        long n = spec.end() - spec.first();
        format.check(n); // before anything is created in out
        long perImage = Math.max(1, format.bytesPerImage(g.metadata()));
        long bytes = n > Long.MAX_VALUE / perImage ? Long.MAX_VALUE : n * perImage; // never wraps negative
        try (Hold hold = prepare(out, spec, bytes)) {
            try {
                Sink sink = format.sink(g, spec, spec.first(), spec.end(), out, Math.max(batch, 64));
                return run(g, spec, out, sink, batch, log, progress);
            } catch (IOException | ModelException | RuntimeException | Error e) {
                hold.abandon(e); // a run that failed before its first image leaves nothing behind
                throw e;
            }
        }
    }

    /**
     * Renders (or resumes) a run into a folder {@link #prepare} holds; see the class comment.
     *
     * @param sink     where the images go ({@link OutputFormat#sink})
     * @param batch    images per model call; never changes a pixel
     * @param log      where notices go (images found damaged, the count resumed), or {@code null}
     * @param progress told after each batch, or {@code null}
     */
    public static Summary run(
            Generator g, Spec spec, Path out, Sink sink, int batch, PrintWriter log, ProgressListener progress)
            throws IOException, ModelException {
        long first = spec.first();
        long end = spec.end();
        int unit = sink.unit();
        // Resume: keep the verified units the manifest lists, in order, up to the first gap or damaged one.
        // The manifest is read a unit at a time: memory is one unit, whatever the run's length.
        long next = first;
        long keepBytes = 0;
        try (Manifest.Reader listed = Manifest.Reader.open(out)) {
            while (next < end) {
                int m = (int) Math.min(unit, end - next);
                List<Manifest.Entry> u = new ArrayList<>(m);
                for (Manifest.Entry e; u.size() < m && (e = listed.next()) != null; ) {
                    if (e.index() < first || e.index() >= end) {
                        // a folder joined from several shards, run again with one shard's arguments: resuming would
                        // cut the other shards' lines from the manifest (attack pass)
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT,
                                "--out %s: its %s lists image %d, outside this run's images %d..%d (a folder joined"
                                        + " from several shards?); resume each shard in a folder of its own, or choose"
                                        + " a new folder",
                                out,
                                Manifest.FILE,
                                e.index(),
                                first,
                                end - 1));
                    }
                    u.add(e);
                }
                if (u.size() < m) {
                    break;
                }
                if (u.get(0).index() != next || u.get(m - 1).index() != next + m - 1 || !sink.verify(u)) {
                    if (log != null) {
                        log.printf(
                                "images %d..%d listed in the manifest are missing or damaged; rendering again from"
                                        + " image %d%n",
                                next, next + m - 1, next);
                    }
                    break;
                }
                keepBytes = listed.bytes();
                next += m;
            }
        }
        long resumedFrom = next;
        if (next > first && log != null) {
            log.printf("resuming: %,d images already rendered and verified%n", next - first);
        }
        long t0 = System.nanoTime();
        if (progress != null) {
            progress.update(next - first, end - first);
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
        final long startAt = next;
        Thread producer = new Thread(
                () -> {
                    try {
                        long k = startAt;
                        while (k < end) {
                            // batches never cross a unit boundary, so a unit completes with one of them
                            long unitEnd = Math.min(end, first + ((k - first) / unit + 1) * unit);
                            int m = (int) Math.min(batch, unitEnd - k);
                            queue.put(generate(g, spec, k, m));
                            k += m;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ModelException | RuntimeException | Error e) {
                        // every failure reaches the writer, which rethrows it; an OutOfMemoryError here, uncaught, left
                        // the writer waiting on the queue for ever
                        try {
                            queue.put(e);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "ganzoo-render-generate");
        producer.setDaemon(true);
        producer.start();
        try (Manifest manifest = Manifest.open(out, keepBytes)) {
            while (next < end) {
                Object item = queue.take();
                if (item instanceof ModelException e) {
                    long listed = Manifest.count(out.resolve(Manifest.FILE));
                    if (listed == 0) { // nothing is kept (a WebDataset tar lists its images when it is complete)
                        throw e;
                    }
                    // what is complete is kept, and said (the disk-full message says it; this one did not)
                    throw new ModelException(
                            e.reason(),
                            e.getMessage()
                                    + String.format(
                                            Locale.ROOT,
                                            " The %,d images listed in %s before it are complete and kept.",
                                            listed,
                                            out.resolve(Manifest.FILE)),
                            e);
                }
                if (item instanceof RuntimeException e) {
                    throw e;
                }
                if (item instanceof Error e) {
                    throw e;
                }
                Batch b = (Batch) item;
                WRITING.lock(); // held by a stopping JVM's shutdown hook for good: no batch starts after it
                try {
                    manifest.append(sink.write(b.first, b.pixels, b.labels));
                } finally {
                    WRITING.unlock();
                }
                next += b.pixels.size();
                if (progress != null) {
                    progress.update(next - first, end - first);
                }
            }
            sink.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw writeError(out, Manifest.count(out.resolve(Manifest.FILE)), e);
        } finally {
            // an ordered stop: the generator is closed by the caller only after its last batch has returned
            producer.interrupt();
            try {
                producer.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long bytes;
        try (var files = Files.walk(out)) {
            bytes = files.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
        Summary s = new Summary(
                g.source(),
                spec.modelSha256(),
                spec,
                end - first,
                resumedFrom - first,
                seconds,
                (end - resumedFrom) / Math.max(1e-9, seconds),
                bytes,
                g.device().toString(),
                g.cpuFallbackReason());
        if (resumedFrom < end || !Files.exists(out.resolve(SUMMARY))) { // a finished run run again keeps its summary
            AtomicFiles.write(out.resolve(SUMMARY), GSON.toJson(s).getBytes(StandardCharsets.UTF_8));
        }
        return s;
    }

    /**
     * A write failure that names where it happened and what is kept: the sinks' own exceptions (a full disk's
     * "No space left on device") often name no file.
     */
    /** A size for people: bytes, KB or MB (a small run's need was "about 0 MB, 0 MB are free"). */
    static String bytes(long n) {
        return n < 1 << 10
                ? n + " bytes"
                : n < 1 << 20
                        ? String.format(Locale.ROOT, "%,d KB", n >> 10)
                        : String.format(Locale.ROOT, "%,d MB", n >> 20);
    }

    static IOException writeError(Path out, long done, IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : out.toString();
        if (file.endsWith(".part")) { // the final name, and the temporary one it is written under
            file = file.substring(0, file.length() - 5) + " (written as "
                    + Paths.get(file).getFileName() + ")";
        }
        String why = IoErrors.reason(e);
        boolean full = why.contains("No space left");
        IOException x = new IOException("cannot write " + file + ": " + why + ". "
                + (done == 0
                        // nothing was complete (a run that kept nothing is removed): no resume to speak of (attack)
                        ? "No image was complete; " + (full ? "free disk space, then" : "fix that, then")
                                + " run the same command again."
                        : "The " + String.format(Locale.ROOT, "%,d", done) + " images listed in "
                                + out.resolve(Manifest.FILE) + " are complete and kept; "
                                + (full ? "free disk space, then" : "fix that, then")
                                + " run the same command again to resume."));
        x.initCause(e);
        return x;
    }

    /**
     * Images {@code [first, first + pixels.size())} of a run: each image's interleaved 8-bit pixels, and each one's
     * label ({@code null} for an unconditional model).
     */
    public record Batch(long first, List<byte[]> pixels, int[] labels) {}

    /**
     * Images {@code [k, k + m)} of the run: latent vector i of the seed and its label, for every i. This is the one
     * definition of image k, for {@link #run} and for distributed renders alike.
     */
    public static Batch generate(Generator g, Spec spec, long k, int m) throws ModelException {
        Latents z = Latents.sample(
                m, g.metadata().latentSize(), spec.seed(), g.metadata().latentPrior(), k);
        int[] labels = labels(g, spec, k, m);
        Images im;
        try {
            im = labels == null ? g.generate(z) : g.generate(z, labels);
        } catch (NonFiniteOutputException e) {
            // named as the run numbers them; nothing of this batch reaches a sink
            throw e.numberedFrom(k, g.source() + " (seed " + spec.seed() + ")");
        }
        List<byte[]> px = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            px.add(im.bytes(i));
        }
        return new Batch(k, px, labels);
    }

    /** Labels of images {@code [k, k + m)}: the given classes in turn, or all classes in turn; null when unconditional. */
    static int[] labels(Generator g, Spec spec, long k, int m) {
        if (!g.isConditional()) {
            return null;
        }
        List<Integer> asked = spec.labels();
        int[] l = Generator.labelsInTurn(k, m, asked.isEmpty() ? g.classes().size() : asked.size());
        if (!asked.isEmpty()) {
            for (int i = 0; i < m; i++) {
                l[i] = asked.get(l[i]);
            }
        }
        return l;
    }
}
