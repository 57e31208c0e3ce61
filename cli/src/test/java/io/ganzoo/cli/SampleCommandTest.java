package io.ganzoo.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import com.google.gson.JsonParser;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class SampleCommandTest {
    @TempDir
    static Path dir;

    static Path tiny;

    /** What a command line run gave: its exit code and what it printed. */
    public record Run(int code, String out, String err) {}

    /** Runs {@code ganzoo ARGS} in this JVM with captured output. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void fixture() throws Exception {
        tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
    }

    /** Attack finding (issue 25): --scale 0 was exit 70 "/ by zero" in the grid's memory estimate. */
    @Test
    void aScaleOfZeroIsAUsageError() {
        Run r = run(
                "sample",
                tiny.toString(),
                "-n",
                "4",
                "--scale",
                "0",
                "-o",
                dir.resolve("s0.png").toString());
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(r.err().contains("found 0"), r.err());
        assertFalse(Files.exists(dir.resolve("s0.png")));
    }

    @Test
    void writesAGridPngOfTheRequestedSize() throws Exception {
        Path png = dir.resolve("grid.png");
        Run r = run("sample", tiny.toString(), "-n", "10", "--seed", "3", "--grid", "5", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("wrote 10 images") && r.out().contains("seed 3"), r.out());
        Run one = run(
                "sample",
                tiny.toString(),
                "-n",
                "1",
                "-o",
                dir.resolve("one.png").toString());
        assertTrue(one.out().startsWith("wrote 1 image of "), "one image, not 'images': " + one.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 28 + 6 * 2, img.getWidth());
        assertEquals(2 * 28 + 3 * 2, img.getHeight());

        Path again = dir.resolve("again.png");
        assertEquals(
                ExitCode.OK.code(),
                run("sample", tiny.toString(), "-n", "10", "--seed", "3", "--grid", "5", "-o", again.toString())
                        .code());
        assertArrayEquals(Files.readAllBytes(png), Files.readAllBytes(again), "same seed, same file");
    }

    @Test
    void defaultModelRendersOffline() throws Exception {
        Path png = dir.resolve("default.png");
        Run r = run("sample", "fashion-dcgan", "-n", "64", "--seed", "7", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("fashion-dcgan@1.1.0"), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(8 * 28 + 9 * 2, img.getWidth());
        assertEquals(8 * 28 + 9 * 2, img.getHeight());
    }

    @Test
    void errorsAreOneClearLineWithANamedExitCode() {
        Run unknown = run("sample", "no-such-model", "-o", dir.resolve("x.png").toString());
        assertEquals(ExitCode.MODEL_NOT_FOUND.code(), unknown.code());
        assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
        assertTrue(unknown.err().startsWith("error: model 'no-such-model' not found"), unknown.err());

        Run zero = run(
                "sample", tiny.toString(), "-n", "0", "-o", dir.resolve("x.png").toString());
        assertEquals(ExitCode.USAGE.code(), zero.code());
        assertTrue(zero.err().contains("expected at least 1 image, found 0"), zero.err());

        Run noDir = run(
                "sample",
                tiny.toString(),
                "-n",
                "2",
                "-o",
                dir.resolve("missing/x.png").toString());
        assertEquals(ExitCode.IO.code(), noDir.code());
        assertTrue(noDir.err().contains("does not exist"), noDir.err());

        Run noOut = run("sample", tiny.toString());
        assertEquals(ExitCode.USAGE.code(), noOut.code());
        assertTrue(noOut.err().contains("nothing to write: give -o FILE.png"), noOut.err());

        Run huge = run(
                "sample",
                "fashion-dcgan",
                "-n",
                "100000000",
                "-o",
                dir.resolve("x.png").toString());
        assertEquals(ExitCode.USAGE.code(), huge.code(), huge.err());
        // refused before anything is drawn: its grid could not be one PNG (the sdk would refuse the count as well)
        assertTrue(
                huge.err().contains("more than one PNG picture holds")
                        && huge.err().contains("ganzoo render"),
                huge.err());
        Run threads = run(
                "sample",
                "fashion-dcgan",
                "-n",
                "4",
                "--threads",
                "100000",
                "-o",
                dir.resolve("x.png").toString());
        assertEquals(ExitCode.USAGE.code(), threads.code(), threads.err());
        assertTrue(threads.err().contains("threads: expected 0 (one per core) to "), threads.err());

        Run verbose =
                run("sample", "no-such-model", "-v", "-o", dir.resolve("x.png").toString());
        assertTrue(verbose.err().contains("\tat "), "-v prints the stack trace");
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    /** Each kind of model failure exits with its own code: unknown, unusable (corrupt, the wrong kind). */
    /**
     * A path through a file (attack pass: {@code --each /etc/passwd/d} and {@code render -o /etc/passwd/d} said only
     * "Not a directory"; {@code -o /etc/passwd/x.png} said it after drawing): every command names the file in the way
     * before it draws, and writes nothing.
     */
    @Test
    void aPathThroughAFileNamesTheFileBeforeAnyWork() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("plain-file"), "x");
        String under = file.resolve("d").toString();
        String png = file.resolve("d").resolve("x.png").toString();
        String[][] cases = {
            {"sample", tiny.toString(), "-n", "2", "-o", png},
            {"sample", tiny.toString(), "-n", "2", "--each", under},
            {"sample", tiny.toString(), "-n", "2", "--each", file.toString()},
            {"interpolate", tiny.toString(), "-o", png},
            {"walk", tiny.toString(), "-o", png},
            {"arithmetic", tiny.toString(), "0+1", "-o", png},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(ExitCode.IO.code(), r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(
                    r.err().contains(file + " is a file, not a folder")
                            || r.err().contains(file + ": it is a file, not a folder"),
                    String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        // a folder that cannot be written is the same failure for render as for sample: exit 4, said as such
        // (/proc takes no folders, even from root)
        Run ro = run("render", tiny.toString(), "-n", "4", "-q", "-o", "/proc/ganzoo-render-test");
        assertEquals(ExitCode.IO.code(), ro.code(), ro.err());
        assertTrue(ro.err().startsWith("error: cannot write into /proc/ganzoo-render-test: "), ro.err());
        // a symbolic link to nothing, and an empty name (attack pass: "already exists", "it is a folder")
        Path dangling = dir.resolve("dangling");
        java.nio.file.Files.deleteIfExists(dangling);
        java.nio.file.Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
        Run each = run("sample", tiny.toString(), "-n", "2", "--each", dangling.toString());
        assertEquals(ExitCode.IO.code(), each.code(), each.err());
        assertTrue(
                each.err().contains("it is a symbolic link to " + dir.resolve("nowhere") + ", which does not exist"));
        Run renderLink = run("render", tiny.toString(), "-n", "4", "-q", "-o", dangling.toString());
        assertEquals(ExitCode.USAGE.code(), renderLink.code(), renderLink.err());
        assertTrue(renderLink.err().contains("is a symbolic link to "), renderLink.err());
        Run renderEmpty = run("render", tiny.toString(), "-n", "4", "-q", "-o", "");
        assertEquals(ExitCode.USAGE.code(), renderEmpty.code(), renderEmpty.err());
        assertTrue(renderEmpty.err().contains("--out: expected a folder name, found ''"), renderEmpty.err());
        Run publishEmpty = run("zoo", "publish", tiny.toString(), "--repo", "");
        assertEquals(ExitCode.USAGE.code(), publishEmpty.code(), publishEmpty.err());
        assertTrue(publishEmpty.err().contains("--repo: expected a folder name, found ''"), publishEmpty.err());
        Run empty = run("sample", tiny.toString(), "-n", "2", "-o", "");
        assertEquals(ExitCode.USAGE.code(), empty.code(), empty.err());
        assertTrue(empty.err().contains("expected a file name, found ''"), empty.err());
        // a file name that ends as a folder's does is refused, not written without its slash (re-test: -o x.png/
        // wrote x.png), by every command that writes or reads a file
        Path slash = dir.resolve("slash.png");
        String[][] folderLike = {
            {"sample", tiny.toString(), "-n", "2", "-o", slash + "/"},
            {"interpolate", tiny.toString(), "-o", slash + "/"},
            {"walk", tiny.toString(), "-o", slash + "/"},
            {"arithmetic", tiny.toString(), "1 + 2", "-o", slash + "/"},
            {"zoo", "publish", tiny + "/", "--repo", dir.resolve("repo-slash").toString()}
        };
        for (String[] c : folderLike) {
            Run r = run(c);
            assertEquals(ExitCode.USAGE.code(), r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(
                    r.err().contains("/', which ends with / as a folder does"), String.join(" ", c) + ": " + r.err());
            assertFalse(java.nio.file.Files.exists(slash), String.join(" ", c));
        }
        assertFalse(java.nio.file.Files.exists(dir.resolve("repo-slash")), "publish made nothing");
        Run dash = run("sample", tiny.toString(), "-n", "2", "-o", "-");
        assertEquals(ExitCode.USAGE.code(), dash.code(), dash.err());
        assertTrue(dash.err().contains("'-' (standard input or output) is not supported here"), dash.err());
        // options that contradict each other, or do not apply, are refused rather than dropped (newcomer trial)
        Path cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
        Path none = dir.resolve("none.png");
        Object[][] contradictions = {
            {
                new String[] {"sample", cgan.toString(), "--label", "1", "--per-class", "3", "-o", none.toString()},
                "--label and --per-class contradict each other"
            },
            {
                new String[] {"sample", tiny.toString(), "--per-class", "3", "-o", none.toString()},
                "--per-class: " + tiny + " is unconditional"
            },
            {
                new String[] {"interpolate", tiny.toString(), "--keys", "3,12", "--rows", "2", "-o", none.toString()},
                "--keys and --rows contradict each other"
            },
            {
                new String[] {
                    "render",
                    tiny.toString(),
                    "-n",
                    "4",
                    "--per-tar",
                    "5",
                    "-o",
                    dir.resolve("pt").toString()
                },
                "--per-tar: only WebDataset output is written in tars"
            }
        };
        for (Object[] c : contradictions) {
            Run r = run((String[]) c[0]);
            assertEquals(ExitCode.USAGE.code(), r.code(), String.join(" ", (String[]) c[0]) + ": " + r.err());
            assertTrue(r.err().contains((String) c[1]), r.err());
        }
        assertFalse(java.nio.file.Files.exists(none));
        assertFalse(java.nio.file.Files.exists(dir.resolve("pt")));
        Run render = run("render", tiny.toString(), "-n", "4", "-q", "-o", under);
        assertEquals(ExitCode.USAGE.code(), render.code(), render.err());
        assertTrue(render.err().contains(file + " is a file, not a folder"), render.err());
        assertEquals("x", java.nio.file.Files.readString(file), "the file is left as it was");
    }

    /** --each that fails part-way removes the PNGs it wrote (attack pass: a full disk left them, unsaid). */
    @Test
    void eachThatFailsPartWayRemovesWhatItWrote() throws Exception {
        Path each = java.nio.file.Files.createDirectories(dir.resolve("each-fails"));
        Path mine = java.nio.file.Files.writeString(each.resolve("notes.txt"), "mine");
        java.nio.file.Files.createDirectories(each.resolve("image-00002.png").resolve("in-the-way"));
        Run r = run("sample", tiny.toString(), "-n", "4", "--each", each.toString());
        assertEquals(ExitCode.IO.code(), r.code(), r.err());
        assertTrue(r.err().contains("image-00002.png"), r.err());
        try (var files = java.nio.file.Files.list(each)) {
            assertEquals(
                    java.util.Set.of(mine.getFileName().toString(), "image-00002.png"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "images 0 and 1 are removed; what was there before stays");
        }
    }

    /** Re-test: output that could not be written (zoo list --json > /dev/full) was exit 0 with nothing said. */
    @Test
    void outputThatCannotBeWrittenIsAnError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(Path.of("/dev/full")));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "zoo",
                        "list",
                        "--json")
                .redirectOutput(new java.io.File("/dev/full"))
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ExitCode.IO.code(), p.exitValue(), err);
        assertTrue(err.startsWith("error: the output could not be written"), err);
    }

    /** Issue 26, CLI habits: `ganzoo help` was exit 2; shell completion was not offered. */
    @Test
    void helpIsACommandAndCompletionIsGenerated() {
        Run help = run("help");
        assertEquals(ExitCode.OK.code(), help.code(), help.err());
        assertTrue(help.out().contains("Usage: ganzoo") && help.out().contains("render"), help.out());
        Run sampleHelp = run("help", "sample");
        assertEquals(ExitCode.OK.code(), sampleHelp.code());
        assertTrue(sampleHelp.out().contains("Usage: ganzoo sample")
                && sampleHelp.out().contains("Exit codes:"));
        Run completion = run("generate-completion");
        assertEquals(ExitCode.OK.code(), completion.code(), completion.err());
        assertTrue(
                completion.out().contains("complete -F") && completion.out().contains("render"),
                "a bash completion script naming the commands");
    }

    @Test
    void modelFailuresExitWithTheCodeOfTheirReason() throws Exception {
        Run missing = run(
                "sample",
                dir.resolve("no-such-file.onnx").toString(),
                "-o",
                dir.resolve("m.png").toString());
        assertEquals(ExitCode.MODEL_NOT_FOUND.code(), missing.code(), missing.err());
        assertTrue(missing.err().startsWith("error: model file not found: "), missing.err());

        Path corrupt = dir.resolve("corrupt.onnx");
        byte[] bytes = Files.readAllBytes(tiny);
        Files.write(corrupt, Arrays.copyOf(bytes, bytes.length / 3));
        Run damaged =
                run("sample", corrupt.toString(), "-o", dir.resolve("c.png").toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), damaged.code(), damaged.err());
        assertTrue(damaged.err().contains("is not a valid ONNX model"), damaged.err());
        assertEquals(1, damaged.err().strip().lines().count(), damaged.err());

        Run classifier =
                run("sample", "mnist-classifier", "-o", dir.resolve("k.png").toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), classifier.code(), classifier.err());
        assertTrue(classifier.err().contains("is a classifier"), classifier.err());
        assertFalse(Files.exists(dir.resolve("c.png")) || Files.exists(dir.resolve("k.png")));
    }

    @Test
    void zooInfoShowsEveryEmbeddedGeneratorsMeasuredQuality() {
        Run list = run("zoo", "list");
        assertEquals(ExitCode.OK.code(), list.code(), list.err());
        for (String model : new String[] {"fashion-cgan@1.0.1", "stacked-mnist-dcgan@1.0.1", "emoji-dcgan@1.0.0"}) {
            Run info = run("zoo", "info", model);
            assertEquals(ExitCode.OK.code(), info.code(), info.err());
            assertTrue(info.out().lines().anyMatch(l -> l.startsWith("  quality:")), info.out());
        }
        assertTrue(run("zoo", "info", "fashion-cgan@1.0.1").out().contains("quality:      FD 2.680, KID 0.0163"));
    }

    @Test
    void conditionalModelsTakeALabelOrOneRowPerClass() throws Exception {
        Path cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
        Path rows = dir.resolve("rows.png");
        Run r = run("sample", cgan.toString(), "--per-class", "3", "--seed", "1", "-o", rows.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage img = ImageIO.read(rows.toFile());
        assertEquals(3 * 28 + 4 * 2, img.getWidth());
        assertEquals(4 * 28 + 5 * 2, img.getHeight(), "one row per class, 4 classes");

        // --same-latents: row r, column j is G(z_j, r)
        Path each = dir.resolve("each");
        Run same = run(
                "sample",
                cgan.toString(),
                "--per-class",
                "3",
                "--same-latents",
                "--seed",
                "1",
                "--each",
                each.toString());
        assertEquals(ExitCode.OK.code(), same.code(), same.err());
        try (Generator g = Generator.load(cgan)) {
            Images expected = g.generate(
                    g.latents(3, 1).select(0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2),
                    new int[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3});
            for (int i = 0; i < 12; i++) {
                byte[] file = Files.readAllBytes(each.resolve(String.format(Locale.ROOT, "image-%05d.png", i)));
                assertArrayEquals(
                        expected.picture(i)
                                .withText(io.ganzoo.sdk.Picture.textOf(file))
                                .toPng(),
                        file,
                        "image " + i + ": its pixels, encoded with its provenance text");
                assertEquals(
                        String.valueOf(i % 3),
                        io.ganzoo.sdk.Picture.textOf(file).get("ganzoo.images"),
                        "--same-latents: image i is latent i mod 3");
            }
        }
        assertTrue(same.out().contains("wrote 12 PNGs of " + cgan + " (seed 1) to " + each), same.out());
        // fewer images into the same folder would leave the earlier run's last ones beside them (newcomer trial)
        byte[] first = Files.readAllBytes(each.resolve("image-00000.png"));
        Run fewer = run("sample", cgan.toString(), "-n", "5", "--seed", "2", "--each", each.toString());
        assertEquals(ExitCode.USAGE.code(), fewer.code(), fewer.err());
        assertTrue(
                fewer.err().contains("holds 7 images numbered from 5 on (image-00005.png ...) from an earlier sample"),
                fewer.err());
        assertArrayEquals(first, Files.readAllBytes(each.resolve("image-00000.png")), "nothing written over");
        Run lone = run(
                "sample",
                cgan.toString(),
                "--same-latents",
                "-o",
                dir.resolve("x.png").toString());
        assertEquals(ExitCode.USAGE.code(), lone.code());
        assertTrue(lone.err().contains("--same-latents goes with --per-class"), lone.err());

        Run named = run(
                "sample",
                cgan.toString(),
                "--label",
                "bottom-left",
                "-n",
                "2",
                "-o",
                dir.resolve("l.png").toString());
        assertEquals(ExitCode.OK.code(), named.code(), named.err());
        Run bad = run(
                "sample",
                cgan.toString(),
                "--label",
                "middle",
                "-o",
                dir.resolve("l.png").toString());
        assertEquals(ExitCode.USAGE.code(), bad.code());
        assertTrue(bad.err().contains("no such class"), bad.err());
        Run plain = run(
                "sample",
                tiny.toString(),
                "--label",
                "0",
                "-o",
                dir.resolve("l.png").toString());
        assertEquals(ExitCode.USAGE.code(), plain.code());
        assertTrue(plain.err().contains("is unconditional"), plain.err());
    }

    @Test
    void everyCommandHasHelp() {
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("sample") && top.out().contains("Exit codes"), top.out());
        Run sample = run("sample", "--help");
        assertEquals(0, sample.code());
        assertTrue(sample.out().contains("--seed") && sample.out().contains("--grid"), sample.out());
    }

    /** --device cuda --cpu-fallback never said it ran on the CPU, and summary.json did not record the device. */
    @Test
    void aCpuFallbackIsSaidOnceAndRecorded() throws Exception {
        Assumptions.assumeFalse(
                OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "needs the CPU build of ONNX Runtime (no CUDA)");
        Run r = run(
                "sample",
                tiny.toString(),
                "-n",
                "2",
                "--device",
                "cuda",
                "--cpu-fallback",
                "-o",
                dir.resolve("cf.png").toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertEquals(
                1,
                r.err()
                        .lines()
                        .filter(l -> l.startsWith("ganzoo: running on the CPU instead of cuda"
                                + " (--cpu-fallback): CUDA was asked for (cuda:0)"))
                        .count(),
                r.err());
        Path out = dir.resolve("cf-render");
        Run render = run(
                "render", tiny.toString(), "-n", "3", "--device", "cuda", "--cpu-fallback", "-q", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), render.code(), render.err());
        var summary = JsonParser.parseString(Files.readString(out.resolve("summary.json")))
                .getAsJsonObject();
        assertEquals("cpu", summary.get("device").getAsString());
        assertTrue(summary.get("cpuFallbackReason").getAsString().startsWith("CUDA was asked for"), summary.toString());
    }

    /** -V printed "ganzoo dev"; -v on zoo subcommands printed no stack trace. */
    @Test
    void versionIsTheBuildsAndVerboseIsInheritedByEveryCommand() {
        Run version = run("-V");
        assertEquals(0, version.code());
        assertEquals("ganzoo " + Zoo.VERSION, version.out().strip());
        for (String[] sub : new String[][] {{"sample", "-V"}, {"zoo", "-V"}, {"zoo", "list", "-V"}, {"render", "-V"}}) {
            assertEquals("ganzoo " + Zoo.VERSION, run(sub).out().strip(), String.join(" ", sub));
        }
        assertFalse(Zoo.VERSION.contains("dev") || Zoo.VERSION.contains("${"), Zoo.VERSION);
        for (String[] args : new String[][] {
            {"zoo", "info", "nosuch", "-v"},
            {"-v", "zoo", "info", "nosuch"},
            {"zoo", "-v", "pull", "nosuch"},
            {"sample", "nosuch", "-v", "-o", dir.resolve("v.png").toString()}
        }) {
            Run r = run(args);
            assertEquals(ExitCode.MODEL_NOT_FOUND.code(), r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(
                    r.err().startsWith("error: ") && r.err().contains("\tat "),
                    String.join(" ", args) + ": " + r.err());
        }
        Run quiet = run("zoo", "info", "nosuch");
        assertEquals(1, quiet.err().strip().lines().count(), quiet.err());
    }
}
