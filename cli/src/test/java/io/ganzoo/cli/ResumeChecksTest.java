package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.zoo.Zoo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a resumed render keeps, found by the attack pass of issue 26: a WebDataset tar with a damaged JSON member,
 * header or end, an array with a damaged header, a finished array run again and stopped, a folder joined from shards,
 * an unreadable render.json, and a model file replaced under the same name. Each is rendered again, kept or refused
 * so that the folder ends as an uninterrupted run's, byte for byte.
 */
class ResumeChecksTest {
    @TempDir
    static Path dir;

    static Path cgan;

    @BeforeAll
    static void fixtures() throws Exception {
        cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
    }

    /** Every file of a folder but summary.json and the lock, by path, with its SHA-256. */
    static Map<String, String> files(Path out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = out.relativize(p).toString();
                if (!name.equals("summary.json") && !name.equals(".render.lock")) {
                    m.put(name, Zoo.sha256(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    private static SampleCommandTest.Run render(Path out, String... more) {
        String[] base = {"render", cgan.toString(), "-n", "250", "--seed", "4", "-q", "-o", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    private static void patch(Path f, long at, byte[] bytes) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.seek(at);
            r.write(bytes);
        }
    }

    @Test
    void aDamagedTarIsRenderedAgainWhateverPartIsDamaged() throws Exception {
        Path ref = dir.resolve("wds-ref");
        assertEquals(0, render(ref, "--format", "wds", "--per-tar", "100").code());
        Map<String, String> expected = files(ref);
        // [member 0 PNG header][PNG][pad][member 0 JSON header at 512 * (1 + PNG blocks)]...: damage each kind
        String[] kinds = {"json", "mode", "junk", "end"};
        for (String kind : kinds) {
            Path out = dir.resolve("wds-" + kind);
            assertEquals(0, render(out, "--format", "wds", "--per-tar", "100").code());
            Path tar = out.resolve("shard-000000100.tar");
            long size = Files.size(tar);
            switch (kind) {
                case "json" -> {
                    // the first JSON member's data: after the PNG's header and blocks, and its own header
                    byte[] t = Files.readAllBytes(tar);
                    long png = Long.parseLong(new String(t, 124, 11, java.nio.charset.StandardCharsets.US_ASCII), 8);
                    long jsonData = 512 + (png + 511) / 512 * 512 + 512;
                    patch(tar, jsonData + 2, new byte[] {'X'});
                }
                case "mode" -> patch(tar, 100, "0000755".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                case "junk" ->
                    Files.write(tar, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, java.nio.file.StandardOpenOption.APPEND);
                default -> {
                    try (RandomAccessFile r = new RandomAccessFile(tar.toFile(), "rw")) {
                        r.setLength(size - 1024);
                    }
                }
            }
            SampleCommandTest.Run again = run(
                    "render",
                    cgan.toString(),
                    "-n",
                    "250",
                    "--seed",
                    "4",
                    "--format",
                    "wds",
                    "--per-tar",
                    "100",
                    "-o",
                    out.toString());
            assertEquals(0, again.code(), again.err());
            assertTrue(
                    again.err().contains("images 100..199 listed in the manifest are missing or damaged"),
                    kind + ": " + again.err());
            assertEquals(expected, files(out), kind + ": the resumed folder is the uninterrupted run's");
        }
    }

    @Test
    void anArrayWithADamagedHeaderIsWrittenAnewAndAFinishedOneRunAgainStaysInPlace() throws Exception {
        Path ref = dir.resolve("npy-ref");
        assertEquals(0, render(ref, "--format", "npy").code());
        Map<String, String> expected = files(ref);

        Path out = dir.resolve("npy-header");
        assertEquals(0, render(out, "--format", "npy").code());
        patch(out.resolve("images.npy"), 0, new byte[] {'X'}); // the magic byte
        SampleCommandTest.Run again = render(out, "--format", "npy");
        assertEquals(0, again.code(), again.err());
        assertEquals(expected, files(out), "the array is numpy's again");

        // a finished run run again finds everything in place and leaves the array under its name throughout
        Path done = dir.resolve("npy-done");
        assertEquals(0, render(done, "--format", "npy").code());
        io.ganzoo.render.Sink sink;
        try (io.ganzoo.sdk.Generator g = io.ganzoo.sdk.Generator.load(cgan)) {
            io.ganzoo.render.Renderer.Spec spec = io.ganzoo.render.Renderer.spec(
                    g,
                    4,
                    250,
                    io.ganzoo.render.Formats.NPY,
                    java.util.List.of(),
                    new io.ganzoo.render.Renderer.Shard(0, 1),
                    1000);
            sink = io.ganzoo.render.Formats.NPY.sink(g, spec, 0, 250, done, 64);
            // a stop here (the process killed while the rows are verified) leaves the finished array where it was
            assertTrue(Files.isRegularFile(done.resolve("images.npy")), "images.npy stays while it is verified");
            assertTrue(!Files.exists(done.resolve("images.npy.part")));
            sink.finish();
        }
        assertEquals(expected, files(done));
    }

    @Test
    void aFolderJoinedFromShardsIsNotCutByOneShardsCommand() throws Exception {
        Path joined = dir.resolve("joined");
        assertEquals(0, render(joined).code());
        String manifest = Files.readString(joined.resolve("manifest.jsonl"));
        // the spec of shard 2/3 in the joined folder, as a user joining shards would have it
        Path shard = dir.resolve("shard2");
        assertEquals(0, render(shard, "--shard", "2/3").code());
        Files.copy(
                shard.resolve("render.json"),
                joined.resolve("render.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SampleCommandTest.Run r = render(joined, "--shard", "2/3");
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(r.err().contains("lists image 0, outside this run's images 166..249"), r.err());
        assertEquals(manifest, Files.readString(joined.resolve("manifest.jsonl")), "the manifest is as it was");
    }

    @Test
    void labelListsWithEmptyEntriesAndLinkedLocksAreRefused() throws Exception {
        for (String labels : new String[] {",", "0,", ",1", "0,,1"}) {
            SampleCommandTest.Run r = render(dir.resolve("labels-" + labels.length()), "--label", labels);
            assertEquals(ExitCode.USAGE.code(), r.code(), labels);
            assertTrue(r.err().contains("found an empty one in '" + labels + "'"), r.err());
        }
        Path out = Files.createDirectories(dir.resolve("linked-lock"));
        Path target = Files.writeString(dir.resolve("not-a-lock.txt"), "keep me");
        Files.createSymbolicLink(out.resolve(".render.lock"), target);
        SampleCommandTest.Run r = render(out);
        assertEquals(ExitCode.USAGE.code(), r.code(), r.err());
        assertTrue(r.err().contains(".render.lock is a symbolic link"), r.err());
        assertEquals("keep me", Files.readString(target));

        // a shard count beyond an int says so; a folder inside another render's folder is refused (attack pass)
        SampleCommandTest.Run big = render(dir.resolve("big"), "--shard", "0/99999999999");
        assertEquals(ExitCode.USAGE.code(), big.code());
        assertTrue(big.err().contains("(i and k are at most 2147483647)"), big.err());
        Path outer = dir.resolve("outer");
        assertEquals(0, render(outer).code());
        SampleCommandTest.Run inner = render(outer.resolve("Dress").resolve("sub"));
        assertEquals(ExitCode.USAGE.code(), inner.code(), inner.err());
        assertTrue(
                inner.err().contains("is inside the folder of another render (" + outer.toAbsolutePath()), inner.err());
        assertTrue(!Files.exists(outer.resolve("Dress").resolve("sub")), "nothing made");
    }

    @Test
    void anUnreadableRecordOrAnotherFileUnderTheSameNameIsSaidAsSuch() throws Exception {
        Path out = dir.resolve("record");
        assertEquals(0, render(out).code());
        Files.writeString(out.resolve("render.json"), "{not json");
        SampleCommandTest.Run r = render(out);
        assertEquals(ExitCode.USAGE.code(), r.code());
        assertTrue(
                r.err().contains("its render.json cannot be read (") && r.err().contains("choose a new folder"),
                r.err());

        Path model = dir.resolve("m.onnx");
        Files.copy(cgan, model);
        Path other = dir.resolve("other-file");
        assertEquals(
                0,
                run("render", model.toString(), "-n", "20", "-q", "-o", other.toString())
                        .code());
        Files.copy(Fixtures.copy(dir, "tiny-dcgan.onnx"), model, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SampleCommandTest.Run again = run("render", model.toString(), "-n", "20", "-q", "-o", other.toString());
        assertEquals(ExitCode.USAGE.code(), again.code());
        assertTrue(again.err().contains("of a model file with another SHA-256"), again.err());
    }
}
