package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Picture;
import io.ganzoo.sdk.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.ganzoo.cli.SampleCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 26, provenance inside every image: every PNG a command writes carries where it comes from, WebDataset members
 * the same fields, and {@code ganzoo info IMAGE.png} reads them back and draws the picture again.
 */
class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyPictureACommandWritesCarriesItsProvenanceAndIsRedrawnIdentically() throws Exception {
        Path grid = dir.resolve("grid.png");
        Path each = dir.resolve("each");
        assertEquals(
                0,
                run(
                                "sample",
                                "fashion-cgan",
                                "-n",
                                "12",
                                "--seed",
                                "5",
                                "--truncation",
                                "0.8",
                                "-o",
                                grid.toString(),
                                "--each",
                                each.toString())
                        .code());
        Path rows = dir.resolve("rows.png");
        assertEquals(
                0,
                run(
                                "interpolate",
                                "fashion-dcgan",
                                "--keys",
                                "3,12,40",
                                "--steps",
                                "4",
                                "--labels",
                                "-o",
                                rows.toString())
                        .code());
        Path walk = dir.resolve("walk.png");
        assertEquals(
                0,
                run("walk", "fashion-dcgan", "--keys", "1,2", "--steps", "3", "-o", walk.toString())
                        .code());
        Path sum = dir.resolve("sum.png");
        assertEquals(
                0,
                run("arithmetic", "fashion-dcgan", "1,2 - 3", "-o", sum.toString())
                        .code());
        Path render = dir.resolve("render");
        assertEquals(
                0,
                run("render", "fashion-cgan", "-n", "12", "--seed", "9", "-q", "-o", render.toString())
                        .code());

        Map<String, String> g = Picture.textOf(Files.readAllBytes(grid));
        assertEquals("fashion-cgan@1.0.1", g.get(Provenance.MODEL));
        assertEquals("5", g.get(Provenance.SEED));
        assertEquals("0-11", g.get(Provenance.IMAGES));
        assertEquals("0.8", g.get(Provenance.TRUNCATION));
        assertEquals(
                "ganzoo sample fashion-cgan@1.0.1 --count 12 --seed 5 --truncation 0.8", g.get(Provenance.COMMAND));
        Map<String, String> one = Picture.textOf(Files.readAllBytes(each.resolve("image-00007.png")));
        assertEquals("7", one.get(Provenance.IMAGES));
        assertEquals("Sneaker", one.get(Provenance.LABELS), "class 7 mod 10");
        Path rendered = render.resolve("Dress").resolve("000000003.png");
        assertEquals("3", Picture.textOf(Files.readAllBytes(rendered)).get(Provenance.IMAGES));

        for (Path p : new Path[] {grid, each.resolve("image-00007.png"), rows, walk, sum, rendered}) {
            SampleCommandTest.Run info = run("info", p.toString());
            assertEquals(ExitCode.OK.code(), info.code(), p + ": " + info.err());
            assertTrue(info.out().contains("synthetic:") && info.out().contains("trainedAlgorithmicMedia"), info.out());
            assertTrue(
                    info.out().endsWith("redrawn here: identical bytes" + System.lineSeparator()),
                    p + ": " + info.out());
        }

        // the same provenance over other pixels: redrawn, and found different
        byte[] pixels = Selftest.decode(Files.readAllBytes(rendered));
        pixels[100] = (byte) ((pixels[100] & 0xff) < 128 ? 200 : 10);
        Path forged = dir.resolve("forged.png");
        Files.write(
                forged,
                Picture.of(pixels, 28, 28, 1)
                        .withText(Picture.textOf(Files.readAllBytes(rendered)))
                        .toPng());
        SampleCommandTest.Run f = run("info", forged.toString());
        assertEquals(ExitCode.MODEL_UNUSABLE.code(), f.code(), f.out() + f.err());
        assertTrue(f.out().contains("redrawn here: DIFFERENT: 1 of 784 values differ"), f.out());

        // a picture of another program, and no PNG at all
        Path plain = dir.resolve("plain.png");
        Files.write(plain, Picture.of(new byte[4], 2, 2, 1).toPng());
        SampleCommandTest.Run other = run("info", plain.toString());
        assertEquals(ExitCode.OK.code(), other.code());
        assertTrue(other.out().contains("no ganzoo provenance"), other.out());
        Path text = Files.writeString(dir.resolve("x.png"), "hello");
        SampleCommandTest.Run bad = run("info", text.toString());
        assertEquals(ExitCode.USAGE.code(), bad.code(), bad.err());
        assertTrue(bad.err().contains("not a PNG file"), bad.err());
    }

    @Test
    void webDatasetMembersCarryTheSameFields() throws Exception {
        Path out = dir.resolve("wds");
        assertEquals(
                0,
                run("render", "fashion-cgan", "-n", "3", "--seed", "2", "--format", "wds", "-q", "-o", out.toString())
                        .code());
        byte[] tar = Files.readAllBytes(out.resolve("shard-000000000.tar"));
        String all = new String(tar, StandardCharsets.ISO_8859_1);
        assertTrue(
                all.contains(
                        "{\"index\":1,\"seed\":2,\"label\":1,\"class\":\"Trouser\",\"model\":\"fashion-cgan@1.0.1\","
                                + "\"model_sha256\":\""),
                all.substring(0, 2000));
        assertTrue(all.contains("\"synthetic\":true}"));
        assertTrue(all.contains("tEXtganzoo.images\u00001"), "the PNG members carry theirs");
    }
}
