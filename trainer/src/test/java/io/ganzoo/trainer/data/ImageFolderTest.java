package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image folders: JPEG and PNG, any size, scaled and centre-cropped; unreadable files skipped. */
public class ImageFolderTest {
    @TempDir
    Path dir;

    /** Writes {@code n} face-like test images (a light ellipse on a coloured background) of assorted sizes. */
    public static void faces(Path dir, int n) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Random r = new Random(n);
        for (int i = 0; i < n; i++) {
            int w = 70 + r.nextInt(80);
            int h = 80 + r.nextInt(90);
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color(r.nextInt(120), r.nextInt(120), 80 + r.nextInt(120)));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(200 + r.nextInt(55), 160 + r.nextInt(60), 130 + r.nextInt(60)));
            g.fillOval(w / 4, h / 5, w / 2, h * 3 / 5);
            g.dispose();
            String format = i % 2 == 0 ? "png" : "jpg";
            ImageIO.write(
                    img,
                    format,
                    (i % 3 == 0 ? dir.resolve("sub") : dir)
                            .resolve("face" + i + "." + format)
                            .toFile());
        }
    }

    @Test
    void readsJpegAndPngScaledAndCentreCropped() throws IOException {
        faces(dir, 12);
        Files.writeString(dir.resolve("broken.jpg"), "not an image");
        Files.writeString(dir.resolve("notes.txt"), "ignored");
        ImageDataset d = ImageFolder.read(dir, 64, null);
        assertEquals(12, d.count(), "12 images, the broken one skipped, the text file ignored");
        assertEquals(3, d.channels());
        assertEquals(64, d.height());
        assertEquals("folder/64", d.name());
        // the centre pixel of every image is the light ellipse (red channel >= 190)
        for (int i = 0; i < d.count(); i++) {
            int red = d.pixels()[i * 3 * 64 * 64 + 32 * 64 + 32] & 0xff;
            assertTrue(red >= 190, "image " + i + " centre red " + red);
        }
    }

    @Test
    void cropKeepsTheMiddleOfAWideImage() {
        BufferedImage wide = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = wide.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.setColor(Color.GREEN);
        g.fillRect(100, 0, 100, 100);
        g.setColor(Color.BLUE);
        g.fillRect(200, 0, 100, 100);
        g.dispose();
        BufferedImage sq = ImageFolder.scaleAndCrop(wide, 28);
        assertEquals(28, sq.getWidth());
        assertEquals(28, sq.getHeight());
        assertEquals(Color.GREEN.getRGB(), sq.getRGB(14, 14));
        assertEquals(Color.GREEN.getRGB() & 0xff00, sq.getRGB(2, 2) & 0xff00);
    }

    @Test
    void emptyOrMissingFoldersAreClearErrors() {
        IOException missing = assertThrows(IOException.class, () -> ImageFolder.read(dir.resolve("nope"), 64, null));
        assertTrue(missing.getMessage().contains("--data"), missing.getMessage());
        IOException empty = assertThrows(IOException.class, () -> ImageFolder.read(dir, 64, null));
        assertTrue(empty.getMessage().contains("no .jpg"), empty.getMessage());
    }
}
