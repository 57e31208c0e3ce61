package io.ganzoo.cli;

import com.google.gson.JsonParser;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderCommandTest {
    @TempDir
    static Path dir;

    static Path tiny;
    static Path cgan;

    @BeforeAll
    static void fixtures() throws Exception {
        tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
    }

    /** index -> sha256 of each manifest line, checking that every listed file hashes as recorded. */
    static Map<Long, String> manifest(Path out) throws Exception {
        Map<Long, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve("manifest.jsonl"))) {
            var o = JsonParser.parseString(line).getAsJsonObject();
            long index = o.get("index").getAsLong();
            String sha = o.get("sha256").getAsString();
            String file = o.get("file").getAsString();
            if (file.endsWith(".png") && !file.contains(".tar/")) {
                assertEquals(sha, Zoo.sha256(Files.readAllBytes(out.resolve(file))), file);
            }
            assertEquals(null, m.put(index, sha), "index " + index + " listed twice");
        }
        return m;
    }

    @Test
    void imagesAreTheSameWhateverTheBatchSizeAndShards() throws Exception {
        Path whole = dir.resolve("whole");
        assertEquals(
                ExitCode.OK.code(),
                run(
                                "render",
                                tiny.toString(),
                                "-n",
                                "50",
                                "--seed",
                                "3",
                                "--batch-size",
                                "8",
                                "-q",
                                "-o",
                                whole.toString())
                        .code());
        Map<Long, String> all = manifest(whole);
        assertEquals(50, all.size());
        Map<Long, String> joined = new TreeMap<>();
        for (int s = 0; s < 3; s++) {
            Path part = dir.resolve("shard" + s);
            SampleCommandTest.Run r = run(
                    "render",
                    tiny.toString(),
                    "-n",
                    "50",
                    "--seed",
                    "3",
                    "--shard",
                    s + "/3",
                    "--threads",
                    "1",
                    "-q",
                    "-o",
                    part.toString());
            assertEquals(ExitCode.OK.code(), r.code(), r.err());
            joined.putAll(manifest(part));
        }
        assertEquals(all, joined, "three shards hold exactly the images of the whole run");
        // ...and the image files are the sdk's images of the seed.
        try (Generator g = Generator.load(tiny)) {
            Images ref = g.sample(50, 3L);
            BufferedImage img = ImageIO.read(whole.resolve("000000037.png").toFile());
            assertEquals(ref.bytes(37)[14 * 28 + 9] & 0xff, img.getRaster().getSample(9, 14, 0));
        }
    }

    @Test
    void anInterruptedRunResumesWithoutDuplicatesOrGaps() throws Exception {
        Path ref = dir.resolve("ref");
        assertEquals(
                ExitCode.OK.code(),
                run("render", tiny.toString(), "-n", "300", "--seed", "5", "-q", "-o", ref.toString())
                        .code());
        Map<Long, String> expected = manifest(ref);

        // The state a kill leaves: units of 64 done up to image 127, image 130 already renamed into place but not yet
        // in the manifest, a temporary file, a torn last manifest line, and a damaged file in the second unit.
        Path cut = dir.resolve("cut");
        assertEquals(
                ExitCode.OK.code(),
                run("render", tiny.toString(), "-n", "300", "--seed", "5", "-q", "-o", cut.toString())
                        .code());
        List<String> lines = Files.readAllLines(cut.resolve("manifest.jsonl"));
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            kept.append(lines.get(i)).append('\n');
        }
        kept.append(lines.get(128), 0, 20);
        Files.writeString(cut.resolve("manifest.jsonl"), kept.toString());
        for (int i = 131; i < 300; i++) {
            Files.delete(cut.resolve(String.format("%09d.png", i)));
        }
        Files.write(cut.resolve("000000140.png.part"), new byte[] {1, 2, 3});
        Files.write(cut.resolve("000000100.png"), new byte[] {9, 9}); // damaged: unit 64..127 is rendered again
        Files.delete(cut.resolve("summary.json"));

        SampleCommandTest.Run r =
                run("render", tiny.toString(), "-n", "300", "--seed", "5", "--batch-size", "16", "-o", cut.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.err().contains("images 64..127 listed in the manifest are missing or damaged"), r.err());
        assertTrue(r.err().contains("resuming: 64 images already rendered and verified"), r.err());
        assertEquals(expected, manifest(cut), "complete, no duplicates, same images");
        assertTrue(Files.exists(cut.resolve("summary.json")));
    }

    /**
     * A run started with a name without a version resumes that version, not a newer one published since (attack
     * re-test: "run the same command again" was refused as "a run of other arguments" after a new version appeared).
     */
    @Test
    void aRunOfANameResumesTheVersionItWasStartedWith() throws Exception {
        Path out = dir.resolve("pinned");
        SampleCommandTest.Run first =
                run("render", "fashion-dcgan@1.0.1", "-n", "70", "--seed", "4", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), first.code(), first.err());
        // the same folder with the bare name, which now resolves to 1.1.0
        SampleCommandTest.Run again = run("render", "fashion-dcgan", "-n", "70", "--seed", "4", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), again.code(), again.err());
        assertTrue(
                again.err()
                        .contains(out.resolve("render.json") + " records a run of fashion-dcgan@1.0.1; rendering"
                                + " that version (fashion-dcgan was given without one)"),
                again.err());
        assertTrue(again.out().contains("of fashion-dcgan@1.0.1 (seed 4)"), again.out());
        // an explicit other version is still another run
        SampleCommandTest.Run other =
                run("render", "fashion-dcgan@1.1.0", "-n", "70", "--seed", "4", "-o", out.toString());
        assertEquals(ExitCode.USAGE.code(), other.code(), other.err());
    }

    /**
     * The line a render stopped by a signal says (the shutdown hook's), from the start of the command: a run stopped
     * before its first image said only "nothing is left half-written" though the folder held a run to resume.
     */
    @Test
    void theStopLineSaysWhatTheManifestLists() throws Exception {
        Path none = dir.resolve("not-yet");
        assertEquals(
                "no image was complete yet; run the same command again to start it (what " + none + " holds is this"
                        + " run's own: delete it if you will not)",
                RenderCommand.keptLine(none));
        Path some = Files.createDirectories(dir.resolve("some"));
        Files.writeString(some.resolve("manifest.jsonl"), "{}\n".repeat(1234));
        assertEquals(
                "the 1,234 images listed in " + some.resolve("manifest.jsonl") + " are complete and kept; run the same"
                        + " command again to resume",
                RenderCommand.keptLine(some));
    }

    @Test
    void aKilledProcessResumesToExactlyTheUninterruptedOutput() throws Exception {
        // A render in a child JVM is SIGKILLed (destroyForcibly) once its manifest passes 2,000 lines; the same
        // command then completes the run. Every image is listed once and equals an uninterrupted run's.
        Path killed = dir.resolve("killed");
        String[] args = {
            "render",
            tiny.toString(),
            "-n",
            "40000",
            "--seed",
            "8",
            "--format",
            "wds",
            "--per-tar",
            "500",
            "--batch-size",
            "100",
            "-q",
            "-o",
            killed.toString()
        };
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        Path manifest = killed.resolve("manifest.jsonl");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive()
                && System.nanoTime() < deadline
                && (!Files.exists(manifest) || Files.size(manifest) < 2000L * 100)) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child finished before it could be killed; render more images");
        p.destroyForcibly().waitFor();
        long before = Files.readAllLines(manifest).size();
        assertTrue(before < 40000, "killed mid-run: " + before);

        SampleCommandTest.Run r = run(args);
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        Map<Long, String> resumed = manifest(killed);
        assertEquals(40000, resumed.size());
        Path whole = dir.resolve("uninterrupted");
        args[args.length - 1] = whole.toString();
        assertEquals(ExitCode.OK.code(), run(args).code());
        assertEquals(manifest(whole), resumed);
        assertArrayEquals(
                Files.readAllBytes(whole.resolve("shard-000039500.tar")),
                Files.readAllBytes(killed.resolve("shard-000039500.tar")));
        try (var files = Files.list(killed)) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".part")).count(), "no temporary files left");
        }
    }

    @Test
    void npyAndWebDatasetOutputsReadBack() throws Exception {
        Path npy = dir.resolve("npy");
        assertEquals(
                ExitCode.OK.code(),
                run("render", cgan.toString(), "-n", "10", "--seed", "2", "--format", "npy", "-q", "-o", npy.toString())
                        .code());
        byte[] a = Files.readAllBytes(npy.resolve("images.npy"));
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(0));
        int headerLen = b.getShort(8);
        String header = new String(a, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '|u1'") && header.contains("'shape': (10, 28, 28, 1)"), header);
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(10 + headerLen + 10 * 784, a.length);
        byte[] labels = Files.readAllBytes(npy.resolve("labels.npy"));
        ByteBuffer lb = ByteBuffer.wrap(labels).order(ByteOrder.LITTLE_ENDIAN);
        int lh = lb.getShort(8);
        try (Generator g = Generator.load(cgan)) {
            Images ref = g.sample(10, 2L);
            for (int k = 0; k < 10; k++) {
                assertEquals(k % g.classes().size(), lb.getLong(10 + lh + 8 * k), "label " + k);
                byte[] row = Arrays.copyOfRange(a, 10 + headerLen + k * 784, 10 + headerLen + (k + 1) * 784);
                assertArrayEquals(ref.bytes(k), row, "row " + k);
            }
        }
        assertFalse(Files.exists(npy.resolve("images.npy.part")));

        Path wds = dir.resolve("wds");
        assertEquals(
                ExitCode.OK.code(),
                run(
                                "render",
                                cgan.toString(),
                                "-n",
                                "7",
                                "--seed",
                                "2",
                                "--format",
                                "wds",
                                "--per-tar",
                                "3",
                                "--label",
                                "1",
                                "-q",
                                "-o",
                                wds.toString())
                        .code());
        List<String> tars = new ArrayList<>();
        try (var s = Files.list(wds)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tar"))
                    .sorted()
                    .forEach(tars::add);
        }
        assertEquals(List.of("shard-000000000.tar", "shard-000000003.tar", "shard-000000006.tar"), tars);
        byte[] tar = Files.readAllBytes(wds.resolve("shard-000000003.tar"));
        assertEquals("000000003.png", new String(tar, 0, 13, StandardCharsets.US_ASCII));
        assertEquals("ustar", new String(tar, 257, 5, StandardCharsets.US_ASCII));
        String all = new String(tar, StandardCharsets.ISO_8859_1);
        assertTrue(all.contains("{\"index\":4,\"seed\":2,\"label\":1,\"class\":"), "sample 4's json");
        assertEquals(7, manifest(wds).size());

        // Several classes: image k takes the (k mod 2)-th.
        Path two = dir.resolve("two");
        assertEquals(
                ExitCode.OK.code(),
                run("render", cgan.toString(), "-n", "6", "--seed", "2", "--labels", "2,0", "-q", "-o", two.toString())
                        .code());
        List<String> lines = Files.readAllLines(two.resolve("manifest.jsonl"));
        for (int k = 0; k < 6; k++) {
            assertTrue(lines.get(k).contains("\"label\":" + (k % 2 == 0 ? 2 : 0)), lines.get(k));
        }
    }

    @Test
    void clearErrorsBeforeAnyWork() throws Exception {
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        SampleCommandTest.Run r = run("render", tiny.toString(), "-n", "5", "-o", foreign.toString());
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(r.err().contains("is not empty and holds no render.json"), r.err());
        assertFalse(Files.exists(foreign.resolve(".render.lock")), "a refused run leaves no lock file behind");

        Path other = dir.resolve("other");
        assertEquals(
                ExitCode.OK.code(),
                run("render", tiny.toString(), "-n", "5", "-q", "-o", other.toString())
                        .code());
        SampleCommandTest.Run again = run("render", tiny.toString(), "-n", "6", "-o", other.toString());
        assertEquals(ExitCode.USAGE.code(), again.code());
        assertTrue(
                again.err().contains("holds a run of other arguments (")
                        && again.err().contains(", 5 images, png,")
                        && again.err().contains("this one is ")
                        && again.err().contains(", 6 images, png,"),
                again.err());
        assertEquals(1, again.err().strip().lines().count(), "one line: " + again.err());

        Path hugeNpy = dir.resolve("huge-npy");
        SampleCommandTest.Run npy = run(
                "render", tiny.toString(), "-n", "9223372036854775807", "--format", "npy", "-o", hugeNpy.toString());
        assertEquals(ExitCode.USAGE.code(), npy.code());
        assertTrue(npy.err().contains("npy: at most 2147483647 images per shard"), npy.err());
        assertFalse(Files.exists(hugeNpy), "a refused render creates nothing");
        // a count near Long.MAX_VALUE: shard bounds and the disk estimate must not wrap round to small or negative
        // numbers
        for (String shard : new String[] {"0/1", "1/2", "6/7"}) {
            Path huge = dir.resolve("huge-" + shard.replace('/', '-'));
            SampleCommandTest.Run big = run(
                    "render", tiny.toString(), "-n", "9223372036854775807", "--shard", shard, "-o", huge.toString());
            assertEquals(ExitCode.USAGE.code(), big.code(), shard + ": " + big.err());
            assertFalse(
                    java.util.regex.Pattern.compile("(^|[ (,])-\\d")
                            .matcher(big.err())
                            .find(),
                    "no negative number in the message: " + big.err());
            assertFalse(Files.exists(huge.resolve("render.json")), "nothing rendered for " + shard);
        }

        SampleCommandTest.Run label = run(
                "render",
                cgan.toString(),
                "-n",
                "5",
                "--label",
                "Unicorn",
                "-o",
                dir.resolve("l").toString());
        assertEquals(ExitCode.USAGE.code(), label.code());
        assertTrue(label.err().contains("no such class"), label.err());
        assertFalse(Files.exists(dir.resolve("l")), "nothing made before the check");
        SampleCommandTest.Run shard = run(
                "render",
                tiny.toString(),
                "-n",
                "5",
                "--shard",
                "3/3",
                "-o",
                dir.resolve("s").toString());
        assertEquals(ExitCode.USAGE.code(), shard.code());
        SampleCommandTest.Run huge = run(
                "render",
                tiny.toString(),
                "-n",
                "1000000000000",
                "-o",
                dir.resolve("h").toString());
        assertEquals(ExitCode.USAGE.code(), huge.code());
        assertTrue(huge.err().contains("not enough disk space"), huge.err());
        assertFalse(Files.exists(dir.resolve("h")), "nothing made before the check");
        SampleCommandTest.Run fmt = run(
                "render",
                tiny.toString(),
                "-n",
                "5",
                "--format",
                "gif",
                "-o",
                dir.resolve("f").toString());
        assertEquals(ExitCode.USAGE.code(), fmt.code(), fmt.err());
        assertTrue(fmt.err().contains("expected png, npy or wds"), fmt.err());
    }
}
