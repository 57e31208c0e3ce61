package io.ganzoo.spark;

import io.ganzoo.render.Manifest;
import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Zoo;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.ganzoo.spark.Outputs.assertSameTars;
import static io.ganzoo.spark.Outputs.cliRender;
import static io.ganzoo.spark.Outputs.files;
import static io.ganzoo.spark.Outputs.manifest;
import static io.ganzoo.spark.Outputs.npyData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job on a local Spark ({@code local[2]}) against {@code ganzoo render} run in this JVM. */
class SparkRenderTest {
    @TempDir
    static Path dir;

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    static SparkRender.Request.Builder request(String model, long n) {
        return SparkRender.Request.builder().setModel(model).setCount(n);
    }

    @Test
    void tarsAndManifestAreTheClisByteForByteAndARerunKeepsThem() throws Exception {
        Path cli = cliRender(dir.resolve("cli-wds"), "fashion-dcgan", "-n", "2500", "--seed", "7", "--format", "wds");
        Path out = dir.resolve("spark-wds");
        SparkRender.Summary s = SparkRender.render(
                spark,
                request("fashion-dcgan", 2500).optSeed(7).optBatchSize(48).build(),
                out.toString());
        assertEquals(3, s.tasks(), "shards of 1000, 1000 and 500");
        assertEquals(0, s.kept());
        assertEquals("fashion-dcgan@1.1.0", s.model());
        assertEquals(Zoo.sha256(Generator.modelBytes("fashion-dcgan")), s.modelSha256());
        assertSameTars(cli, out);
        assertEquals(3, files(out.resolve("_manifest"), ".jsonl").size());
        assertTrue(Files.exists(out.resolve("summary.json")));
        assertTrue(Files.exists(out.resolve("spark-render.json")));
        assertFalse(Files.exists(out.resolve("_temporary")));
        assertEquals(List.of(), Outputs.find(out, ".crc"), "no Hadoop checksum files beside the data");

        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        SparkRender.Summary again = SparkRender.render(
                spark, request("fashion-dcgan", 2500).optSeed(7).build(), out.toString());
        assertEquals(2500, again.kept(), "every shard verified and kept");
        assertSameTars(cli, out);
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")), "a finished run keeps its summary");

        // a manifest part with stray bytes (a power cut) or an entry of another seed is not kept as it is: its shard is
        // rendered again, and the joined manifest.jsonl is the cli's again
        List<Path> parts;
        try (var list = Files.list(out.resolve("_manifest"))) {
            parts = list.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
        Path torn = parts.get(1);
        Files.write(torn, new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        Path reseeded = parts.get(2);
        Files.writeString(reseeded, Files.readString(reseeded).replaceFirst("\"seed\":7", "\"seed\":8"));
        SparkRender.Summary healed = SparkRender.render(
                spark, request("fashion-dcgan", 2500).optSeed(7).build(), out.toString());
        assertEquals(1000, healed.kept(), "only the untouched shard is kept");
        assertArrayEquals(
                Files.readAllBytes(cli.resolve("manifest.jsonl")), Files.readAllBytes(out.resolve("manifest.jsonl")));
    }

    @Test
    void conditionalArraysHoldTheClisPixelsAndLabels() throws Exception {
        Path cli = cliRender(
                dir.resolve("cli-npy"),
                "fashion-cgan",
                "-n",
                "300",
                "--seed",
                "5",
                "--format",
                "npy",
                "--labels",
                "Dress,Sandal");
        Path out = dir.resolve("spark-npy");
        SparkRender.Request r = request("fashion-cgan", 300)
                .optSeed(5)
                .optFormat(io.ganzoo.render.Formats.NPY)
                .optLabels(List.of("Dress", "Sandal"))
                .optPerShard(128)
                .build();
        SparkRender.render(spark, r, out.toString());
        assertEquals(300, SparkRender.render(spark, r, out.toString()).kept(), "run again: all kept");
        Map<String, byte[]> images = files(out, ".npy");
        assertEquals(
                List.of(
                        "images-000000000.npy",
                        "images-000000128.npy",
                        "images-000000256.npy",
                        "labels-000000000.npy",
                        "labels-000000128.npy",
                        "labels-000000256.npy"),
                List.copyOf(images.keySet()));
        assertArrayEquals(
                npyData(Files.readAllBytes(cli.resolve("images.npy"))),
                concat(images, "images-"),
                "the shards' rows, in order, are the cli's array");
        assertArrayEquals(npyData(Files.readAllBytes(cli.resolve("labels.npy"))), concat(images, "labels-"));
        assertEquals(manifest(cli), manifest(out), "the same SHA-256 for every index");
        List<Manifest.Entry> entries = Manifest.parse(Files.readString(out.resolve("manifest.jsonl")));
        assertEquals("images-000000128.npy", entries.get(130).file());
        assertEquals(3, entries.get(130).label(), "image 130 is the first of the two classes, Dress (3)");
    }

    private static byte[] concat(Map<String, byte[]> files, String prefix) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        files.forEach((name, bytes) -> {
            if (name.startsWith(prefix)) {
                b.writeBytes(npyData(bytes));
            }
        });
        return b.toByteArray();
    }

    @Test
    void aModelFileIsShippedToTheExecutorsAndVerified() throws Exception {
        Path model = dir.resolve("my-model.onnx");
        Files.write(model, Generator.modelBytes("fashion-rpgan"));
        Path cli = cliRender(
                dir.resolve("cli-file"), model.toString(), "-n", "700", "--format", "wds", "--per-tar", "300");
        Path out = dir.resolve("spark-file");
        SparkRender.Summary s = SparkRender.render(
                spark,
                request(model.toString(), 700)
                        .optPerShard(300)
                        .optJoinManifest(false)
                        .build(),
                out.toString());
        assertEquals(model.toString(), s.model());
        assertFalse(Files.exists(out.resolve("manifest.jsonl")), "--no-joined-manifest: the parts are the manifest");
        StringBuilder parts = new StringBuilder();
        for (byte[] part : files(out.resolve("_manifest"), ".jsonl").values()) {
            parts.append(new String(part, StandardCharsets.UTF_8));
        }
        Files.writeString(out.resolve("manifest.jsonl"), parts);
        assertSameTars(cli, out);
    }

    @Test
    void anExecutorRefusesAModelWhoseBytesAreNotTheDrivers() throws Exception {
        SparkRender.Request r = request("fashion-wgan", 10).build();
        Plan p = SparkRender.plan(spark, r, SparkRender.resolve(r));
        Plan other = new Plan(
                p.model(),
                "0".repeat(64),
                p.modelFile(),
                p.seed(),
                p.count(),
                p.format(),
                p.labels(),
                p.perShard(),
                p.batchSize(),
                p.threads());
        ModelException e = assertThrows(ModelException.class, () -> ExecutorModel.get(other));
        assertEquals(ModelException.Reason.CHECKSUM, e.reason());
        assertTrue(e.getMessage().contains("expected " + "0".repeat(64)), e.getMessage());
    }

    @Test
    void theDataFrameHoldsTheClisPngs() throws Exception {
        Path cli = cliRender(dir.resolve("cli-df"), "fashion-cgan", "-n", "100", "--seed", "3", "--format", "wds");
        Map<Long, String> expected = manifest(cli);
        List<Row> rows = SparkRender.images(
                        spark,
                        request("fashion-cgan", 100).optSeed(3).optPerShard(30).build())
                .orderBy("index")
                .collectAsList();
        assertEquals(100, rows.size());
        for (Row r : rows) {
            long k = r.getLong(0);
            assertEquals(expected.get(k), Zoo.sha256((byte[]) r.get(3)), "png of image " + k);
            assertEquals((int) (k % 10), r.getInt(1), "all classes in turn");
        }
        assertEquals("Dress", rows.get(13).getString(2));
        assertEquals(
                4,
                SparkRender.images(
                                spark,
                                request("fashion-cgan", 100).optPerShard(30).build())
                        .rdd()
                        .getNumPartitions());
    }

    @Test
    void refusesAFolderOfOtherFilesOrOtherArguments() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SparkRender.render(spark, request("fashion-dcgan", 10).build(), other.toString()));
        assertTrue(e.getMessage().contains("holds no spark-render.json"), e.getMessage());

