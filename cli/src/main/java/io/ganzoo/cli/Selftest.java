package io.ganzoo.cli;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Picture;
import io.ganzoo.zoo.ModelCard;
import io.ganzoo.zoo.Zoo;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A generator's reference render, the one its card records ({@link ModelCard.Selftest}): its first {@link #IMAGES}
 * images of seed {@link #SEED} as 8-bit pixels, and how another drawing of them compares. Issue 26: identical bytes
 * on every machine is not a given (ONNX Runtime picks kernels by CPU: AVX2, AVX-512, NEON), so a zoo can say which
 * machines draw its models exactly.
 */
final class Selftest {
    /** The reference render's seed. */
    static final long SEED = 0;
    /** Its number of images (labels in turn for a conditional model, as {@link Generator#sample} draws them). */
    static final int IMAGES = 16;

    private Selftest() {}

    /** The pixels of {@code g}'s reference render: each image height x width x channels, one after another. */
    static byte[] pixels(Generator g) throws io.ganzoo.zoo.ModelException {
        Images images = g.sample(IMAGES, SEED);
        int size = images.channels() * images.height() * images.width();
        byte[] out = new byte[IMAGES * size];
        for (int i = 0; i < IMAGES; i++) {
            System.arraycopy(images.bytes(i), 0, out, i * size, size);
        }
        return out;
    }

    /** The reference render as a PNG: the images stacked top to bottom, no padding, so its pixels are {@link #pixels}. */
    static byte[] png(Generator g, byte[] pixels) {
        return Picture.of(
                        pixels,
                        g.metadata().width(),
                        g.metadata().height() * IMAGES,
                        g.metadata().channels())
                .toPng();
    }

    /** The card field for {@code g}'s reference written as {@code file}. */
    static ModelCard.Selftest card(byte[] pixels, String file, byte[] png) {
        return new ModelCard.Selftest(SEED, IMAGES, Zoo.sha256(pixels), file, Zoo.sha256(png), png.length);
    }

    /** The 8-bit samples of a PNG, interleaved (height x width x channels, 1 or 3 channels). */
    static byte[] decode(byte[] png) throws IOException {
        BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(png));
        if (img == null) {
            throw new IOException("the reference render is not a PNG this Java reads");
        }
        Raster r = img.getRaster();
        int[] samples = r.getPixels(0, 0, r.getWidth(), r.getHeight(), (int[]) null);
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) samples[i];
        }
        return out;
    }

    /**
     * How {@code drawn} compares with {@code reference} (same length): values that differ and the largest difference,
     * in grey levels (0-255).
     */
    record Difference(long values, long differing, int largest) {
        static Difference of(byte[] drawn, byte[] reference) {
            if (drawn.length != reference.length) {
                return new Difference(drawn.length, drawn.length, 255);
            }
            long n = 0;
            int max = 0;
            for (int i = 0; i < drawn.length; i++) {
                int d = Math.abs((drawn[i] & 0xff) - (reference[i] & 0xff));
                if (d > 0) {
                    n++;
                    max = Math.max(max, d);
                }
            }
            return new Difference(drawn.length, n, max);
        }
    }

    /** This machine in one line: CPU (and its vector extensions), architecture, ONNX Runtime's and Java's versions. */
    static String machine(String ortVersion) {
        String cpu = "unknown CPU";
        String ext = "";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
            for (String l : lines) {
                String k = l.contains(":") ? l.substring(0, l.indexOf(':')).trim() : "";
                String v = l.contains(":") ? l.substring(l.indexOf(':') + 1).trim() : "";
                if (k.equals("model name") && cpu.equals("unknown CPU")) {
                    cpu = v;
                } else if ((k.equals("flags") || k.equals("Features")) && ext.isEmpty()) {
                    List<String> flags = List.of(v.split("\\s+"));
                    StringBuilder b = new StringBuilder();
                    for (String f : new String[] {
                        "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "asimd", "sve"
                    }) {
                        if (flags.contains(f)) {
                            b.append(b.length() == 0 ? "" : " ").append(f);
                        }
                    }
                    ext = b.toString();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture alone
        }
        return cpu + (ext.isEmpty() ? "" : " (" + ext + ")") + ", " + System.getProperty("os.arch") + ", ONNX Runtime "
                + ortVersion + ", Java " + System.getProperty("java.version");
    }

    static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.3f%%", 100.0 * part / Math.max(1, whole));
    }

    /** What the self-test of one model says: its line, and whether this machine drew different pixels. */
    record Outcome(String line, boolean different) {}

    /**
     * Draws {@code f}'s reference render with {@code g} (its generator) and compares it with the one its card
     * records: identical, within 1 grey level, or DIFFERENT (how many values, by how much); nothing to compare when
     * the card records none, or one of another seed or size.
     *
     * @throws ZooException reason CHECKSUM when the repository's reference PNG does not hold the pixels its card names
     */
    static Outcome check(io.ganzoo.zoo.Zoo.Fetched f, io.ganzoo.sdk.Generator g)
            throws java.io.IOException, io.ganzoo.zoo.ModelException {
        io.ganzoo.zoo.ModelCard.Selftest t =
                f.entry().card() == null ? null : f.entry().card().selftest();
        if (t == null) {
            return new Outcome(
                    String.format(
                            Locale.ROOT,
                            "%-28s no reference render in its card: nothing to compare",
                            f.entry().id()),
                    false);
        }
        if (t.seed() != SEED || t.images() != IMAGES) {
            return new Outcome(
                    String.format(
                            Locale.ROOT,
                            "%-28s its reference is %d images of seed %d; this ganzoo draws %d of"
                                    + " seed %d: nothing to compare",
                            f.entry().id(),
                            t.images(),
                            t.seed(),
                            IMAGES,
                            SEED),
                    false);
        }
        byte[] drawn = pixels(g);
        if (Zoo.sha256(drawn).equals(t.sha256())) {
            return new Outcome(
                    String.format(
                            Locale.ROOT,
                            "%-28s identical (%,d values, sha256 %s)",
                            f.entry().id(),
                            drawn.length,
                            t.sha256().substring(0, 16)),
                    false);
        }
        byte[] reference = decode(Zoo.selftestReference(f.entry(), f.repository()));
        if (!Zoo.sha256(reference).equals(t.sha256())) {
            throw new io.ganzoo.zoo.ZooException(
                    io.ganzoo.zoo.ModelException.Reason.CHECKSUM,
                    f.entry().id() + "'s reference render "
                            + t.file() + " does not hold the pixels its card's sha256 names; the repository"
                            + " is inconsistent");
        }
        Difference d = Difference.of(drawn, reference);
        if (d.largest() <= 1) {
            return new Outcome(
                    String.format(
                            Locale.ROOT,
                            "%-28s within 1 grey level: %,d of %,d values (%s) differ by 1",
                            f.entry().id(),
                            d.differing(),
                            d.values(),
                            percent(d.differing(), d.values())),
                    false);
        } else {
            return new Outcome(
                    String.format(
                            Locale.ROOT,
                            "%-28s DIFFERENT: %,d of %,d values (%s) differ, by up to %d grey" + " levels",
                            f.entry().id(),
                            d.differing(),
                            d.values(),
                            percent(d.differing(), d.values()),
                            d.largest()),
                    true);
        }
    }
}
