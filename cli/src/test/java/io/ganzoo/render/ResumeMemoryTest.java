package io.ganzoo.render;

import io.ganzoo.cli.Main;
import io.ganzoo.cli.SampleCommandTest;
import io.ganzoo.console.ExitCode;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 25, "resume memory": a WebDataset run resumed under {@code -Xmx64m} read each tar shard whole and ran out of
 * memory (the first run had succeeded). Verification streams the tar now.
 */
class ResumeMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aShardLargerThanTheHeapIsVerifiedByStreaming() throws Exception {
        Path tiny = dir.resolve("tiny-dcgan.onnx");
        try (var in = ResumeMemoryTest.class.getResourceAsStream("/fixtures/tiny-dcgan.onnx")) {
            Files.write(tiny, in.readAllBytes());
        }
        Path out = dir.resolve("wds");
        // 16,000 samples in one tar: four 512-byte blocks each, a 32 MB shard
        String[] args = {
            "render",
            tiny.toString(),
            "-n",
            "16000",
            "--seed",
            "3",
            "--format",
            "wds",
            "--per-tar",
            "16000",
            "-q",
            "-o",
            out.toString()
        };
        SampleCommandTest.Run first = SampleCommandTest.run(args);
        assertEquals(ExitCode.OK.code(), first.code(), first.err());
        Path tar;
        try (var s = Files.list(out)) {
            tar = s.filter(p -> p.toString().endsWith(".tar")).findFirst().orElseThrow();
        }
        assertTrue(Files.size(tar) > 30_000_000L, "shard of " + Files.size(tar) + " bytes");
        String before = Zoo.sha256(Files.readAllBytes(tar));

