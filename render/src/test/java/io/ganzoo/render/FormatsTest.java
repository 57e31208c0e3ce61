package io.ganzoo.render;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The formats by name, and a format added by one class and one service line (the test's {@code netpbm}). */
class FormatsTest {
    @TempDir
    Path dir;

    @Test
    void theBuiltInsComeFirstAndAnAddedFormatIsFoundByItsName() {
        assertEquals(
                List.of("png", "npy", "wds", "netpbm"),
                List.copyOf(Formats.all().keySet()));
        assertSame(Formats.WDS, Formats.get(" WDS "));
        assertEquals("netpbm", Formats.get("netpbm").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Formats.get("jpg"));
        assertTrue(
                e.getMessage()
                        .startsWith("--format: expected png, npy, wds or netpbm, found 'jpg' (a format of your"
                                + " own is found when its jar is on the class path"),
                e.getMessage());
        assertTrue(Formats.WDS.packs() && !Formats.PNG.packs() && !Formats.NPY.packs());
        assertTrue(!Formats.PNG.distributable() && Formats.NPY.distributable() && Formats.WDS.distributable());
        assertEquals("images-000000700.npy", Formats.NPY.publishedName("images.npy", 700));
        assertEquals("shard-000000700.tar", Formats.WDS.publishedName("shard-000000700.tar", 700));
    }

    @Test
    void anAddedFormatRendersImageKAsTheBuiltInsDoAndResumes() throws Exception {
        OutputFormat netpbm = Formats.get("netpbm");
        Path out = dir.resolve("run");
        try (Generator g = Generator.load("fashion-dcgan@1.1.0")) {
            Renderer.Spec spec = new Renderer.Spec(g.source(), g.sha256(), 7, 100, "netpbm", List.of(), 0, 1, 0);
            try (Renderer.Hold hold = Renderer.prepare(out, spec, 100 * netpbm.bytesPerImage(g.metadata()))) {
                Renderer.Summary s = Renderer.run(g, spec, out, netpbm.sink(g, spec, 0, 100, out, 32), 16, null, null);
                assertEquals(100, s.images());
            }
            assertEquals(100, Manifest.read(out).size());
            // image 37 is the model's image of latent 37 of seed 7 (the one definition, Renderer.generate)
            Images direct = g.generate(
                    Latents.sample(1, g.metadata().latentSize(), 7, g.metadata().latentPrior(), 37));
            byte[] file = Files.readAllBytes(out.resolve("000000037.pgm"));
            byte[] header = "P5\n28 28\n255\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertArrayEquals(header, Arrays.copyOf(file, header.length));
            assertArrayEquals(direct.bytes(0), Arrays.copyOfRange(file, header.length, file.length));
            // a damaged file is drawn again on resume, the rest kept
            Files.write(out.resolve("000000050.pgm"), new byte[] {1, 2, 3});
            try (Renderer.Hold hold = Renderer.prepare(out, spec, 0)) {
                Renderer.Summary again =
                        Renderer.run(g, spec, out, netpbm.sink(g, spec, 0, 100, out, 32), 16, null, null);
                assertEquals(32, again.resumedFrom(), "units 0..31 verify; the unit holding image 50 is redrawn");
            }
            assertArrayEquals(
                    Arrays.copyOfRange(Files.readAllBytes(out.resolve("000000050.pgm")), header.length, file.length),
                    g.generate(Latents.sample(
                                    1,
                                    g.metadata().latentSize(),
                                    7,
                                    g.metadata().latentPrior(),
                                    50))
                            .bytes(0));
        }
    }
}
