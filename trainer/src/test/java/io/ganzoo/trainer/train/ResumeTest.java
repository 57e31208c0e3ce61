package io.ganzoo.trainer.train;

import io.ganzoo.trainer.cli.TrainerCli;
import io.ganzoo.trainer.engine.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A run killed mid-way (SIGKILL, in a separate JVM) and resumed ends exactly where an uninterrupted run ends. */
class ResumeTest {
    static final int STEPS = 300;
    static final String[] ARGS = {
        "train",
        "--dry-run",
        "--steps",
        Integer.toString(STEPS),
        "--batch-size",
        "16",
        "--ngf",
        "8",
        "--ndf",
        "8",
        "--latent",
        "16",
        "--checkpoint-every",
        "10",
        "-q"
    };

    @TempDir
    Path dir;

    static String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of(ARGS));
        a.add("-o");
        a.add(out.toString());
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void killedRunResumesToTheSameWeightsAsAnUninterruptedRun() throws Exception {
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                TrainerCli.class.getName()));
        cmd.addAll(List.of(args(killed)));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("DJL_OFFLINE", "true");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Checkpoint.exists(killed) && Checkpoint.load(killed).header().step() >= 30)) {
            if (!p.isAlive()) {
                fail("training process ended before it could be killed: " + Files.readString(dir.resolve("child.log")));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("no checkpoint after 120 s: " + Files.readString(dir.resolve("child.log")));
            }
            Thread.sleep(5);
        }
        p.destroyForcibly().waitFor();
        long at = Checkpoint.load(killed).header().step();
        assertTrue(at > 0 && at < STEPS, "killed mid-run, checkpoint at step " + at);

        assertEquals(0, TrainerCli.commandLine().execute(args(killed, "--resume")));
        Path straight = dir.resolve("straight");
        assertEquals(0, TrainerCli.commandLine().execute(args(straight)));

        Checkpoint a = Checkpoint.load(killed);
        Checkpoint b = Checkpoint.load(straight);
        assertEquals(STEPS, a.header().step());
        assertEquals(b.names(), a.names());
        for (String name : b.names()) {
            float[] x = a.values(name);
            float[] y = b.values(name);
            double max = 0;
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
            assertEquals(
                    0,
                    max,
                    1e-5,
                    name + ": resumed vs uninterrupted, max abs difference (" + Torch.environment() + ")");
        }

        List<String> lines = Files.readAllLines(killed.resolve(MetricsLog.FILE), StandardCharsets.UTF_8);
        assertEquals(STEPS, lines.size(), "one metrics line per step, none doubled by the resume");
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith("{\"step\":" + (i + 1) + ","), lines.get(i));
        }
        File[] leftovers = killed.toFile().listFiles((d, n) -> n.endsWith(".part"));
        assertTrue(leftovers != null, "run folder listed");
        assertEquals(List.of(), Arrays.asList(leftovers), "no half-written file left by the killed run");
    }
}
