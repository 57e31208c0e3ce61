package io.ganzoo.trainer.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A folder of JPEG and PNG images (searched recursively, in name order) as an unlabelled RGB dataset: each image
 * is scaled so its shorter side is {@code size} pixels and centre-cropped to {@code size x size}, the usual
 * preparation of CelebA for a 64x64 DCGAN. Files that are not readable images are skipped and reported.
 */
public final class ImageFolder {
    private ImageFolder() {}

    /**
     * Reads every image under {@code dir}.
     *
     * @param log where to report progress and skipped files; {@code null} for silence
     * @throws IOException when the folder does not exist or holds no readable image
     */
    public static ImageDataset read(Path dir, int size, PrintStream log) throws IOException {
        if (size < 8) {
            throw new IllegalArgumentException("image size: expected at least 8 pixels, found " + size);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(
                    "image folder not found: " + dir + "; give --data the folder that holds your JPEG/PNG files");
        }
        List<Path> files = imageFiles(dir);
        if (files.isEmpty()) {
            throw new IOException("no .jpg, .jpeg or .png files in " + dir);
        }
        int plane = size * size;
        byte[] px = new byte[files.size() * 3 * plane];
        int count = 0;
        List<String> skipped = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img;
            try {
                img = ImageIO.read(f.toFile());
            } catch (IOException e) {
                img = null;
            }
            if (img == null) {
                skipped.add(dir.relativize(f).toString());
                continue;
            }
            BufferedImage sq = scaleAndCrop(img, size);
            int off = count * 3 * plane;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = sq.getRGB(x, y);
                    px[off + y * size + x] = (byte) (rgb >> 16);
                    px[off + plane + y * size + x] = (byte) (rgb >> 8);
                    px[off + 2 * plane + y * size + x] = (byte) rgb;
                }
            }
            count++;
            if (log != null && count % 5000 == 0) {
                log.printf(Locale.ROOT, "read %,d of %,d images%n", count, files.size());
            }
        }
        if (count == 0) {
            throw new IOException(
                    "none of the " + files.size() + " image files in " + dir + " could be read: " + skipped);
        }
        if (log != null && !skipped.isEmpty()) {
            log.printf(
                    Locale.ROOT,
                    "skipped %d unreadable files: %s%n",
                    skipped.size(),
                    skipped.size() > 5 ? skipped.subList(0, 5) + " ..." : skipped);
        }
        return new ImageDataset(
                Arrays.copyOf(px, count * 3 * plane), null, count, 3, size, size, List.of(), "folder/" + size);
    }

    /** The JPEG and PNG files under {@code dir} (recursively, by name), which {@link #read} reads. */
    static List<Path> imageFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(ImageFolder::isImageName)
                    .sorted()
                    .toList();
        }
    }

    static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    /** Scales the shorter side to {@code size} (halving first for large shrinks, for quality) and crops the centre. */
    static BufferedImage scaleAndCrop(BufferedImage img, int size) {
        BufferedImage cur = toRgb(img);
        while (Math.min(cur.getWidth(), cur.getHeight()) >= 4 * size) {
            cur = resize(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        double scale = size / (double) Math.min(cur.getWidth(), cur.getHeight());
        int w = Math.max(size, (int) Math.round(cur.getWidth() * scale));
        int h = Math.max(size, (int) Math.round(cur.getHeight() * scale));
        BufferedImage scaled = resize(cur, w, h);
        return scaled.getSubimage((w - size) / 2, (h - size) / 2, size, size);
    }

    private static BufferedImage toRgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, Color.BLACK, null);
        g.dispose();
        return out;
    }

    private static BufferedImage resize(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
