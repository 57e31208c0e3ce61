package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.trainer.data.ImageFolderTest;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.RunLock;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's command line: a dry run and export of every family, and its errors. */
class TrainerCliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TrainerCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /**
     * Two trainings into one run folder before the first checkpoint both exited 0, and the folder kept one run (issue
     * 25). The folder's lock is held here by a plain file lock with a holder's line, as another process would.
     */
    @Test
    @SuppressWarnings("try") // the lock is held by the block, not read in it
    void aSecondTrainingIntoAFolderInUseIsRefusedNamingTheFirstAndChangesNothing() throws Exception {
        Path run = dir.resolve("busy");
        Files.createDirectories(run);
        Path lockFile = run.resolve(RunLock.FILE);
        String holder = "process 4242, since 2026-12-06T07:00:00Z: ganzoo-trainer train --dry-run -o busy";
        Files.writeString(lockFile, holder + "\n");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock held = ch.lock()) {
            for (String[] args : new String[][] {
                {"train", "--dry-run", "--steps", "2", "-o", run.toString()},
                {"train", "--dry-run", "--steps", "2", "--resume", "-o", run.toString()},
            }) {
                Run second = run(args);
                assertEquals(ExitCode.USAGE.code(), second.code(), second.err());
                if (args[args.length - 3].equals("--resume")) {
                    assertTrue(second.err().contains("no checkpoint in"), second.err());
                    continue;
                }
                assertTrue(second.err().contains("is in use by another training (" + holder + ")"), second.err());
            }
            try (var files = Files.list(run)) {
                assertEquals(List.of(lockFile), files.toList(), "nothing written beside the holder's lock");
            }
            assertEquals(holder + "\n", Files.readString(lockFile), "the holder's line is kept");
        }
        // once released, a training takes the folder and says who holds it while it runs
        Run free = run("train", "--dry-run", "--steps", "2", "-o", run.toString());
        assertEquals(ExitCode.OK.code(), free.code(), free.err());
        assertTrue(
                Files.readString(lockFile).contains(": ganzoo-trainer train --dry-run --steps 2 -o "),
                Files.readString(lockFile));
    }

    /** `--resume` re-reads the saved arguments; "--name @n" expanded the file n of the working folder there. */
    @Test
    void resumeTakesSavedArgumentsStartingWithAtAsTheyAre() throws Exception {
        Path run = dir.resolve("at");
        Path file = Path.of("ganzoo-at-name-" + ProcessHandle.current().pid()); // in the working folder
        try {
            Run first = run("train", "--dry-run", "--steps", "2", "--name", "@" + file, "-o", run.toString());
            assertEquals(ExitCode.OK.code(), first.code(), first.err());
            Files.writeString(file, "second words\n");
            Run again = run("train", "--resume", "-o", run.toString());
            assertEquals(ExitCode.OK.code(), again.code(), again.err());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * A finished run trained longer: `--resume --steps N` (or `--epochs N`) goes on from the checkpoint to the new
     * length and ends with the weights of a run started with that length; the new length is recorded for the next
     * resume; a length already reached trains nothing. Nothing else a run is defined by may change.
     */
    @Test
    void aResumedRunCanBeTrainedLongerToTheWeightsOfALongerRun() throws Exception {
        String[] common = {
            "train",
            "--dry-run",
            "--batch-size",
            "8",
            "--ngf",
            "8",
            "--ndf",
            "8",
            "--ema-half-life",
            "64",
            "-q",
            "--checkpoint-every",
            "2"
        };
        Path longer = dir.resolve("longer");
        // a dry run takes the length given (--epochs was ignored: 4 steps whatever it said)
        Path byEpochs = dir.resolve("by-epochs");
        assertEquals(
                ExitCode.OK.code(),
                run(cat(common, "--epochs", "1", "-o", byEpochs.toString())).code());
        assertEquals(32, Checkpoint.load(byEpochs).header().step(), "one epoch of 256 images in batches of 8");
        Run first = run(cat(common, "--steps", "3", "-o", longer.toString()));
        assertEquals(ExitCode.OK.code(), first.code(), first.err());
        assertEquals(3, Checkpoint.load(longer).header().step());
        Run more = runLogged("train", "--resume", "--steps", "6", "-o", longer.toString());
        assertEquals(ExitCode.OK.code(), more.code(), more.err());
        assertTrue(more.err().contains("the run's length changes from 3 to 6 steps (--steps 6)"), more.err());
        assertEquals(6, Checkpoint.load(longer).header().step());
        assertTrue(
                Files.readString(longer.resolve(TrainerCli.RUN_ARGS)).contains("\"--steps\",\n    \"6\""),
                Files.readString(longer.resolve(TrainerCli.RUN_ARGS)));

        Path straight = dir.resolve("straight");
        assertEquals(
                ExitCode.OK.code(),
                run(cat(common, "--steps", "6", "-o", straight.toString())).code());
        Checkpoint a = Checkpoint.load(longer);
        Checkpoint b = Checkpoint.load(straight);
        assertEquals(b.names(), a.names());
        for (String name : b.names()) {
            float[] x = a.values(name);
            float[] y = b.values(name);
            for (int i = 0; i < x.length; i++) {
                assertEquals(y[i], x[i], 1e-5, name + "[" + i + "]: extended vs trained that long from the start");
            }
        }
        // a length the run has reached already is refused, and changes nothing (it said "nothing to do", exit 0, and
        // recorded the shorter length: newcomer trial)
        Run shorter = runLogged("train", "--resume", "--steps", "5", "-o", longer.toString());
        assertEquals(ExitCode.USAGE.code(), shorter.code(), shorter.err());
        assertTrue(
                shorter.err().contains("--steps 5 is no longer than the run in " + longer + ", which is at step 6"),
                shorter.err());
        assertTrue(Files.readString(longer.resolve(TrainerCli.RUN_ARGS)).contains("\"--steps\",\n    \"6\""));
        // the recorded length is the new one: a plain resume has nothing to do
        Run again = runLogged("train", "--resume", "-o", longer.toString());
        assertEquals(ExitCode.OK.code(), again.code(), again.err());
        assertTrue(again.err().contains("nothing to do: the checkpoint is already at step 6 of 6"), again.err());
        // --epochs counts again even though the run began with --steps
        Run epochs = runLogged("train", "--resume", "--epochs", "1", "-o", longer.toString());
        assertEquals(ExitCode.OK.code(), epochs.code(), epochs.err());
        assertTrue(epochs.err().contains("(--epochs 1)"), epochs.err());
        assertFalse(Files.readString(longer.resolve(TrainerCli.RUN_ARGS)).contains("--steps"));
        // the length alone may change
        Run other = run("train", "--resume", "--steps", "8", "--latent", "32", "-o", longer.toString());
        assertEquals(ExitCode.USAGE.code(), other.code());
        assertTrue(other.err().contains("--latent 32 contradicts"), other.err());
        // a refused resume leaves the record as it was
        assertTrue(Files.readString(longer.resolve(TrainerCli.RUN_ARGS)).contains("\"--epochs\",\n    \"1\""));
    }

    /** {@link #run}, with the training's progress lines (written to System.err) in {@code err}. */
    private static Run runLogged(String... args) {
        java.io.PrintStream was = System.err;
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Run r = run(args);
            return new Run(r.code(), r.out(), r.err() + log.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(was);
        }
    }

    private static String[] cat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void checkPrintsTheCpuTheLibrariesEachCaseAndTheVerdict() {
        Run r = run("check");
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().startsWith("CPU:       "), r.out());
        assertTrue(r.out().contains("libraries: libtorch 2.7.1 in "), r.out());
        assertTrue(r.out().contains("conv2d x(2,3,4,5) w(2,3,3,3) stride 1 pad 1"), r.out());
        assertTrue(r.out().contains("verdict:   right"), r.out());
    }

    /**
     * `train --resume -o DIR`, exactly as the README shows it, forgot --limit (and --data, and every flag not repeated)
     * and went on with all 60,000 images. The run folder remembers them; a contradicting flag is refused.
     */
    @Test
    void resumeRestoresEveryRunDefiningArgumentAndRefusesContradictions() throws Exception {
        Path images = dir.resolve("faces");
        ImageFolderTest.faces(images, 12);
        Path run = dir.resolve("remember");
        Run first = run(
                "train",
                "--dataset",
                "folder",
                "--data",
                images.toString(),
                "--image-size",
                "28",
                "--limit",
                "10",
                "--steps",
                "2",
                "--batch-size",
                "4",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "--checkpoint-every",
                "1",
                "-q",
                "-o",
                run.toString());
        assertEquals(ExitCode.OK.code(), first.code(), first.err());
        String saved = Files.readString(run.resolve(TrainerCli.RUN_ARGS));
        assertTrue(saved.contains("\"--limit\",\n    \"10\"") && saved.contains(images.toString()), saved);
        Run resumed = run("train", "--resume", "-o", run.toString(), "-q");
        assertEquals(
                ExitCode.OK.code(),
                resumed.code(),
                "the folder dataset, --data and --limit come from the run: " + resumed.err());
        Run contradicts = run("train", "--resume", "--limit", "1000", "-o", run.toString(), "-q");
        assertEquals(ExitCode.USAGE.code(), contradicts.code());
        assertTrue(
                contradicts
                        .err()
                        .contains("--limit 1000 contradicts the run in " + run + ", which was started with"
                                + " --limit 10"),
                contradicts.err());
        Run same = run("train", "--resume", "--limit", "10", "--ngf", "8", "-o", run.toString(), "-q");
        assertEquals(ExitCode.OK.code(), same.code(), "repeating the run's own values is fine: " + same.err());
        Run epochs = run("train", "--resume", "--batch-size", "8", "-o", run.toString(), "-q");
        assertEquals(ExitCode.USAGE.code(), epochs.code());
        assertTrue(
                epochs.err().contains("--batch-size 8 contradicts")
                        && epochs.err().contains("--batch-size 4"),
                epochs.err());
        // options the run did not give are compared with the configuration it trained with (the family's presets)
        Run preset = run("train", "--resume", "--lr-g", "0.0002", "--seed", "7", "-o", run.toString(), "-q");
        assertEquals(
                ExitCode.OK.code(),
                preset.code(),
                "the dcgan preset learning rate and the default seed: " + preset.err());
        Run lr = run("train", "--resume", "--lr-g", "0.001", "-o", run.toString(), "-q");
        assertEquals(ExitCode.USAGE.code(), lr.code());
        assertTrue(
                lr.err().contains("--lr-g 0.001 contradicts") && lr.err().contains("started with --lr-g 2.0E-4"),
                lr.err());
        // every option is compared through the configuration it makes, with no table of options to keep up to date:
        // one the run did not give is refused when it changes the configuration, accepted when it does not
        for (String[] c : new String[][] {
            {"--gamma", "0.5", "started with --gamma 0.0"},
            {"--spectral-norm", null, "started with --spectral-norm false"},
            {"--augment", "cutout", "started with --augment "},
            {"--backbone", "resnet", "started with --backbone dcgan"}
        }) {
            List<String> a = new java.util.ArrayList<>(List.of("train", "--resume", c[0]));
            if (c[1] != null) {
                a.add(c[1]);
            }
            a.addAll(List.of("-o", run.toString(), "-q"));
            Run r = run(a.toArray(new String[0]));
            assertEquals(ExitCode.USAGE.code(), r.code(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[0] + " ") && r.err().contains(c[2]), r.err());
        }
        Run presets = run(
                "train",
                "--resume",
                "--gamma",
                "0",
                "--no-spectral-norm",
                "--backbone",
                "dcgan",
                "-o",
                run.toString(),
                "-q");
        assertEquals(ExitCode.OK.code(), presets.code(), "the run's own values: " + presets.err());
        // choices compare by meaning; an unknown word is said as such, as when a run starts, not as a contradiction
        Run same2 = run("train", "--resume", "--family", "dcgan", "--optimizer", "adam", "-o", run.toString(), "-q");
        assertEquals(ExitCode.OK.code(), same2.code(), same2.err());
        for (String word : new String[] {"bogus", "DCGAN"}) {
            Run bogus = run("train", "--resume", "--family", word, "-o", run.toString(), "-q");
            assertEquals(ExitCode.USAGE.code(), bogus.code());
            assertTrue(
                    bogus.err().contains("family: expected one of [dcgan, cgan, wgan, rpgan], found " + word),
                    bogus.err());
            assertFalse(bogus.err().contains("contradicts"), bogus.err());
        }
        Run other = run("train", "--resume", "--family", "wgan", "-o", run.toString(), "-q");
        assertTrue(
                other.err().contains("--family wgan contradicts") && other.err().contains("--family dcgan"),
                other.err());
        // a damaged checkpoint header is named, as a damaged file (exit 4), not an internal error
        Path ck = run.resolve("checkpoint.bin");
        byte[] good = Files.readAllBytes(ck);
        String text = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String field : new String[] {"\"family\":", "\"step\":"}) {
            int at = text.indexOf(field);
            assertTrue(at > 0, field);
            byte[] broken = good.clone();
            broken[at + 1] = 'X'; // "family" -> "Xamily": the field is missing, the length unchanged
            Files.write(ck, broken);
            Run damaged = run("train", "--resume", "-o", run.toString(), "-q");
            assertEquals(ExitCode.IO.code(), damaged.code(), field + ": " + damaged.err());
            assertTrue(
                    damaged.err().contains(ck + " is damaged")
                            && damaged.err().contains(field.equals("\"family\":") ? "missing [family]" : "no 'step'"),
                    damaged.err());
        }
        Files.write(ck, good);
        // a damaged record is named
        Path args = run.resolve(TrainerCli.RUN_ARGS);
        for (String bad : new String[] {"{\"args\": [null]}", "{\"args\": [\"--bogus-flag\"]}", "not json"}) {
            Files.writeString(args, bad);
            Run damaged = run("train", "--resume", "-o", run.toString(), "-q");
            assertEquals(ExitCode.USAGE.code(), damaged.code(), bad + ": " + damaged.err());
            assertTrue(
                    damaged.err().startsWith("error: " + args)
                            && damaged.err().strip().lines().count() == 1,
                    bad + ": " + damaged.err());
        }
    }

    @Test
    void versionIsTheBuildsAndHelpListsExitCodes() {
        Run version = run("-V");
        assertEquals("ganzoo-trainer " + Zoo.VERSION, version.out().strip());
        assertEquals("ganzoo-trainer " + Zoo.VERSION, run("train", "-V").out().strip());
        assertEquals(
                "ganzoo-trainer " + Zoo.VERSION,
                run("benchmark", "mixtures", "-V").out().strip());
        Run help = run("--help");
        assertTrue(
                help.out().contains("Exit codes:") && help.out().matches("(?s).*\\R  6 +PyTorch cannot run.*"),
                help.out());
        assertTrue(run("train", "--help").out().contains("130, 143"), "every command's help lists the codes");
        // every command takes -h/--help (newcomer trial: reexport, whose --version is its own option, said MODEL was
        // missing)
        for (String command : new String[] {"train", "export", "reexport", "evaluate", "check", "exemplars"}) {
            for (String h : new String[] {"--help", "-h"}) {
                Run r = run(command, h);
                assertEquals(0, r.code(), command + " " + h + ": " + r.err());
                assertTrue(
                        r.out().startsWith("Usage: ganzoo-trainer " + command)
                                || r.out().contains("Usage:"),
                        command + " " + h + ": " + r.out());
            }
        }
        Run verbose =
                run("reexport", "no-such-model", "-o", dir.resolve("x.onnx").toString(), "-v");
        assertEquals(ExitCode.MODEL_NOT_FOUND.code(), verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void everyFamilyDryRunsAndExportsAGeneratorTheSdkLoads() throws Exception {
        String[][] families = {
            {"dcgan"}, {"cgan"}, {"wgan", "--lipschitz", "gp"}, {"wgan", "--lipschitz", "clip"}, {"rpgan"}
        };
        for (String[] f : families) {
            String name = String.join("-", f).replace("--lipschitz-", "");
            Path run = dir.resolve(name);
            Path onnx = dir.resolve(name + ".onnx");
            String[] common = {
                "train",
                "--dry-run",
                "--steps",
                "2",
                "--batch-size",
                "8",
                "--ngf",
                "8",
                "--ndf",
                "8",
                "-q",
                "-o",
                run.toString(),
                "--export",
                onnx.toString(),
                "--family"
            };
            String[] args = new String[common.length + f.length];
            System.arraycopy(common, 0, args, 0, common.length);
            System.arraycopy(f, 0, args, common.length, f.length);
            Run r = run(args);
            assertEquals(ExitCode.OK.code(), r.code(), name + ": " + r.err());
            assertTrue(r.out().contains("trained 2 steps"), r.out());
            assertTrue(Checkpoint.exists(run));
            try (Generator g = Generator.load(onnx)) {
                assertEquals(f[0].equals("cgan"), g.isConditional(), name);
                assertEquals(f[0], g.metadata().get(ModelFormat.FAMILY), name);
                assertEquals(2, g.sample(2, 1L).count());
            }
            // export again from the checkpoint: the same file contents but for the creation time
            Path again = dir.resolve(name + "-again.onnx");
            Run e = run("export", "--run", run.toString(), "-o", again.toString());
            assertEquals(ExitCode.OK.code(), e.code(), e.err());
            try (Generator a = Generator.load(onnx);
                    Generator b = Generator.load(again)) {
                assertEquals(a.sample(3, 5L).bytes(2)[400], b.sample(3, 5L).bytes(2)[400]);
            }
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        Run family = run(
                "train", "--dry-run", "--family", "vae", "-o", dir.resolve("x").toString());
        assertEquals(ExitCode.USAGE.code(), family.code());
        assertTrue(family.err().contains("vae") && family.err().contains("dcgan"), family.err());
        Run objective = run(
                "train",
                "--dry-run",
                "--objective",
                "least-squares",
                "-o",
                dir.resolve("y").toString());
        assertEquals(ExitCode.USAGE.code(), objective.code());
        assertTrue(objective.err().contains("least-squares"), objective.err());
        Run backbone = run(
                "train",
                "--dry-run",
                "--backbone",
                "stylegan",
                "-o",
                dir.resolve("z").toString());
        assertEquals(ExitCode.USAGE.code(), backbone.code());
        assertTrue(backbone.err().contains("stylegan") && backbone.err().contains("[dcgan, resnet]"), backbone.err());
        assertFalse(Files.exists(dir.resolve("z").resolve("checkpoint.bin")));
        Run resume = run("train", "--resume", "-o", dir.resolve("nothing").toString());
        assertEquals(ExitCode.USAGE.code(), resume.code());
        assertTrue(resume.err().contains("checkpoint"), resume.err());
        assertFalse(Files.exists(dir.resolve("x").resolve("checkpoint.bin")));
        // a file name that ends with / is a folder's: refused before any work, not written without it
        String slash = dir.resolve("g.onnx") + "/";
        String[][] folderLike = {
            {"train", "--dry-run", "-o", dir.resolve("w").toString(), "--export", slash},
            {"reexport", "fashion-cgan", "-o", slash},
            {"export", "--run", dir.resolve("w").toString(), "-o", slash},
            {"evaluate", "fashion-cgan", "--json", slash}
        };
        for (String[] c : folderLike) {
            Run r = run(c);
            assertEquals(ExitCode.USAGE.code(), r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains("g.onnx/', which ends with / as a folder does"), r.err());
            assertEquals(1, r.err().strip().lines().count() - 1, "one error line and where help is: " + r.err());
        }
        assertFalse(Files.exists(dir.resolve("g.onnx")));
        assertFalse(Files.exists(dir.resolve("w")), "nothing trained");
    }

    /** reexport: a zoo model or file in the current graph, same images, the version asked for; errors are clear. */
    @Test
    void reexportWritesTheSameImagesUnderANewVersionAndRefusesNonGenerators() throws Exception {
        Path out = dir.resolve("re.onnx");
        Run r = run("reexport", "fashion-cgan", "-o", out.toString(), "--version", "9.9.9");
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("max pixel difference on 64 images"), r.out());
        int[] labels = {0, 3, 9, 4};
        try (Generator a = Generator.load("fashion-cgan");
                Generator b = Generator.load(out)) {
            assertEquals("9.9.9", b.metadata().version());
            assertEquals(a.classes(), b.classes());
            float[] x = a.sample(labels, 3L).floats();
            float[] y = b.sample(labels, 3L).floats();
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], 1e-4f, "pixel " + i);
            }
        }
        try (Generator b = Generator.load(out)) {
            // the re-exported file is written in today's layout: kind generator, the family under its own key
            assertEquals("generator", b.metadata().get(ModelFormat.KIND));
            assertEquals("cgan", b.metadata().get(ModelFormat.FAMILY));
        }
        Path renamed = dir.resolve("renamed.onnx");
        assertEquals(
                ExitCode.OK.code(),
                run("reexport", "fashion-cgan", "-o", renamed.toString(), "--name", "my-cgan", "--version", "2.0.0")
                        .code());
        try (Generator b = Generator.load(renamed)) {
            assertEquals("my-cgan", b.metadata().name());
            assertEquals("2.0.0", b.metadata().version());
        }
        Run badName =
                run("reexport", "fashion-cgan", "-o", dir.resolve("n.onnx").toString(), "--name", "a b");
        assertEquals(ExitCode.USAGE.code(), badName.code(), badName.err());
        Path bad = dir.resolve("bad.onnx");
        Run c = run("reexport", "fashion-classifier", "-o", bad.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), c.code(), c.out());
        assertTrue(c.err().contains("is a classifier") && c.err().contains("fashion-classifier"), c.err());
        assertFalse(Files.exists(bad));
        Path garbage = dir.resolve("garbage.onnx");
        Files.write(garbage, new byte[] {8, 7, 1, 2, 3, (byte) 0xff, 0x42});
        Run g = run("reexport", garbage.toString(), "-o", bad.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), g.code(), g.err());
        assertTrue(g.err().contains(garbage.toString()) && g.err().contains("not a valid ONNX model"), g.err());
        assertFalse(Files.exists(bad));
    }
}
