package io.ganzoo.render;

import io.ganzoo.cli.SampleCommandTest;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders that meet a full disk or another render in the same folder: the error names the path, what is complete is
 * kept, the same command resumes it, and a second render of one folder is refused instead of tearing its manifest.
 */
class RenderFailuresTest {
    @TempDir
    Path dir;

    private static SampleCommandTest.Run run(String... args) {
        return SampleCommandTest.run(args);
    }

    private Path tiny() throws IOException {
        Path p = dir.resolve("tiny-dcgan.onnx");
        try (var in = RenderFailuresTest.class.getResourceAsStream("/fixtures/tiny-dcgan.onnx")) {
            Files.write(p, in.readAllBytes());
        }
        return p;
    }

    /** A real PNG folder sink whose disk fills up after {@code units} units. */
    private static Sink fillsUpAfter(Sink real, int units) {
        return failsAfter(real, units, new IOException("No space left on device"));
    }

    /** A real sink that fails with {@code failure} after {@code units} units. */
    private static Sink failsAfter(Sink real, int units, IOException failure) {
        return new Sink() {
            int written;

            @Override
            public int unit() {
                return real.unit();
            }

            @Override
            public List<Manifest.Entry> write(long first, List<byte[]> pixels, int[] labels) throws IOException {
                if (written++ == units) {
                    throw failure;
                }
                return real.write(first, pixels, labels);
            }

            @Override
            public boolean verify(List<Manifest.Entry> unit) throws IOException {
                return real.verify(unit);
            }

            @Override
            public void finish() throws IOException {
                real.finish();
            }
        };
    }

