package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The emoji datasets: emoji.json's entries and skin tones, which images are faces, compositing onto the white
 * background and the mirrors, checked against a plain reference on a small package the test writes.
 */
public class EmojiTest {
    @TempDir
    Path dir;

    /**
     * Writes a small emoji-datasource package: emoji.json with 7 emoji (faces, a hand, a couple, an apple, one with no
     * Google image) and random RGBA 64x64 PNGs (every alpha from 0 to 255 occurs) in img/google/64.
     */
    public static void writePackage(Path dir) throws IOException {
        String json = """
                [
                 {"name":"GRINNING FACE","short_name":"grinning","image":"1f600.png","category":"Smileys & Emotion",
                  "subcategory":"face-smiling","has_img_google":true,"has_img_twitter":true},
                 {"name":"WAVING HAND SIGN","short_name":"wave","image":"1f44b.png","category":"People & Body",
                  "subcategory":"hand-fingers-open","has_img_google":true,
                  "skin_variations":{"1F3FB":{"image":"1f44b-1f3fb.png","has_img_google":true},
                                     "1F3FF":{"image":"1f44b-1f3ff.png","has_img_google":false}}},
                 {"name":"MAN","short_name":"man","image":"1f468.png","category":"People & Body",
                  "subcategory":"person","has_img_google":true,
                  "skin_variations":{"1F3FB":{"image":"1f468-1f3fb.png","has_img_google":true},
                                     "1F3FD":{"image":"1f468-1f3fd.png","has_img_google":true}}},
                 {"name":"PEOPLE HOLDING HANDS","short_name":"people_holding_hands","image":"1f9d1-200d-1f91d-200d-1f9d1.png",
                  "category":"People & Body","subcategory":"family","has_img_google":true,
                  "skin_variations":{"1F3FB-1F3FC":{"image":"1f9d1-1f3fb-200d-1f91d-200d-1f9d1-1f3fc.png","has_img_google":true}}},
                 {"name":"RED APPLE","short_name":"apple","image":"1f34e.png","category":"Food & Drink",
                  "subcategory":"food-fruit","has_img_google":true},
                 {"name":"SMILING FACE WITH SUNGLASSES","short_name":"sunglasses","image":"1f60e.png",
                  "category":"Smileys & Emotion","subcategory":"face-glasses","has_img_google":true},
                 {"name":"NOT DRAWN BY GOOGLE","short_name":"none","image":"ffff.png","category":"Objects",
                  "subcategory":"tool","has_img_google":false}
                ]
                """;
        Files.writeString(dir.resolve("emoji.json"), json);
        Path img = Files.createDirectories(dir.resolve("img/google/64"));
        Random r = new Random(2024);
        for (String f : List.of(
                "1f600.png",
                "1f44b.png",
                "1f44b-1f3fb.png",
                "1f468.png",
                "1f468-1f3fb.png",
                "1f468-1f3fd.png",
                "1f9d1-200d-1f91d-200d-1f9d1.png",
                "1f9d1-1f3fb-200d-1f91d-200d-1f9d1-1f3fc.png",
                "1f34e.png",
                "1f60e.png")) {
            BufferedImage b = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
            for (int i = 0; i < 64 * 64; i++) {
                int a = i < 256 ? i : r.nextInt(4) == 0 ? 0 : r.nextInt(4) == 0 ? 255 : r.nextInt(256);
                b.setRGB(i % 64, i / 64, a << 24 | r.nextInt(1 << 24));
            }
            ImageIO.write(b, "png", img.resolve(f).toFile());
        }
    }

    /** The plain reference: 8-bit channel c of alpha a over white, rounded to nearest. */
    private static int over(int c, int a) {
        return (int) Math.round((c * a + 255.0 * (255 - a)) / 255.0);
    }

