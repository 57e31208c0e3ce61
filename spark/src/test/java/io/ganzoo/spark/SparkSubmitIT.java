package io.ganzoo.spark;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ganzoo.spark.Outputs.assertSameTars;
import static io.ganzoo.spark.Outputs.cliRender;
import static io.ganzoo.spark.Outputs.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar ({@code target/ganzoo-spark.jar}) submitted as users submit it: {@code ./ganzoo-spark}, which runs
 * spark-submit's own launcher ({@code org.apache.spark.launcher.Main}, what {@code bin/spark-class} runs) on the Spark
 * jars a cluster provides, so the driver JVM gets exactly spark-submit's command line (its class path, its
 * {@code --add-opens} flags) and runs {@code org.apache.spark.deploy.SparkSubmit --master local[2] --class
 * io.ganzoo.spark.RenderJob target/ganzoo-spark.jar ...}. Runs after {@code package} (failsafe).
 */
class SparkSubmitIT {
    @TempDir
    static Path dir;

    static final Path ROOT = Paths.get("").toAbsolutePath().getParent();

    record Run(int code, String out, String err) {}

    static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                ROOT.resolve("ganzoo-spark").toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
                .redirectError(log.resolveSibling(log.getFileName() + ".err").toFile());
        pb.environment().put("GANZOO_SPARK_NO_BUILD", "1"); // the jar of this build, not a rebuild
        pb.environment().remove("SPARK_HOME");
        return pb.start();
    }

    static Run submit(String name, String... args) throws Exception {
        Path log = dir.resolve(name);
        Process p = start(log, args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit did not end");
        return new Run(
                p.exitValue(),
                Files.readString(log.resolveSibling(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(log.resolveSibling(name + ".err"), StandardCharsets.UTF_8));
    }

    @Test
    void theDocumentedCommandRendersTheClisDataSet() throws Exception {
        Path cli = cliRender(
                dir.resolve("cli"), "fashion-cgan", "-n", "3000", "--seed", "4", "--format", "wds", "--per-tar", "500");
        Path out = dir.resolve("spark");
        Run r = submit(
                "render", "fashion-cgan", "-n", "3000", "--seed", "4", "--per-shard", "500", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rendered 3,000 images of fashion-cgan@1.0.1"), r.out());
        assertSameTars(cli, out);
        var summary = JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                .getAsJsonObject();
        assertEquals("local[2]", summary.get("master").getAsString());
        assertEquals(6, summary.get("tasks").getAsInt());
        assertTrue(summary.get("sparkStartSeconds").getAsDouble() > 0);

        Run missing = submit(
                "missing",
                "no-such-model",
                "-n",
                "10",
                "-o",
                dir.resolve("none").toString());
        assertEquals(3, missing.code(), "the console's exit code, through spark-submit: " + missing.err());
    }

    @Test
    void aKilledJobRunAgainCompletesTheSameDataSet() throws Exception {
        String[] args = {"fashion-dcgan", "-n", "30000", "--seed", "2", "--per-shard", "500", "-o", ""};
        Path out = dir.resolve("killed");
        args[args.length - 1] = out.toString();
        Process p = start(dir.resolve("first"), args);
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (find(out.resolve("_manifest"), ".jsonl").size() < 3 && p.isAlive() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL to the driver JVM (the script exec'd it)
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, p.exitValue(), "killed by SIGKILL, not ended on its own");
        int complete = find(out.resolve("_manifest"), ".jsonl").size();
        assertTrue(complete >= 3 && complete < 60, complete + " of 60 shards complete at the kill");

        Run again = submit("again", args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().matches("(?s).*: [0-9,]+ kept from an earlier run.*"), again.out());
        var summary = JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                .getAsJsonObject();
        assertEquals(complete * 500L, summary.get("kept").getAsLong(), "every shard with a manifest part is kept");
        Path cli = cliRender(
                dir.resolve("cli-killed"),
                "fashion-dcgan",
                "-n",
                "30000",
                "--seed",
                "2",
                "--format",
                "wds",
                "--per-tar",
                "500");
        assertSameTars(cli, out);
        assertEquals(30000, Outputs.manifest(out).size());
        assertEquals(List.of(), find(out.resolve("_temporary"), ""));
    }
}
