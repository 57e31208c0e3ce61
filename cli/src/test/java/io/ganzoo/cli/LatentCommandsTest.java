package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Interpolation;
import io.ganzoo.sdk.Latents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentCommandsTest {
    @TempDir
    static Path dir;

    static Path tiny;
    static Path cgan;

    @BeforeAll
    static void fixtures() throws Exception {
        tiny = Fixtures.copy(dir, "tiny-dcgan.onnx");
        cgan = Fixtures.copy(dir, "tiny-cgan.onnx");
    }

    /** Gray value of pixel (x, y) of tile (col, row) of a grid with 2-pixel padding and 28x28 tiles. */
    static int tile(BufferedImage img, int col, int row, int x, int y) {
        return img.getRaster().getSample(2 + col * 30 + x, 2 + row * 30 + y, 0);
    }

    @Test
    void interpolateDrawsOneRowPerPairWithTheKeysAtTheEnds() throws Exception {
        Path png = dir.resolve("interp.png");
        SampleCommandTest.Run r = run(
                "interpolate", tiny.toString(), "--seed", "7", "--keys", "3,5,1", "--steps", "6", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(6 * 28 + 7 * 2, img.getWidth());
        assertEquals(2 * 28 + 3 * 2, img.getHeight());
        try (Generator g = Generator.load(tiny)) {
            Images keys = g.sample(6, 7L);
            byte[] k5 = keys.bytes(5);
            // Row 0 ends at image 5 and row 1 starts there; row 1 ends at image 1.
            assertEquals(k5[14 * 28 + 14] & 0xff, tile(img, 5, 0, 14, 14));
            assertEquals(k5[14 * 28 + 14] & 0xff, tile(img, 0, 1, 14, 14));
            assertEquals(keys.bytes(1)[10 * 28 + 9] & 0xff, tile(img, 5, 1, 9, 10));
            // A midpoint is the model's image of the slerp midpoint.
            Latents z = g.latents(6, 7L);
            Latents path = Latents.interpolate(z.select(3), z.select(5), 6, Interpolation.SLERP);
            assertEquals(g.generate(path).bytes(2)[14 * 28 + 14] & 0xff, tile(img, 2, 0, 14, 14));
        }
    }

    @Test
    void walkWritesALoopingAnimationOfEveryFrame() throws Exception {
        Path apng = dir.resolve("walk.png");
        SampleCommandTest.Run r =
                run("walk", tiny.toString(), "--keys", "0,1,2", "--steps", "5", "--scale", "2", "-o", apng.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("15-frame walk"), r.out()); // 3 segments (back to the first) of 5
        byte[] b = Files.readAllBytes(apng);
        ByteBuffer bb = ByteBuffer.wrap(b);
        assertEquals(56, bb.getInt(16), "width 28 x 2");
        // acTL follows IHDR: frames and plays.
        assertEquals("acTL", new String(b, 37, 4, StandardCharsets.US_ASCII));
        assertEquals(15, bb.getInt(41));
        assertEquals(0, bb.getInt(45));
    }

    /** walk --no-return looped for ever (APNG plays 0) although its help says it stops on the last key. */
    @Test
    void walkWithoutReturnPlaysOnceAndPlaysIsAnOption() throws Exception {
        Path once = dir.resolve("once.png");
        SampleCommandTest.Run r =
                run("walk", tiny.toString(), "--keys", "0,1,2", "--steps", "4", "--no-return", "-o", once.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        assertTrue(r.out().contains("(plays 1x)"), r.out());
        assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(once)).getInt(45), "acTL num_plays");
        Path thrice = dir.resolve("thrice.png");
        assertEquals(
                ExitCode.OK.code(),
                run("walk", tiny.toString(), "--plays", "3", "-o", thrice.toString())
                        .code());
        assertEquals(3, ByteBuffer.wrap(Files.readAllBytes(thrice)).getInt(45));
        SampleCommandTest.Run bad = run("walk", tiny.toString(), "--plays", "-1", "-o", thrice.toString());
        assertEquals(ExitCode.USAGE.code(), bad.code());
        assertTrue(bad.err().contains("--plays: expected 0 (for ever) or more, found -1"), bad.err());
    }

    /** "arithmetic MODEL -1,2" was "Missing required parameter" (issue 25): an expression may start with a minus. */
    @Test
    void anExpressionMayStartWithAMinus() throws Exception {
        Path png = dir.resolve("minus.png");
        SampleCommandTest.Run r =
                run("arithmetic", tiny.toString(), "-0,1 + 2", "--neighbours", "1", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        try (Generator g = Generator.load(tiny)) {
            Latents z = g.latents(3, 7L);
            Latents result = z.select(2).mean().minus(z.select(0, 1).mean());
            byte[] expected = g.generate(result).bytes(0);
            assertEquals(expected[14 * 28 + 13] & 0xff, tile(img, 0, 2, 13, 14), "the result: 2 - mean(0, 1)");
        }
        // options are still options, and an unknown one is still said
        SampleCommandTest.Run typo =
                run("arithmetic", tiny.toString(), "1 + 2", "--neighbors", "3", "-o", png.toString());
        assertEquals(ExitCode.USAGE.code(), typo.code(), typo.err());
        assertTrue(typo.err().contains("--neighbors"), typo.err());
        // before the expression too: the option is named, not the expression blamed
        SampleCommandTest.Run before =
                run("arithmetic", tiny.toString(), "-o", png.toString(), "--neighbors=3", "1 + 2");
        assertEquals(ExitCode.USAGE.code(), before.code(), before.err());
        assertTrue(before.err().contains("unknown option '--neighbors=3' for arithmetic"), before.err());
        SampleCommandTest.Run seed = run("arithmetic", tiny.toString(), "--seeed", "1", "1 + 3", "-o", png.toString());
        assertEquals(ExitCode.USAGE.code(), seed.code(), seed.err());
        assertTrue(seed.err().contains("unknown option '--seeed'"), seed.err());
        // a known option after -- stands where the expression goes (re-test: "unknown option '-v'", listing -v)
        SampleCommandTest.Run after = run("arithmetic", tiny.toString(), "-o", png.toString(), "--", "-v");
        assertEquals(ExitCode.USAGE.code(), after.code(), after.err());
        assertTrue(
                after.err().contains("'-v' is an option of arithmetic but stands where the EXPRESSION goes"),
                after.err());
        SampleCommandTest.Run two = run("arithmetic", tiny.toString(), "1 + 2", "3", "-o", png.toString());
        assertEquals(ExitCode.USAGE.code(), two.code(), two.err());
        assertTrue(two.err().contains("expected one EXPRESSION"), two.err());
    }

    @Test
    void arithmeticDrawsTermsMeansAndTheResultNeighbourhood() throws Exception {
        Path png = dir.resolve("arith.png");
        SampleCommandTest.Run r = run(
                "arithmetic",
                tiny.toString(),
                "--seed",
                "7",
                "0,1,2 - 3,4,5 + 6,7,8",
                "--neighbours",
                "5",
                "-o",
                png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(5 * 28 + 6 * 2, img.getWidth(), "widest row: the 5 neighbours");
        assertEquals(4 * 28 + 5 * 2, img.getHeight(), "3 terms and the result");
        try (Generator g = Generator.load(tiny)) {
            Latents z = g.latents(9, 7L);
            Latents result = z.select(0, 1, 2)
                    .mean()
                    .minus(z.select(3, 4, 5).mean())
                    .plus(z.select(6, 7, 8).mean());
            byte[] expected = g.generate(result).bytes(0);
            for (int y = 4; y < 24; y += 5) {
                assertEquals(expected[y * 28 + 13] & 0xff, tile(img, 0, 3, 13, y), "result image row " + y);
            }
            assertEquals(
                    g.generate(z.select(3, 4, 5).mean()).bytes(0)[12 * 28 + 12] & 0xff,
                    tile(img, 3, 1, 12, 12),
                    "the mean of term 2 after its 3 exemplars");
        }
    }

    @Test
    void labelsAreWrittenLeftOfEachRow() throws Exception {
        Path plain = dir.resolve("plain.png");
        Path labelled = dir.resolve("labelled.png");
        assertEquals(
                ExitCode.OK.code(),
                run("sample", cgan.toString(), "--per-class", "3", "--seed", "2", "-o", plain.toString())
                        .code());
        SampleCommandTest.Run r = run(
                "sample", cgan.toString(), "--per-class", "3", "--seed", "2", "--labels", "-o", labelled.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage a = ImageIO.read(plain.toFile());
        BufferedImage b = ImageIO.read(labelled.toFile());
        assertEquals(1, b.getRaster().getNumBands(), "a grey model's labelled picture is grey, like its plain one");
        assertEquals(a.getRaster().getNumBands(), b.getRaster().getNumBands());
        int extra = b.getWidth() - a.getWidth();
        assertTrue(extra > 20, "a label column: " + extra);
        assertEquals(a.getHeight(), b.getHeight());
        // The images are unchanged, shifted right by the label column...
        for (int y = 0; y < a.getHeight(); y += 3) {
            for (int x = 0; x < a.getWidth(); x += 3) {
                assertEquals(a.getRaster().getSample(x, y, 0), b.getRaster().getSample(extra + x, y, 0));
            }
        }
        // ...and every row's label has drawn something beside it.
        for (int row = 0; row * 30 + 2 < a.getHeight(); row++) {
            int lit = 0;
            for (int y = row * 30 + 2; y < row * 30 + 30; y++) {
                for (int x = 0; x < extra; x++) {
                    lit += b.getRaster().getSample(x, y, 0) > 128 ? 1 : 0;
                }
            }
            assertTrue(lit > 5, "row " + row + " has a label");
        }
    }

    @Test
    void eachWritesOnePngPerImageMatchingTheGrid() throws Exception {
        Path folder = dir.resolve("each");
        Path grid = dir.resolve("each-grid.png");
        SampleCommandTest.Run r = run(
                "sample",
                tiny.toString(),
                "-n",
                "5",
                "--seed",
                "4",
                "--grid",
                "5",
                "--each",
                folder.toString(),
                "-o",
                grid.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        BufferedImage g = ImageIO.read(grid.toFile());
        for (int i = 0; i < 5; i++) {
            BufferedImage one = ImageIO.read(
                    folder.resolve(String.format("image-%05d.png", i)).toFile());
            assertEquals(28, one.getWidth());
            assertEquals(tile(g, i, 0, 13, 15), one.getRaster().getSample(13, 15, 0));
        }
        assertFalse(Files.exists(folder.resolve("image-00005.png")));
        SampleCommandTest.Run none = run("sample", tiny.toString(), "-n", "5");
        assertEquals(ExitCode.USAGE.code(), none.code());
        assertTrue(none.err().contains("nothing to write"), none.err());
    }

    @Test
    void mistakesAreOneLineErrorsWithExitCodes() {
        SampleCommandTest.Run keys = run(
                "interpolate",
                tiny.toString(),
                "--keys",
                "3,x",
                "-o",
                dir.resolve("a.png").toString());
        assertEquals(ExitCode.USAGE.code(), keys.code());
        assertTrue(keys.err().contains("found 'x' in '3,x'"), keys.err());
        SampleCommandTest.Run mode = run(
                "walk",
                tiny.toString(),
                "--mode",
                "cubic",
                "-o",
                dir.resolve("b.png").toString());
        assertEquals(ExitCode.USAGE.code(), mode.code());
        assertTrue(mode.err().contains("expected slerp or lerp"), mode.err());
        SampleCommandTest.Run expr = run(
                "arithmetic",
                tiny.toString(),
                "1,2 - - 3",
                "-o",
                dir.resolve("c.png").toString());
        assertEquals(ExitCode.USAGE.code(), expr.code());
        assertTrue(expr.err().contains("empty term"), expr.err());
        SampleCommandTest.Run label = run(
                "walk",
                tiny.toString(),
                "--label",
                "3",
                "-o",
                dir.resolve("d.png").toString());
        assertEquals(ExitCode.USAGE.code(), label.code());
        assertTrue(label.err().contains("unconditional"), label.err());
        assertFalse(Files.exists(dir.resolve("d.png")));
    }

    @Test
    void everyCommandTakesTheDeviceAndCudaIsAClearErrorHere() {
        for (String cmd : new String[] {"sample", "interpolate", "walk"}) {
            SampleCommandTest.Run r = run(
                    cmd,
                    tiny.toString(),
                    "--device",
                    "cuda",
                    "-o",
                    dir.resolve(cmd + ".png").toString());
            assertEquals(ExitCode.DEVICE.code(), r.code(), cmd + ": " + r.err());
            assertTrue(r.err().contains("CPU build") && r.err().contains("--device cpu"), r.err());
        }
        SampleCommandTest.Run fallback = run(
                "sample",
                tiny.toString(),
                "--device",
                "cuda:0",
                "--cpu-fallback",
                "-n",
                "2",
                "-o",
                dir.resolve("fb.png").toString());
        assertEquals(ExitCode.OK.code(), fallback.code(), fallback.err());
        SampleCommandTest.Run bad = run(
                "sample",
                tiny.toString(),
                "--device",
                "tpu",
                "-o",
                dir.resolve("x.png").toString());
        assertEquals(ExitCode.USAGE.code(), bad.code());
    }

    @Test
    void conditionalModelsInterpolateWithinAClass() throws Exception {
        Path png = dir.resolve("cgan-interp.png");
        SampleCommandTest.Run r = run(
                "interpolate", cgan.toString(), "--rows", "3", "--steps", "4", "--label", "1", "-o", png.toString());
        assertEquals(ExitCode.OK.code(), r.code(), r.err());
        try (Generator g = Generator.load(cgan)) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertEquals(g.sample(6, 7L, 1).bytes(5)[14 * 28 + 14] & 0xff, tile(img, 3, 2, 14, 14));
        }
    }
}