    @Test
    void aFullDiskNamesThePathKeepsWhatIsCompleteAndTheSameCommandResumes() throws Exception {
        Path model = tiny();
        Path ref = dir.resolve("ref");
        assertEquals(
                ExitCode.OK.code(),
                run("render", model.toString(), "-n", "300", "--seed", "5", "-q", "-o", ref.toString())
                        .code());
        Path out = dir.resolve("full");
        Renderer.Spec spec = new Renderer.Spec(
                model.toString(), Zoo.sha256(Files.readAllBytes(model)), 5, 300, "png", List.of(), 0, 1, 0);
        try (Generator g = Generator.load(model);
                Renderer.Hold hold = Renderer.prepare(out, spec, 0)) {
            Sink sink = fillsUpAfter(Formats.PNG.sink(g, spec, spec.first(), spec.end(), out, 64), 2);
            IOException e = assertThrows(IOException.class, () -> Renderer.run(g, spec, out, sink, 64, null, null));
            hold.abandon(e); // as render does: a run with complete images keeps them
            assertEquals(0, e.getSuppressed().length);
            assertTrue(
                    e.getMessage()
                            .startsWith("cannot write " + out + ": No space left on device. The 128 images listed"
                                    + " in " + out.resolve("manifest.jsonl")
                                    + " are complete and kept; free disk space, then run the same"
                                    + " command again to resume."),
                    e.getMessage());
        }
        assertEquals(128, Manifest.read(out).size());
        // the disk check of the resumed run counts only the images still to render: with room for the rest, it starts
        long free = Files.getFileStore(out).getUsableSpace();
        long whole = free / (300 - 128) * 250; // the whole run would not fit; the rest does
        assertTrue(whole > free);
        try (Renderer.Hold h = Renderer.prepare(out, spec, whole)) {
            assertEquals(128, Manifest.read(out).size());
        }
        var again = run("render", model.toString(), "-n", "300", "--seed", "5", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), again.code(), again.err());
        assertTrue(again.err().contains("resuming: 128 images already rendered and verified"), again.err());
        assertEquals(
                Files.readAllLines(ref.resolve("manifest.jsonl")), Files.readAllLines(out.resolve("manifest.jsonl")));
    }

    /**
     * A run that fails before its first image is complete leaves nothing behind: the attack pass found render.json,
     * an empty manifest, a pre-sized images.npy.part and the lock in a folder the run had made. A folder that existed
     * empty is left empty.
     */
    @Test
    void aRunThatFailsBeforeItsFirstImageLeavesNothing() throws Exception {
        Path model = tiny();
        for (OutputFormat f : Formats.all().values()) {
            String format = f.name();
            Renderer.Spec spec = new Renderer.Spec(
                    model.toString(),
                    Zoo.sha256(Files.readAllBytes(model)),
                    5,
                    300,
                    format,
                    List.of(),
                    0,
                    1,
                    f.packs() ? 100 : 0);
            for (boolean existed : new boolean[] {false, true}) {
                Path out = dir.resolve(format + "-" + existed);
                if (existed) {
                    Files.createDirectories(out);
                }
                try (Generator g = Generator.load(model);
                        Renderer.Hold hold = Renderer.prepare(out, spec, 0)) {
                    Sink sink = fillsUpAfter(f.sink(g, spec, spec.first(), spec.end(), out, 64), 0);
                    IOException e =
                            assertThrows(IOException.class, () -> Renderer.run(g, spec, out, sink, 64, null, null));
                    hold.abandon(e);
                    assertEquals(0, e.getSuppressed().length, format);
                }
                if (existed) {
                    try (var s = Files.list(out)) {
                        assertEquals(List.of(), s.toList(), format + ": the empty folder is left empty");
                    }
                } else {
                    assertFalse(Files.exists(out), format + ": the folder the run made is removed");
                }
            }
        }
    }

    /**
     * A disk that fills while a PNG is written (attack pass: the image's .part stayed in the folder, and the message
     * named the folder): the partial file is removed and the failure names the image. /dev/full stands in for the
     * full disk.
     */
    @Test
    void aPngThatCannotBeWrittenWholeIsRemovedAndNamed() throws Exception {
        Path f = Files.createDirectories(dir.resolve("full-png")).resolve("image-0000001.png");
        Path part = f.resolveSibling("image-0000001.png.part");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("/dev/full")), "needs /dev/full");
        Files.createSymbolicLink(part, Path.of("/dev/full"));
        java.nio.file.FileSystemException e = assertThrows(
                java.nio.file.FileSystemException.class, () -> PngFolderSink.writeThenRename(f, new byte[100_000]));
        assertEquals(part.toString(), e.getFile());
        assertTrue(e.getReason().contains("No space left"), e.getReason());
        assertFalse(Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS), "no .part is left");
        assertFalse(Files.exists(f));
        assertTrue(
                Renderer.writeError(dir.resolve("full-png"), 64, e)
                        .getMessage()
                        .startsWith("cannot write " + f + " (written as image-0000001.png.part): No space left"),
                Renderer.writeError(dir.resolve("full-png"), 64, e).getMessage());
    }

    /**
     * Issue 25, "messages that hide the cause": a render folder made unwritable mid-run said "cannot write
     * x.png.part: x.png.part" (Java's AccessDeniedException message is the path alone).
     */
    @Test
    void aFolderMadeUnwritableMidRunSaysPermissionDeniedAndNamesTheFile() throws Exception {
        Path model = tiny();
        Path out = dir.resolve("denied");
        Renderer.Spec spec = new Renderer.Spec(
                model.toString(), Zoo.sha256(Files.readAllBytes(model)), 5, 300, "png", List.of(), 0, 1, 0);
        Path part = out.resolve("00000").resolve("image-0000128.png.part");
        try (Generator g = Generator.load(model);
                Renderer.Hold hold = Renderer.prepare(out, spec, 0)) {
            Sink sink = failsAfter(
                    Formats.PNG.sink(g, spec, spec.first(), spec.end(), out, 64),
                    2,
                    new java.nio.file.AccessDeniedException(part.toString()));
            IOException e = assertThrows(IOException.class, () -> Renderer.run(g, spec, out, sink, 64, null, null));
            assertEquals(
                    "cannot write " + out.resolve("00000").resolve("image-0000128.png")
                            + " (written as image-0000128.png.part): permission denied. The 128 images listed in "
                            + out.resolve("manifest.jsonl")
                            + " are complete and kept; fix that, then run the same command again to resume.",
                    e.getMessage());
        }
    }

    @Test
    void aManifestDamagedByACrashIsRenderedAgainFromTheDamage() throws Exception {
        Path model = tiny();
        Path out = dir.resolve("nul");
        assertEquals(
                ExitCode.OK.code(),
                run("render", model.toString(), "-n", "200", "--seed", "2", "-q", "-o", out.toString())
                        .code());
        List<String> want = Files.readAllLines(out.resolve("manifest.jsonl"));
        byte[] m = Files.readAllBytes(out.resolve("manifest.jsonl"));
        Arrays.fill(m, m.length / 2, m.length, (byte) 0); // NUL bytes, as after a power cut
        Files.write(out.resolve("manifest.jsonl"), m);
        Files.delete(out.resolve("summary.json"));
        var r = run("render", model.toString(), "-n", "200", "--seed", "2", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertEquals(want, Files.readAllLines(out.resolve("manifest.jsonl")));
    }

    /** Two renders into one --out: one reported success with 42,880 NUL bytes and 321 entries missing. */
    @Test
    void aSecondRenderIntoTheSameFolderIsRefused() throws Exception {
        Path model = tiny();
        Path out = dir.resolve("shared");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), out.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader r =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", r.readLine());
            var second = run("render", model.toString(), "-n", "50", "-q", "-o", out.toString());
            assertEquals(ExitCode.USAGE.code(), second.code(), second.err());
            assertTrue(
                    second.err()
                            .contains("another render is writing into this folder (it holds "
                                    + out.resolve(".render.lock") + ")"),
                    second.err());
            assertTrue(!Files.exists(out.resolve("manifest.jsonl")), "the second render wrote nothing");
        } finally {
            holder.getOutputStream().close();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        var after = run("render", model.toString(), "-n", "50", "-q", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), after.code(), "free again once the other process ended: " + after.err());
        // and within one process: a hold refuses a second one
        try (Renderer.Hold h =
                Renderer.prepare(dir.resolve("one"), new Renderer.Spec("m", "s", 1, 1, "png", List.of(), 0, 1, 0), 0)) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> Renderer.prepare(
                            dir.resolve("one"), new Renderer.Spec("m", "s", 1, 1, "png", List.of(), 0, 1, 0), 0));
            assertTrue(e.getMessage().contains("another render is writing into this folder"), e.getMessage());
        }
    }

    /** A finished npy render, run again, reported its first unit as damaged and rendered everything again. */
    @Test
    void aFinishedNpyRunRunAgainIsVerifiedNotRenderedAgain() throws Exception {
        Path model = tiny();
        Path out = dir.resolve("npy");
        assertEquals(
                ExitCode.OK.code(),
                run("render", model.toString(), "-n", "100", "--format", "npy", "-q", "-o", out.toString())
                        .code());
        byte[] first = Files.readAllBytes(out.resolve("images.npy"));
        var again = run("render", model.toString(), "-n", "100", "--format", "npy", "-o", out.toString());
        assertEquals(ExitCode.OK.code(), again.code(), again.err());
        assertTrue(
                !again.err().contains("damaged")
                        && again.err().contains("resuming: 100 images already rendered and" + " verified"),
                again.err());
        assertTrue(again.out().contains(": 0 new"), again.out());
        Assertions.assertArrayEquals(first, Files.readAllBytes(out.resolve("images.npy")));
        assertTrue(!Files.exists(out.resolve("images.npy.part")));
    }
}
