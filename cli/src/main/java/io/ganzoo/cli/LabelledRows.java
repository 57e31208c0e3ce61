package io.ganzoo.cli;

import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Picture;
import io.ganzoo.zoo.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Grids with a text label left of each row. Desktop only: text needs {@code java.awt} fonts, which Android lacks,
 * so this lives in the CLI and the sdk stays free of {@code java.awt} (its PNG encoder is pure Java).
 */
final class LabelledRows {
    private LabelledRows() {}

    /**
     * Writes {@code images} in rows of {@code cols}, scaled {@code scale} times, each row labelled by {@code name}
     * of its first image's index.
     */
    static void write(
            Images images,
            int cols,
            java.util.function.IntFunction<String> name,
            int scale,
            Path out,
            java.util.Map<String, String> text)
            throws java.io.IOException {
        List<Images> rows = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        for (int from = 0; from < images.count(); from += cols) {
            rows.add(images.slice(from, Math.min(images.count(), from + cols)));
            names.add(name.apply(from));
        }
        write(rows, names, scale, out, text);
    }

    /** Writes the rows (see {@link Images#rows}) scaled {@code scale} times, each with its label on the left. */
    static void write(List<Images> rows, List<String> labels, int scale, Path out, java.util.Map<String, String> text)
            throws IOException {
        if (labels.size() != rows.size()) {
            throw new IllegalArgumentException(
                    "labels: expected one per row (" + rows.size() + "), found " + labels.size());
        }
        System.setProperty("java.awt.headless", "true");
        Picture grid = Images.rows(rows, 2).scaled(scale);
        int tile = (rows.get(0).height() + 2) * scale;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, Math.min(tile / 2, 14 * scale)));
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics fm = pg.getFontMetrics(font);
        int labelWidth = 0;
        for (String l : labels) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(l));
        }
        pg.dispose();
        labelWidth += 8 * scale;
        byte[] px = grid.pixels();
        int ch = grid.channels();
        // grey models give a grey PNG (one channel, like their other pictures), colour models an RGB one
        BufferedImage img = new BufferedImage(
                grid.width() + labelWidth,
                grid.height(),
                ch == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grid.height(); y++) {
            for (int x = 0; x < grid.width(); x++) {
                int o = (y * grid.width() + x) * ch;
                int r = px[o] & 0xff;
                if (ch == 1) {
                    img.getRaster().setSample(labelWidth + x, y, 0, r);
                } else {
                    img.setRGB(labelWidth + x, y, (r << 16) | ((px[o + 1] & 0xff) << 8) | (px[o + 2] & 0xff));
                }
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(font);
        for (int r = 0; r < labels.size(); r++) {
            int centre = 2 * scale + r * tile + rows.get(0).height() * scale / 2;
            g.drawString(labels.get(r), 4 * scale, centre + (fm.getAscent() - fm.getDescent()) / 2);
        }
        g.dispose();
        // encoded as every other picture (with its provenance text), not by ImageIO, which writes no text
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] pixels = new byte[w * h * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * ch;
                if (ch == 1) {
                    pixels[o] = (byte) img.getRaster().getSample(x, y, 0);
                } else {
                    int rgb = img.getRGB(x, y);
                    pixels[o] = (byte) (rgb >>> 16);
                    pixels[o + 1] = (byte) (rgb >>> 8);
                    pixels[o + 2] = (byte) rgb;
                }
            }
        }
        AtomicFiles.write(out, Picture.of(pixels, w, h, ch).withText(text).toPng());
    }
}