        String err = underSmallHeap(args);
        assertTrue(err.startsWith("exit 0"), "verified again under -Xmx24m: " + err);
        assertEquals(before, Zoo.sha256(Files.readAllBytes(tar)), "verified, not rendered again");
    }

    /**
     * The same kind for the manifest: a resumed run read manifest.jsonl whole and kept every entry in a list, so a
     * long run could be rendered but not resumed in the same heap. Here a 150,000-image npy run whose rows are all
     * rendered (zero rows of a pre-sized array, as the npy sink leaves them; the manifest's 17 MB list their
     * hashes) is resumed under -Xmx24m: it verifies every row and finishes.
     */
    @Test
    void aLongManifestIsReadAUnitAtATime() throws Exception {
        Path tiny = dir.resolve("tiny-dcgan.onnx");
        try (var in = ResumeMemoryTest.class.getResourceAsStream("/fixtures/tiny-dcgan.onnx")) {
            Files.write(tiny, in.readAllBytes());
        }
        int n = 150_000;
        Path out = dir.resolve("long");
        Renderer.Spec spec = new Renderer.Spec(
                tiny.toString(), Zoo.sha256(Files.readAllBytes(tiny)), 3, n, "npy", List.of(), 0, 1, 0);
        try (io.ganzoo.sdk.Generator g = io.ganzoo.sdk.Generator.load(tiny);
                Renderer.Hold hold = Renderer.prepare(out, spec, 0)) {
            Formats.NPY.sink(g, spec, spec.first(), spec.end(), out, 64); // the pre-sized images.npy.part
        }
        String zeroRow = Zoo.sha256(new byte[28 * 28]);
        try (var w = Files.newBufferedWriter(out.resolve(Manifest.FILE))) {
            List<Manifest.Entry> line = new java.util.ArrayList<>(List.of(new Manifest.Entry(0, 3, -1, "", "")));
            for (int k = 0; k < n; k++) {
                line.set(0, new Manifest.Entry(k, 3, -1, NpySink.IMAGES, zeroRow));
                w.write(Manifest.lines(line));
            }
        }
        assertTrue(Files.size(out.resolve(Manifest.FILE)) > 16_000_000L);
        String err = underSmallHeap(new String[] {
            "render", tiny.toString(), "-n", "" + n, "--seed", "3", "--format", "npy", "-o", out.toString()
        });
        assertTrue(err.startsWith("exit 0"), "resumed under -Xmx24m: " + err);
        assertTrue(err.contains("resuming: 150,000 images already rendered and verified"), err);
        assertTrue(Files.exists(out.resolve(NpySink.IMAGES)));
    }

    /**
     * The same kind for a conditional npy run (attack pass): its labels were an int array of the run's length, made
     * before the first image (10,000,000 images under -Xmx32m: out of memory at once). labels.npy is streamed now; a
     * 5,000,000-image run under -Xmx16m starts rendering (and is stopped once its first unit is in the manifest).
     */
    @Test
    void aLongConditionalNpyRunStartsInASmallHeap() throws Exception {
        Path cgan = dir.resolve("tiny-cgan.onnx");
        try (var in = ResumeMemoryTest.class.getResourceAsStream("/fixtures/tiny-cgan.onnx")) {
            Files.write(cgan, in.readAllBytes());
        }
        Path out = dir.resolve("labels");
        Process p = startCli("-Xmx16m", dir.resolve("labels.err"), new String[] {
            "render", cgan.toString(), "-n", "5000000", "--format", "npy", "-q", "-o", out.toString()
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try {
            while (Manifest.count(out.resolve(Manifest.FILE)) == 0) {
                assertTrue(
                        p.isAlive(),
                        "ended before its first unit: exit " + (p.isAlive() ? "" : p.exitValue()) + " "
                                + Files.readString(dir.resolve("labels.err")));
                assertTrue(System.nanoTime() < until, "no unit after 120 s");
                Thread.sleep(50);
            }
        } finally {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        assertTrue(!Files.readString(dir.resolve("labels.err")).contains("out of memory"));
    }

    @Test
    void memberHashesAreThoseOfTheMembersAndATornShardIsAnError() throws Exception {
        Path out = dir.resolve("small");
        Path tiny = dir.resolve("tiny.onnx");
        try (var in = ResumeMemoryTest.class.getResourceAsStream("/fixtures/tiny-dcgan.onnx")) {
            Files.write(tiny, in.readAllBytes());
        }
        assertEquals(
                ExitCode.OK.code(),
                SampleCommandTest.run(
                                "render", tiny.toString(), "-n", "5", "--format", "wds", "-q", "-o", out.toString())
                        .code());
        Path tar;
        try (var s = Files.list(out)) {
            tar = s.filter(x -> x.toString().endsWith(".tar")).findFirst().orElseThrow();
        }
        byte[] all = Files.readAllBytes(tar);
        Map<String, String> sums = TarSink.memberHashes(tar);
        assertEquals(10, sums.size(), sums.keySet().toString()); // a .png and a .json per sample
        // a plain reading of the first member: name at 0, octal size at 124, data from 512
        String name = new String(all, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
        int size = Integer.parseInt(new String(all, 124, 11, StandardCharsets.US_ASCII).trim(), 8);
        byte[] data = new byte[size];
        System.arraycopy(all, 512, data, 0, size);
        assertEquals(Zoo.sha256(data), sums.get(name));
        Path torn = dir.resolve("torn.tar");
        Files.write(torn, java.util.Arrays.copyOf(all, 512 + size / 2));
        assertThrows(IOException.class, () -> TarSink.memberHashes(torn));
    }

    /** Starts {@code ganzoo ARGS} in a JVM of the given heap, standard error into {@code err} (or a pipe if null). */
    private static Process startCli(String heap, Path err, String[] args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(concat(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                heap,
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()),
                        args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (err != null) {
            pb.redirectError(err.toFile());
        }
        return pb.start();
    }

    /** Runs {@code ganzoo ARGS} in a JVM of 24 MB heap; returns "exit N" and its standard error. */
    private static String underSmallHeap(String[] args) throws Exception {
        Process p = startCli("-Xmx24m", null, args);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return "exit " + p.exitValue() + "\n" + err;
    }

    private static List<String> concat(List<String> a, String[] b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