    @Test
    void entriesCarryNameCategoryAndSkinTone() throws IOException {
        writePackage(dir);
        List<Emoji.Entry> es = Emoji.entries(dir);
        assertEquals(
                List.of(
                        "GRINNING FACE",
                        "WAVING HAND SIGN",
                        "WAVING HAND SIGN: light",
                        "MAN",
                        "MAN: light",
                        "MAN: medium",
                        "PEOPLE HOLDING HANDS",
                        "PEOPLE HOLDING HANDS: two tones",
                        "RED APPLE",
                        "SMILING FACE WITH SUNGLASSES"),
                es.stream().map(Emoji.Entry::label).toList(),
                "every image Google draws, variations after their emoji; none Google lacks");
        assertEquals("1f468-1f3fd.png", es.get(5).file());
        assertEquals(3, es.get(5).tone());
        assertEquals("face-glasses", es.get(9).subcategory());
        assertEquals(
                List.of(true, false, false, true, true, true, false, false, false, true),
                es.stream().map(Emoji.Entry::isFace).toList(),
                "faces: smileys of face-* subcategories and people of person*; no hands, couples or apples");
        assertEquals(-1, Emoji.tone("1F3FB-1F3FC"));
        assertEquals(5, Emoji.tone("1f3ff"));
    }

