package io.ganzoo.spark;

import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ganzoo.spark.Outputs.assertSameTars;
import static io.ganzoo.spark.Outputs.cliRender;
import static io.ganzoo.spark.Outputs.files;
import static io.ganzoo.spark.Outputs.find;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retried, duplicated and cancelled tasks: whatever dies when, the output ends as one complete copy of every shard,
 * equal to the cli's, with no temporary files and no index listed twice.
 */
class SparkFailuresTest {
    @TempDir
    static Path dir;

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    @AfterEach
    void resetFileSystem() {
        FaultyFileSystem.reset();
    }

    static SparkRender.Request.Builder request(long n) {
        return SparkRender.Request.builder()
                .setModel("fashion-dcgan")
                .setCount(n)
                .optSeed(9);
    }

    @Test
    void retriedTasksLeaveOneCopyOfEachShard() throws Exception {
        Path cli = cliRender(
                dir.resolve("cli-retry"),
                "fashion-dcgan",
                "-n",
                "3000",
                "--seed",
                "9",
                "--format",
                "wds",
                "--per-tar",
                "500");
        Path out = dir.resolve("spark-retry");
        FaultyFileSystem.hdfsRename = true; // a retry finds its tar in place and must replace it as HDFS allows
        // shard 1 fails after its tar is in place, before its manifest part; shard 3 as its tar is being committed
        FaultyFileSystem.failOnce.add("part-000000500.jsonl");
        FaultyFileSystem.failOnce.add("shard-000001500.tar");
        AtomicInteger failedAttempts = new AtomicInteger();
        SparkListener count = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failedAttempts.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(count);
        try {
            SparkRender.render(spark, request(3000).optPerShard(500).build(), "faulty:" + out);
        } finally {
            spark.sparkContext().removeSparkListener(count);
        }
        assertEquals(2, FaultyFileSystem.failed.size(), "both injected failures happened");
        assertEquals(2, failedAttempts.get(), "Spark retried the two tasks");
        assertSameTars(cli, out);
        assertEquals(6, files(out.resolve("_manifest"), ".jsonl").size());
        assertFalse(Files.exists(out.resolve("_temporary")), "no temporary file left");
        Outputs.manifest(out); // fails on an index listed twice
    }

    @Test
    void twoAttemptsCommittingAtOnceLeaveOneCompleteShard() throws Exception {
        Path cli = cliRender(dir.resolve("cli-twice"), "fashion-dcgan", "-n", "800", "--seed", "9", "--format", "wds");
        Path out = dir.resolve("spark-twice");
        SparkRender.Request r = request(800).build();
        Plan plan = SparkRender.plan(spark, r, SparkRender.resolve(r));
        Store store = Store.open("faulty:" + out, spark.sparkContext().hadoopConfiguration());
        // What speculative execution does: a second attempt of the same task, both renaming their tar at once, on a
        // file system whose rename does not replace (HDFS)
        FaultyFileSystem.hdfsRename = true;
        FaultyFileSystem.barrierTarget = "shard-000000000.tar";
        FaultyFileSystem.renameBarrier = new CyclicBarrier(2, () -> FaultyFileSystem.renameBarrier = null); // once
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<ShardTask.Report>> attempts = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                attempts.add(threads.submit(() -> new ShardTask(plan, store.uri(), null).run(0, store)));
            }
            for (Future<ShardTask.Report> a : attempts) {
                assertFalse(a.get(60, TimeUnit.SECONDS).kept());
            }
        } finally {
            threads.shutdownNow();
        }
        assertArrayEquals(
                Files.readAllBytes(cli.resolve("shard-000000000.tar")),
                Files.readAllBytes(out.resolve("shard-000000000.tar")));
        assertEquals(List.of(out.resolve("shard-000000000.tar")), find(out, ".tar"), "one tar, no temporary copy");
        assertEquals(List.of(), find(out.resolve("_temporary"), ""), "both attempts cleaned up");
    }

    private static int running() {
        int n = 0;
        for (SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
            n += e.numRunningTasks();
        }
        return n;
    }

    @Test
    void aCancelledJobRunAgainCompletesWithoutDuplicates() throws Exception {
        long n = 24_000;
        Path cli = cliRender(
                dir.resolve("cli-cancel"),
                "fashion-dcgan",
                "-n",
                Long.toString(n),
                "--seed",
                "9",
                "--format",
                "wds",
                "--per-tar",
                "500");
        Path out = dir.resolve("spark-cancel");
        AtomicInteger done = new AtomicInteger();
        SparkListener cancelAfterFour = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().successful() && done.incrementAndGet() == 4) {
                    spark.sparkContext().cancelAllJobs();
                }
            }
        };
        spark.sparkContext().addSparkListener(cancelAfterFour);
        try {
            RuntimeException e = assertThrows(
                    RuntimeException.class,
                    () -> SparkRender.render(spark, request(n).optPerShard(500).build(), out.toString()));
            assertTrue(e.getMessage().contains("cancel"), e.getMessage());
        } finally {
            spark.sparkContext().removeSparkListener(cancelAfterFour);
        }
        // the job ends at once; its tasks end when they see the kill (at their next batch)
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running() > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals(0, running());
        List<Path> parts = find(out.resolve("_manifest"), ".jsonl");
        int complete = parts.size();
        assertTrue(complete >= 4 && complete < 48, complete + " shards were complete when the job was cancelled");
        assertFalse(Files.exists(out.resolve("manifest.jsonl")), "no joined manifest for a run that did not end");

        // What a kill can leave besides: a tar in place whose manifest part was never written, a damaged tar, a
        // temporary file of a task that died while writing.
        Path firstPart = parts.stream().sorted().findFirst().orElseThrow();
        Files.delete(firstPart); // its tar stays
        Path tar = out.resolve("shard-"
                + parts.stream()
                        .sorted()
                        .toList()
                        .get(1)
                        .getFileName()
                        .toString()
                        .replace("part-", "")
                        .replace(".jsonl", ".tar"));
        byte[] bytes = Files.readAllBytes(tar);
        bytes[2000] ^= 1;
        Files.write(tar, bytes);
        Files.createDirectories(out.resolve("_temporary"));
        Files.write(out.resolve("_temporary/shard-000023500.tar.0d5e"), new byte[] {1, 2, 3});

        SparkRender.Summary s =
                SparkRender.render(spark, request(n).optPerShard(500).build(), out.toString());
        assertEquals((complete - 2) * 500L, s.kept(), "the intact shards are kept, the other two rendered again");
        assertSameTars(cli, out);
        assertEquals(List.of(), find(out, ".part"));
        assertFalse(Files.exists(out.resolve("_temporary")));
        assertEquals(n, Outputs.manifest(out).size());
    }
}
