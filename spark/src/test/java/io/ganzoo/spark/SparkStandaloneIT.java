package io.ganzoo.spark;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ganzoo.spark.Outputs.assertSameTars;
import static io.ganzoo.spark.Outputs.cliRender;
import static io.ganzoo.spark.Outputs.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real cluster manager: Spark's standalone master and two workers (one core each) started from the Spark jars a
 * cluster provides, on 127.0.0.1, each its own JVM as {@code sbin/start-master.sh} and {@code start-worker.sh} start
 * them (through Spark's launcher, {@code bin/spark-class}'s {@code org.apache.spark.launcher.Main}); the job submitted
 * with {@code ./ganzoo-spark --master spark://127.0.0.1:PORT}, its executors launched by the workers in JVMs of their
 * own. One worker is killed (SIGKILL, with its executor's JVM) while the job runs; the job still ends with exit 0 and
 * the data set {@code ganzoo render} writes, byte for byte. Runs after {@code package} (failsafe).
 */
class SparkStandaloneIT {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A Spark home holding the provided Spark jars (linked from the local Maven repository) and a log4j2 configuration
     * at warn, as {@code ./ganzoo-spark} makes one.
     */
    private Path sparkHome() throws IOException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Path classpath = SparkSubmitIT.ROOT.resolve("spark/target/spark-classpath.txt");
        for (String jar : Files.readString(classpath).strip().split(":")) {
            Path j = Path.of(jar);
            Files.createSymbolicLink(home.resolve("jars").resolve(j.getFileName()), j);
        }
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(
                home.resolve("conf/log4j2.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = warn",
                        "rootLogger.appenderRef.stderr.ref = console",
                        "appender.console.type = Console",
                        "appender.console.name = console",
                        "appender.console.target = SYSTEM_ERR",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
                        ""));
        return home;
    }

    /**
     * Starts a Spark daemon class as {@code bin/spark-class CLASS ARGS} does: Spark's launcher prints the java
     * command (its class path, memory and {@code --add-opens} flags) NUL-separated after an empty line.
     */
    private Process daemon(Path home, String name, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> launcher = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-cp",
                home.resolve("jars") + "/*",
                "org.apache.spark.launcher.Main",
                mainClass));
        launcher.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(launcher);
        environment(pb, home);
        Process l = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out;
        try (InputStream in = l.getInputStream()) {
            out = in.readAllBytes();
        }
        assertEquals(0, l.waitFor(), "Spark's launcher for " + mainClass);
        String text = new String(out, StandardCharsets.UTF_8);
        int flag = text.indexOf("\0\n"); // the launcher's mark: what follows is the command
        assertTrue(flag >= 0, "Spark's launcher printed no command: " + text);
        int start = flag + 2;
        List<String> cmd = new ArrayList<>(Arrays.asList(text.substring(start).split("\0")));
        cmd.removeIf(String::isEmpty);
        ProcessBuilder run = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        environment(run, home);
        Process p = run.start();
        started.add(p);
        return p;
    }

    private static void environment(ProcessBuilder pb, Path home) {
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_DAEMON_MEMORY", "256m");
        pb.environment().remove("SPARK_CONF_DIR");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until the log named holds {@code text}, failing with the log when its process ends or time runs out. */
    private void awaitLog(String name, Process p, String text) throws Exception {
        Path log = dir.resolve(name + ".log");
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (!p.isAlive() || System.nanoTime() > until) {
                fail(name + " did not log '" + text + "': " + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aStandaloneClusterRendersTheClisDataSetAndSurvivesAKilledWorker() throws Exception {
        Path home = sparkHome();
        int port = freePort();
        Process master = daemon(
                home,
                "master",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--webui-port",
                Integer.toString(freePort()));
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (!master.isAlive() || System.nanoTime() > until) {
                    fail("master not listening on " + port + ": " + Files.readString(dir.resolve("master.log")));
                }
                Thread.sleep(200);
            }
        }
        String url = "spark://127.0.0.1:" + port;
        Process[] workers = new Process[2];
        for (int w = 0; w < 2; w++) {
            Path work = Files.createDirectories(dir.resolve("work-" + w));
            workers[w] = daemon(
                    home,
                    "worker-" + w,
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "1",
                    "--memory",
                    "1g",
                    "--webui-port",
                    Integer.toString(freePort()),
                    "--work-dir",
                    work.toString(),
                    url);
        }
        // the workers log at warn; the master says when each registers (at info: wait for the socket instead)
        Thread.sleep(1000);

        Path out = dir.resolve("standalone");
        List<String> cmd = new ArrayList<>(List.of(
                SparkSubmitIT.ROOT.resolve("ganzoo-spark").toString(),
                "--master",
                url,
                "--conf",
                "spark.ui.enabled=false",
                "--executor-memory",
                "512m",
                "fashion-dcgan",
                "-n",
                "12000",
                "--seed",
                "5",
                "--per-shard",
                "500",
                "-o",
                out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("driver.out").toFile())
                .redirectError(dir.resolve("driver.err").toFile());
        pb.environment().put("GANZOO_SPARK_NO_BUILD", "1");
        pb.environment().remove("SPARK_HOME");
        Process driver = pb.start();
        started.add(driver);

        // both workers run an executor, and some shards are complete: kill the second worker with its executor
        until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!(executors(workers[0]) > 0
                && executors(workers[1]) > 0
                && find(out.resolve("_manifest"), ".jsonl").size() >= 2)) {
            if (!driver.isAlive() || System.nanoTime() > until) {
                fail("the job did not get going on both workers: " + Files.readString(dir.resolve("driver.err"))
                        + "\nworker 0: " + Files.readString(dir.resolve("worker-0.log"))
                        + "\nworker 1: " + Files.readString(dir.resolve("worker-1.log")));
            }
            Thread.sleep(50);
        }
        int completeAtKill = find(out.resolve("_manifest"), ".jsonl").size();
        workers[1].descendants().forEach(ProcessHandle::destroyForcibly);
        workers[1].destroyForcibly();
        assertTrue(workers[1].waitFor(1, TimeUnit.MINUTES));

        assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the job did not end after a worker was killed");
        String err = Files.readString(dir.resolve("driver.err"));
        assertEquals(0, driver.exitValue(), err);
        assertTrue(err.contains("Lost executor"), "the driver saw the worker go: " + err);
        assertTrue(completeAtKill < 24, completeAtKill + " of 24 shards were complete when the worker was killed");
        String said = Files.readString(dir.resolve("driver.out"));
        assertTrue(said.contains("rendered 12,000 images of fashion-dcgan@"), said);
        var summary = JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                .getAsJsonObject();
        assertEquals(url, summary.get("master").getAsString());

        Path cli = cliRender(
                dir.resolve("cli"),
                "fashion-dcgan",
                "-n",
                "12000",
                "--seed",
                "5",
                "--format",
                "wds",
                "--per-tar",
                "500");
        assertSameTars(cli, out);
        assertEquals(12000, Outputs.manifest(out).size());
        assertEquals(List.of(), find(out.resolve("_temporary"), ""));
    }

    /** How many executor JVMs a worker has launched and still runs. */
    private static long executors(Process worker) {
        return worker.descendants()
                .filter(h -> h.info()
                        .commandLine()
                        .orElse("")
                        .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                .count();
    }
}