        Path done = dir.resolve("seed1");
        SparkRender.render(spark, request("fashion-dcgan", 10).optSeed(1).build(), done.toString());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SparkRender.render(
                        spark, request("fashion-dcgan", 10).optSeed(2).build(), done.toString()));
        assertTrue(e.getMessage().contains("seed 1") && e.getMessage().contains("seed 2"), e.getMessage());
    }

    @Test
    void theJobsCommandLineRefusesBadArgumentsBeforeStartingSpark() {
        StringWriter err = new StringWriter();
        assertEquals(
                2, job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("x").toString(), "--format", "png"));
        assertTrue(err.toString().contains("png cannot be rendered across a cluster"), err.toString());
        assertEquals(
                2, job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("x").toString(), "--format", "jpg"));
        assertTrue(err.toString().contains("expected npy or wds, found 'jpg'"), err.toString());
        // more threads than the sdk takes failed every task with a stack trace, after Spark started (attack pass)
        assertEquals(
                2, job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("t").toString(), "--threads", "100000"));
        assertTrue(err.toString().contains("--threads: expected 0"), err.toString());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("t")), "nothing made");
        assertEquals(
                3, job(err, "no-such-model", "-n", "10", "-o", dir.resolve("y").toString()));
        assertEquals(
                2, job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("z").toString(), "--label", "Dress"));
        assertEquals(
                2, job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("z").toString(), "--per-shard", "0"));
        assertTrue(err.toString().contains("--per-shard: expected at least 1"), err.toString());
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.resolve("y")) || Files.exists(dir.resolve("z")));
    }

    /**
     * Issue 25, "Spark master unreachable": {@code --master spark://127.0.0.1:PORT} with no master took 65 s, then
     * exit 2 and ~45 lines of trace. Now: exit 7 and one line naming the master, within the job's own timeout, before
     * Spark starts (so the tests' session is untouched).
     */
    @Test
    void anUnreachableStandaloneMasterIsExit7InOneLine() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        String before = System.getProperty("spark.master");
        System.setProperty("spark.master", "spark://127.0.0.1:" + port);
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code;
        try {
            code = job(err, "fashion-dcgan", "-n", "10", "-o", dir.resolve("m").toString());
        } finally {
            if (before == null) {
                System.clearProperty("spark.master");
            } else {
                System.setProperty("spark.master", before);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(7, code, err.toString());
        assertTrue(seconds < RenderJob.MASTER_TIMEOUT_MS / 1000.0 + 10, seconds + " s");
        assertTrue(
                err.toString()
                        .contains("cannot reach the Spark master spark://127.0.0.1:" + port + ": 127.0.0.1:" + port
                                + " (Connection refused)"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(dir.resolve("m")));
        assertTrue(spark.sparkContext().isStopped() == false, "the tests' session still runs");
    }

    /** Runs the job's command line (only as far as argument errors: a full run would stop the tests' Spark). */
    private static int job(StringWriter err, String... args) {
        CommandLine cl = RenderJob.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }
}