    @Test
    void facesAreCompositedOntoWhiteAndMirrored() throws IOException {
        writePackage(dir);
        Emoji.Data faces = Emoji.faces(dir, true);
        ImageDataset d = faces.images();
        assertEquals(10, d.count(), "5 faces, each followed by its mirror");
        assertEquals("emoji-faces/train", d.name());
        assertEquals(Emoji.TONES, d.classNames());
        assertArrayEquals(
                new int[] {0, 0, 0, 0, 1, 1, 3, 3, 0, 0}, d.labels(), "skin tones: none, none, light, medium, none");
        assertEquals("MAN: medium", faces.entry(7).label());
        assertEquals("SMILING FACE WITH SUNGLASSES", faces.entry(8).label());
        int plane = 64 * 64;
        for (int k = 0; k < faces.entries().size(); k++) {
            BufferedImage src = ImageIO.read(dir.resolve("img/google/64")
                    .resolve(faces.entries().get(k).file())
                    .toFile());
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int p = src.getRGB(x, y);
                    int a = p >>> 24;
                    int[] want = {over(p >> 16 & 0xff, a), over(p >> 8 & 0xff, a), over(p & 0xff, a)};
                    for (int c = 0; c < 3; c++) {
                        int got = d.pixels()[(2 * k) * 3 * plane + c * plane + y * 64 + x] & 0xff;
                        int mirrored = d.pixels()[(2 * k + 1) * 3 * plane + c * plane + y * 64 + (63 - x)] & 0xff;
                        assertEquals(want[c], got, "image " + k + " channel " + c + " at " + x + "," + y);
                        assertEquals(want[c], mirrored, "mirror of image " + k + " at " + (63 - x) + "," + y);
                    }
                }
            }
        }
        // fully transparent pixels are the background, opaque ones their own colour
        int a0 = d.pixels()[0] & 0xff;
        assertEquals(255, a0, "alpha 0 at (0,0): white");
        assertFalse(Emoji.faces(dir, false).flipped());
        assertEquals(5, Emoji.faces(dir, false).images().count());
    }

    @Test
    void wholeSetIsLabelledByCategoryWithAFixedHeldOutFifth() throws IOException {
        writePackage(dir);
        ImageDataset all = Emoji.all(dir, false).images();
        assertEquals(10, all.count());
        assertEquals(Emoji.CATEGORIES, all.classNames());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1, 4, 0}, all.labels());
        Emoji.Data held = Emoji.classifierSplit(dir, true);
        assertEquals(
                List.of("MAN: light", "SMILING FACE WITH SUNGLASSES"),
                held.entries().stream().map(Emoji.Entry::label).toList(),
                "positions 4 and 9");
        assertEquals(2, held.images().count(), "held-out images are not mirrored");
        assertEquals(
                List.of("face-smiling", "hand-fingers-open", "person", "family", "food-fruit", "face-glasses"),
                held.images().classNames(),
                "subcategories in order of first appearance");
        assertArrayEquals(new int[] {2, 5}, held.images().labels());
        assertEquals(16, Emoji.classifierSplit(dir, false).images().count(), "the other 8, each with its mirror");
    }

    @Test
    void hashNamesTheJsonAndTheImagesRead() throws IOException {
        writePackage(dir);
        Map<String, String> h = DatasetHash.ofFiles("emoji-faces/train", dir, false);
        assertEquals(List.of("emoji.json", "img/google/64/"), List.copyOf(h.keySet()));
        assertEquals(DatasetHash.sha256(dir.resolve("emoji.json")), h.get("emoji.json"));
        assertTrue(
                !h.get("img/google/64/")
                        .equals(DatasetHash.ofFiles("emoji/train", dir, false).get("img/google/64/")),
                "faces and the whole set read different files");
    }

    @Test
    void missingOrWrongDataSaysWhatToDo() throws IOException {
        IOException e = assertThrows(IOException.class, () -> Emoji.faces(dir.resolve("nothing"), true));
        assertTrue(e.getMessage().contains("emoji-datasource-google"), e.getMessage());
        writePackage(dir);
        BufferedImage small = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        ImageIO.write(small, "png", dir.resolve("img/google/64/1f600.png").toFile());
        IOException size = assertThrows(IOException.class, () -> Emoji.faces(dir, true));
        assertTrue(size.getMessage().contains("expected 64x64 pixels, found 32x32"), size.getMessage());
        // an image emoji.json lists but the package lacks is named, with the emoji and what to do
        writePackage(dir);
        Files.delete(dir.resolve("img/google/64/1f468-1f3fd.png"));
        java.nio.file.NoSuchFileException gone =
                assertThrows(java.nio.file.NoSuchFileException.class, () -> Emoji.faces(dir, true));
        assertTrue(gone.getFile().endsWith("1f468-1f3fd.png"), gone.getFile());
        assertTrue(gone.getReason().contains("'MAN'") && gone.getReason().contains("unpack"), gone.getReason());
        // a damaged emoji.json names the file and the entry, whatever the damage
        writePackage(dir);
        for (String bad : new String[] {
            "[1,2]",
            "[{\"name\":{}}]",
            "[{\"name\":\"X\",\"has_img_google\":true," + "\"image\":\"x.png\",\"skin_variations\":{\"1F3FB\":5}}]"
        }) {
            Files.writeString(dir.resolve("emoji.json"), bad);
            IOException e2 = assertThrows(IOException.class, () -> Emoji.entries(dir), bad);
            assertTrue(e2.getMessage().contains("emoji.json entry 0 is not emoji-datasource's"), e2.getMessage());
        }
    }

    /** The real package, where .ci/run unpacked it (skipped elsewhere): the counts docs/training.md states. */
    @Test
    void realPackageCounts() throws IOException {
        // skipped where the package is not unpacked, never in CI (.ci/run unpacks it; missing there is a failure)
        assumeTrue(
                Files.isRegularFile(Emoji.DEFAULT_DIR.resolve("emoji.json")) || System.getenv("CI") != null,
                "emoji-datasource-google not unpacked");
        List<Emoji.Entry> es = Emoji.entries(Emoji.DEFAULT_DIR);
        assertEquals(3786, es.size());
        Emoji.Data faces = Emoji.faces(Emoji.DEFAULT_DIR, true);
        assertEquals(2 * 1127, faces.images().count());
        long smileys = faces.entries().stream()
                .filter(e -> e.category().equals("Smileys & Emotion"))
                .count();
        assertEquals(130, smileys);
        int[] perTone = new int[Emoji.TONES.size()];
        for (Emoji.Entry e : faces.entries()) {
            perTone[e.tone()]++;
        }
        assertArrayEquals(new int[] {302, 165, 165, 165, 165, 165}, perTone);
    }
}
