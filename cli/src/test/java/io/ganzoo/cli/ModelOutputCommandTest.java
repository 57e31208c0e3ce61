package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generator's own output (issue 25, "the model's own output"): NaN or infinite values were written as black images
 * with exit 0 by sample and render (npy min = max = 0); values beyond the declared range were clipped silently.
 */
class ModelOutputCommandTest {
    @TempDir
    Path dir;

    @Test
    void sampleRefusesNaNImagesByNumberAndWritesNothing() throws Exception {
        Path nan = Fixtures.copy(dir, "tiny-cgan-nan.onnx"); // class 2 draws NaN
        Path png = dir.resolve("grid.png");
        // labels in turn: images 2 and 6 are of class 2
        SampleCommandTest.Run r = run("sample", nan.toString(), "-n", "8", "--seed", "1", "-o", png.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), r.err());
        assertTrue(r.err().contains("drew NaN or infinite values in 2 of 8 images (images 2, 6; "), r.err());
        assertFalse(Files.exists(png), "nothing is written");
        assertEquals(1, r.err().strip().lines().count(), "one line without -v: " + r.err());
        // the other classes draw
        SampleCommandTest.Run ok =
                run("sample", nan.toString(), "-n", "4", "--label", "1", "--seed", "1", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), ok.code(), ok.err());
    }

    @Test
    void renderStopsBeforeWritingTheBatchThatHoldsNaN() throws Exception {
        Path nan = Fixtures.copy(dir, "tiny-cgan-nan.onnx");
        for (String format : new String[] {"png", "npy", "wds"}) {
            Path out = dir.resolve("render-" + format);
            // class 0 only: images draw; then class 2, whose first image is the run's image 0 of --label 2
            SampleCommandTest.Run r = run(
                    "render",
                    nan.toString(),
                    "-n",
                    "100",
                    "--label",
                    "2",
                    "--format",
                    format,
                    "--batch-size",
                    "16",
                    "-o",
                    out.toString());
            assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), format + ": " + r.err());
            assertTrue(r.err().contains("drew NaN or infinite values in 16 of 16 images (images 0, 1, 2, "), r.err());
            // a run that fails before its first image leaves nothing: no render.json, empty manifest, pre-sized
            // images.npy.part or lock (the attack pass found all four left behind)
            assertFalse(Files.exists(out), format + ": the folder the run made is removed");
            Path empty = Files.createDirectories(dir.resolve("empty-" + format));
            SampleCommandTest.Run again = run(
                    "render", nan.toString(), "-n", "100", "--label", "2", "--format", format, "-o", empty.toString());
            assertEquals(ExitCode.MODEL_UNUSABLE.code(), again.code(), format + ": " + again.err());
            try (Stream<Path> files = Files.list(empty)) {
                assertEquals(List.of(), files.toList(), format + ": a folder that was empty is left empty");
            }
        }
        // a render of several classes names the run's own image numbers (labels in turn: 2, 6, 10, ... of class 2)
        Path out = dir.resolve("render-mixed");
        SampleCommandTest.Run r = run(
                "render", nan.toString(), "-n", "64", "--format", "npy", "--batch-size", "16", "-o", out.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), r.err());
        assertTrue(r.err().contains("in 4 of 16 images (images 2, 6, 10, 14; "), r.err());
        // part-way: images 0 and 1 (classes 0, 1) are written one batch each, image 2 (class 2) fails; the kept
        // images are said, and no seed is blamed for a class that is broken
        Path partly = dir.resolve("render-partly");
        SampleCommandTest.Run p = run(
                "render", nan.toString(), "-n", "10", "--batch-size", "1", "--format", "png", "-o", partly.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), p.code(), p.err());
        assertTrue(
                p.err()
                        .contains("The 2 images listed in " + partly.resolve("manifest.jsonl")
                                + " before it are complete and kept."),
                p.err());
        assertTrue(!p.err().contains("try other seeds") && p.err().contains("whatever the seed"), p.err());
        // a WebDataset tar lists its images when it is complete: none is, so none is said to be kept, and the run
        // leaves nothing (attack re-test: "the 2 images ... are kept" in a folder it had removed)
        Path tars = dir.resolve("render-partly-wds");
        SampleCommandTest.Run w = run(
                "render", nan.toString(), "-n", "10", "--batch-size", "1", "--format", "wds", "-o", tars.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), w.code(), w.err());
        assertFalse(w.err().contains("kept"), w.err());
        assertFalse(Files.exists(tars), "nothing kept, nothing left");
    }

    /**
     * A grid drawn a row at a time names the row that drew NaN and numbers images within it (re-test: every row's
     * images were numbered from 0 with no row said, so "image 0" could be any row's).
     */
    @Test
    void gridsSayTheRowThatDrewNaN() throws Exception {
        Path nan = Fixtures.copy(dir, "tiny-cgan-nan.onnx"); // class 2 draws NaN; interpolate's row r draws class r
        Path png = dir.resolve("rows.png");
        SampleCommandTest.Run r =
                run("interpolate", nan.toString(), "--rows", "3", "--steps", "4", "-o", png.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), r.code(), r.err());
        assertTrue(
                r.err()
                        .contains(", in row 2 of the grid (4 -> 5; images numbered from 0 in the row), drew NaN or"
                                + " infinite values in 4 of 4 images (images 0, 1, 2, 3; "),
                r.err());
        assertFalse(Files.exists(png));
        SampleCommandTest.Run a = run("arithmetic", nan.toString(), "1,2 - 3", "--label", "2", "-o", png.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), a.code(), a.err());
        assertTrue(
                a.err()
                        .contains(", in row 0 of the grid (images 1,2 and their mean; images numbered from 0 in the"
                                + " row), drew NaN or infinite values in 3 of 3 images"),
                a.err());
        assertFalse(Files.exists(png));
    }

    @Test
    void valuesBeyondTheRangeAreReportedOnce() throws Exception {
        Path untamed = Fixtures.copy(dir, "tiny-dcgan-untamed.onnx");
        Path png = dir.resolve("untamed.png");
        SampleCommandTest.Run r = run("sample", untamed.toString(), "-n", "4", "--seed", "1", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(Files.exists(png));
        assertTrue(
                r.err()
                        .matches("(?s)ganzoo: note: [0-9,]+ of 3,136 values .* were outside its range \\[-1.0, 1.0\\]"
                                + " and were clipped to it\\R"),
                r.err());
        SampleCommandTest.Run tame = run(
                "sample",
                Fixtures.copy(dir, "tiny-dcgan.onnx").toString(),
                "-n",
                "4",
                "-o",
                dir.resolve("tame.png").toString());
        assertEquals("", tame.err());
    }
}
