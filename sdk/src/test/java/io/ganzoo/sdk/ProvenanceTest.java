package io.ganzoo.sdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.metadata.IIOMetadataNode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 26, provenance inside every image: PNG text chunks written as PNG 1.2 (section 4.2.3) lays them out, read
 * back by this reader and by the JDK's own PNG reader, and the fields a generator's picture carries.
 */
class ProvenanceTest {
    @TempDir
    static Path dir;

    static Generator generator;

    @BeforeAll
    static void load() throws Exception {
        generator = Generator.load(Fixtures.copy(dir, "tiny-dcgan.onnx"));
    }

    @AfterAll
    static void close() throws Exception {
        generator.close();
    }

    /** A tEXt chunk byte by byte: length, type, keyword, NUL, text, CRC-32 of type and data. */
    @Test
    void aTextChunkIsLaidOutAsThePngSpecificationSays() {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("Software", "ganzoo 0.1.0");
        byte[] png = Picture.of(new byte[] {7}, 1, 1, 1).withText(text).toPng();
        byte[] data = "Software\0ganzoo 0.1.0".getBytes(StandardCharsets.ISO_8859_1);
        int at = 8 + 25; // signature, IHDR (4 + 4 + 13 + 4)
        assertEquals(
                data.length,
                ((png[at] & 0xff) << 24)
                        | ((png[at + 1] & 0xff) << 16)
                        | ((png[at + 2] & 0xff) << 8)
                        | (png[at + 3] & 0xff));
        assertEquals("tEXt", new String(png, at + 4, 4, StandardCharsets.ISO_8859_1));
        byte[] got = java.util.Arrays.copyOfRange(png, at + 8, at + 8 + data.length);
        assertArrayEquals(data, got);
        CRC32 crc = new CRC32();
        crc.update("tEXt".getBytes(StandardCharsets.ISO_8859_1));
        crc.update(data);
        long stored = ((png[at + 8 + data.length] & 0xffL) << 24)
                | ((png[at + 9 + data.length] & 0xff) << 16)
                | ((png[at + 10 + data.length] & 0xff) << 8)
                | (png[at + 11 + data.length] & 0xff);
        assertEquals(crc.getValue(), stored);
    }

    /** Latin-1 text as tEXt, other text and XMP as uncompressed iTXt; both read back, by ours and by ImageIO. */
    @Test
    void textRoundTripsThroughThisReaderAndTheJdksPngReader() throws Exception {
        Map<String, String> text = new LinkedHashMap<>();
        text.put("ganzoo.labels", "T-shirt/top");
        text.put("Comment", "Läufer, 7\u00b0");
        text.put("ganzoo.note", "\u65e5\u672c \u2713");
        text.put(Provenance.XMP, "<x:xmpmeta/>");
        byte[] png = Picture.of(new byte[12], 2, 2, 3).withText(text).toPng();
        assertEquals(text, Picture.textOf(png));
        IIOMetadataNode root = metadata(png);
        Map<String, String> jdk = new LinkedHashMap<>();
        List.of("tEXtEntry", "iTXtEntry").forEach(name -> {
            var nodes = root.getElementsByTagName(name);
            for (int i = 0; i < nodes.getLength(); i++) {
                IIOMetadataNode n = (IIOMetadataNode) nodes.item(i);
                jdk.put(
                        n.getAttribute("keyword"),
                        name.startsWith("tEXt") ? n.getAttribute("value") : n.getAttribute("text"));
            }
        });
        assertEquals(text, jdk, "the JDK reads the same keywords and texts");
        assertEquals(2, ImageIO.read(new ByteArrayInputStream(png)).getWidth(), "and the image");
    }

    private static IIOMetadataNode metadata(byte[] png) throws Exception {
        var reader = ImageIO.getImageReadersByFormatName("png").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(png)));
        return (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
    }

    @Test
    void keywordsPngDoesNotTakeAreRefused() {
        Picture p = Picture.of(new byte[1], 1, 1, 1);
        for (String k : new String[] {"", " lead", "trail ", "two  spaces", "x".repeat(80), "tab\there", "\u65e5"}) {
            assertThrows(IllegalArgumentException.class, () -> p.withText(Map.of(k, "v")), k);
        }
        assertThrows(IllegalArgumentException.class, () -> Picture.textOf(new byte[] {1, 2, 3}));
        byte[] png = p.withText(Map.of("k", "v")).toPng();
        assertThrows(
                IllegalArgumentException.class,
                () -> Picture.textOf(java.util.Arrays.copyOf(png, 40)),
                "a chunk cut short");
    }

    /** A generator's provenance: model and file hash, seed, numbers, class, truncation, marker and XMP, in order. */
    @Test
    void aPicturesProvenanceNamesItsModelSeedAndImages() {
        Map<String, String> t = Provenance.of(generator)
                .seed(7)
                .images(3, 1)
                .labels("Dress")
                .truncation(0.7f)
                .command("ganzoo sample x")
                .text();
        assertEquals(
                List.of(
                        "Software",
                        "ganzoo.model",
                        "ganzoo.model.sha256",
                        "ganzoo.seed",
                        "ganzoo.images",
                        "ganzoo.labels",
                        "ganzoo.truncation",
                        "ganzoo.command",
                        "ganzoo.synthetic",
                        "XML:com.adobe.xmp"),
                List.copyOf(t.keySet()));
        assertEquals("tiny-dcgan@0.1.0", t.get(Provenance.MODEL));
        assertEquals(generator.sha256(), t.get(Provenance.MODEL_SHA256));
        assertEquals("3", t.get(Provenance.IMAGES));
        assertEquals("0-63", Provenance.of(generator).images(0, 64).text().get(Provenance.IMAGES));
        assertTrue(t.get(Provenance.XMP)
                .contains("Iptc4xmpExt:DigitalSourceType=\"" + Provenance.TRAINED_ALGORITHMIC_MEDIA + "\""));
        // deterministic: the same picture twice is the same bytes
        Picture p = Picture.of(new byte[784], 28, 28, 1);
        assertArrayEquals(
                p.withText(t).toPng(),
                p.withText(Provenance.of(generator)
                                .seed(7)
                                .images(3, 1)
                                .labels("Dress")
                                .truncation(0.7f)
                                .command("ganzoo sample x")
                                .text())
                        .toPng());
    }
}
