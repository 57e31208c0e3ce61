package io.ganzoo.trainer.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * The emoji images of npm package {@code emoji-datasource-google} 16.0.0 (Noto Emoji, Apache-2.0) or
 * {@code emoji-datasource-twitter} 16.0.0 (Twemoji, CC-BY 4.0): 64x64 RGBA PNGs in {@code img/<vendor>/64/}, described
 * by {@code emoji.json} (name, category, subcategory, skin-tone variations). {@code .ci/run} unpacks the Google
 * package into {@link #DEFAULT_DIR}.
 *
 * <p>Two datasets are built from it:
 * <ul>
 *   <li>{@code emoji-faces}: the faces, i.e. "Smileys & Emotion" emoji of a {@code face-*}, {@code cat-face} or
 *       {@code monkey-face} subcategory, and "People & Body" emoji of the {@code person}, {@code person-gesture},
 *       {@code person-role} and {@code person-fantasy} subcategories, each in every single skin tone the vendor
 *       draws; labelled with the skin tone ({@link #TONES}, "none" for the default yellow or tone-less image);</li>
 *   <li>{@code emoji}: every image the vendor draws, labelled with its category ({@link #CATEGORIES}).</li>
 * </ul>
 *
 * <p>Each image is composited onto a white background ({@link #composite}) and kept as RGB. The training split of a
 * dataset adds each image's horizontal mirror right after it (the only augmentation). Evaluator classifiers
 * learn the subcategories of every image but a fixed held-out fifth ({@link #classifierSplit}).
 */
public final class Emoji {
    /** Where {@code .ci/run} unpacks {@code emoji-datasource-google} (emoji.json, img/google/64/, LICENSE). */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/emoji-datasource-google");

    /** Image side in pixels. */
    public static final int SIZE = 64;

    /** The background every image is composited onto: white, 8-bit RGB. */
    public static final int BACKGROUND = 255;

    /** Skin tones in label order: no modifier, then Unicode's five Fitzpatrick modifiers U+1F3FB..U+1F3FF. */
    public static final List<String> TONES = List.of("none", "light", "medium-light", "medium", "medium-dark", "dark");

    private static final List<String> TONE_CODES = List.of("", "1F3FB", "1F3FC", "1F3FD", "1F3FE", "1F3FF");

    /** Categories in emoji.json's order, the labels of the {@code emoji} dataset. */
    public static final List<String> CATEGORIES = List.of(
            "Smileys & Emotion",
            "People & Body",
            "Component",
            "Animals & Nature",
            "Food & Drink",
            "Travel & Places",
            "Activities",
            "Objects",
            "Symbols",
            "Flags");

    /** The "People & Body" subcategories that are faces or heads. */
    static final Set<String> PEOPLE_FACES = Set.of("person", "person-gesture", "person-role", "person-fantasy");

    /** Vendors whose images may be used (Apple's and Facebook's are not licensed for reuse). */
    static final List<String> VENDORS = List.of("google", "twitter");

    /**
     * One image of the package.
     *
     * @param name        emoji.json's {@code name}, e.g. "SMILING FACE WITH SUNGLASSES"
     * @param shortName   emoji.json's {@code short_name}, e.g. "sunglasses"
     * @param category    e.g. "Smileys & Emotion"
     * @param subcategory e.g. "face-glasses"
     * @param tone        index into {@link #TONES}; -1 for a variation of two tones (e.g. couples)
     * @param file        the PNG's file name in {@code img/<vendor>/64/}
     */
    public record Entry(String name, String shortName, String category, String subcategory, int tone, String file) {
        /** Whether this is a face of the {@code emoji-faces} dataset. */
        public boolean isFace() {
            return tone >= 0
                    && (category.equals("Smileys & Emotion")
                                    && (subcategory.startsWith("face-")
                                            || subcategory.equals("cat-face")
                                            || subcategory.equals("monkey-face"))
                            || category.equals("People & Body") && PEOPLE_FACES.contains(subcategory));
        }

        /** The name with its skin tone, e.g. "MAN: medium-dark", as people look it up. */
        public String label() {
            return tone > 0 ? name + ": " + TONES.get(tone) : tone < 0 ? name + ": two tones" : name;
        }
    }

    /**
     * A dataset with the emoji each image shows.
     *
     * @param images  the images (with mirrors after each image when flipped)
     * @param entries what image {@code i} shows is {@code entries.get(i / (flipped ? 2 : 1))}
     * @param flipped whether every image is followed by its horizontal mirror
     */
    public record Data(ImageDataset images, List<Entry> entries, boolean flipped) {
        /** The emoji image {@code i} shows. */
        public Entry entry(int i) {
            return entries.get(flipped ? i / 2 : i);
        }

        /**
         * The images of the emoji {@code test} accepts.
         *
         * @param test which emoji to keep
         * @return their images' indices, in order, mirrors included
         */
        public int[] matching(Predicate<Entry> test) {
            return IntStream.range(0, images.count())
                    .filter(i -> test.test(entry(i)))
                    .toArray();
        }

        /** The images of the emoji at even ({@code parity} 0) or odd (1) positions of {@link #entries}, mirrors kept. */
        public ImageDataset part(int parity) {
            int copies = flipped ? 2 : 1;
            int size = images.imageSize();
            int keep = (entries.size() + 1 - parity) / 2;
            byte[] px = new byte[keep * copies * size];
            int[] labels = new int[keep * copies];
            int k = 0;
            for (int e = parity; e < entries.size(); e += 2) {
                for (int c = 0; c < copies; c++, k++) {
                    int i = e * copies + c;
                    System.arraycopy(images.pixels(), i * size, px, k * size, size);
                    labels[k] = images.labels()[i];
                }
            }
            return new ImageDataset(
                    px,
                    labels,
                    k,
                    images.channels(),
                    images.height(),
                    images.width(),
                    images.classNames(),
                    images.name().replace("/train", parity == 0 ? "/even" : "/odd"));
        }
    }

    private Emoji() {}

    /** The vendor whose images are in {@code dir}: the first of google, twitter with an {@code img/<v>/64} folder. */
    public static String vendor(Path dir) throws IOException {
        for (String v : VENDORS) {
            if (Files.isDirectory(dir.resolve("img").resolve(v).resolve("64"))) {
                return v;
            }
        }
        if (!Files.isRegularFile(dir.resolve("emoji.json"))) {
            throw new IOException("emoji data not found in " + dir + ": expected emoji.json and img/google/64/ of npm"
                    + " package emoji-datasource-google 16.0.0 (.ci/run shows how to unpack it), or give --data");
        }
        throw new IOException("no img/google/64 or img/twitter/64 folder in " + dir
                + "; unpack the images of emoji-datasource-google (or -twitter) 16.0.0 there");
    }

    /** Every image of the vendor's that emoji.json lists, in its order (each emoji, then its skin variations). */
    public static List<Entry> entries(Path dir) throws IOException {
        String vendor = vendor(dir);
        Path json = dir.resolve("emoji.json");
        JsonArray all;
        try {
            all = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8))
                    .getAsJsonArray();
        } catch (RuntimeException e) {
            throw new IOException(json + " is not emoji-datasource's emoji.json (" + e.getMessage() + ")", e);
        }
        String has = "has_img_" + vendor;
        List<Entry> out = new ArrayList<>();
        int index = 0;
        for (JsonElement el : all) {
            try {
                entry(el, has, out);
            } catch (RuntimeException e) { // not an object, a name that is not a string, a variation that is a number
                throw new IOException(
                        json + " entry " + index + " is not emoji-datasource's (" + e.getMessage()
                                + "); unpack emoji-datasource-google 16.0.0 again (.ci/run shows how)",
                        e);
            }
            index++;
        }
        return out;
    }

    /** The images one emoji.json entry lists (the emoji, then its skin variations), added to {@code out}. */
    private static void entry(JsonElement el, String has, List<Entry> out) {
        {
            JsonObject o = el.getAsJsonObject();
            String name = string(o, "name");
            String shortName = string(o, "short_name");
            String category = string(o, "category");
            String sub = string(o, "subcategory");
            if (bool(o, has)) {
                out.add(new Entry(name, shortName, category, sub, 0, string(o, "image")));
            }
            if (o.has("skin_variations") && o.get("skin_variations").isJsonObject()) {
                for (Map.Entry<String, JsonElement> v :
                        o.getAsJsonObject("skin_variations").entrySet()) {
                    JsonObject vo = v.getValue().getAsJsonObject();
                    if (bool(vo, has)) {
                        out.add(new Entry(name, shortName, category, sub, tone(v.getKey()), string(vo, "image")));
                    }
                }
            }
        }
    }

    /** The skin-tone index of a variation key: "1F3FD" is 3 (medium); a key of two tones is -1. */
    static int tone(String key) {
        int t = TONE_CODES.indexOf(key.toUpperCase(Locale.ROOT));
        return t > 0 ? t : -1;
    }

    /** The faces, labelled with their skin tone; {@code flip}: each followed by its mirror. */
    public static Data faces(Path dir, boolean flip) throws IOException {
        return build(dir, Entry::isFace, "emoji-faces/train", TONES, e -> e.tone, flip);
    }

    /** Every image, labelled with its category. */
    public static Data all(Path dir, boolean flip) throws IOException {
        return build(dir, e -> true, "emoji/train", CATEGORIES, e -> CATEGORIES.indexOf(e.category()), flip);
    }

    /**
     * The split for evaluator classifiers, labelled with the subcategory (e.g. {@code face-smiling},
     * {@code person-role}; {@link #subcategories} in emoji.json's order): with {@code heldOut} false every emoji image
     * but the held-out fifth (positions 4, 9, 14, ... of {@link #entries}), each followed by its mirror; with
     * {@code heldOut} true that fifth, not mirrored. Subcategories rather than the ten categories because every face
     * falls into two of those.
     */
    public static Data classifierSplit(Path dir, boolean heldOut) throws IOException {
        List<Entry> es = entries(dir);
        List<String> subs = subcategories(es);
        List<Entry> keep = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            if ((i % 5 == 4) == heldOut) {
                keep.add(es.get(i));
            }
        }
        return read(
                dir,
                keep,
                heldOut ? "emoji/held-out" : "emoji/train-split",
                subs,
                e -> subs.indexOf(e.subcategory()),
                !heldOut);
    }

    /** The subcategories of {@code entries} in order of first appearance. */
    public static List<String> subcategories(List<Entry> entries) {
        return entries.stream().map(Entry::subcategory).distinct().toList();
    }

    private static Data build(
            Path dir,
            Predicate<Entry> keep,
            String name,
            List<String> classes,
            ToIntFunction<Entry> label,
            boolean flip)
            throws IOException {
        List<Entry> es = entries(dir).stream().filter(keep).toList();
        return read(dir, es, name, classes, label, flip);
    }

    private static Data read(
            Path dir, List<Entry> es, String name, List<String> classes, ToIntFunction<Entry> label, boolean flip)
            throws IOException {
        if (es.isEmpty()) {
            throw new IOException("no images for " + name + " in " + dir);
        }
        Path img = dir.resolve("img").resolve(vendor(dir)).resolve("64");
        int plane = SIZE * SIZE;
        int copies = flip ? 2 : 1;
        int n = es.size() * copies;
        byte[] px = new byte[n * 3 * plane];
        int[] labels = new int[n];
        for (int i = 0; i < es.size(); i++) {
            Entry e = es.get(i);
            if (e.file() == null || e.file().isEmpty()) {
                throw new IOException("emoji.json lists '" + e.name() + "' without an image file name; unpack"
                        + " emoji-datasource-google 16.0.0 again (.ci/run shows how)");
            }
            Path f = img.resolve(e.file());
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(
                        f.toString(),
                        null,
                        "the image of '" + e.name() + "' that emoji.json"
                                + " lists; the package is incomplete: unpack emoji-datasource-google 16.0.0 again (.ci/run"
                                + " shows how)");
            }
            BufferedImage b = ImageIO.read(f.toFile());
            if (b == null) {
                throw new IOException("not a readable PNG: " + f);
            }
            if (b.getWidth() != SIZE || b.getHeight() != SIZE) {
                throw new IOException(
                        f + ": expected " + SIZE + "x" + SIZE + " pixels, found " + b.getWidth() + "x" + b.getHeight());
            }
            int[] argb = b.getRGB(0, 0, SIZE, SIZE, null, 0, SIZE);
            int off = i * copies * 3 * plane;
            composite(argb, SIZE, px, off, false);
            labels[i * copies] = label.applyAsInt(e);
            if (flip) {
                composite(argb, SIZE, px, off + 3 * plane, true);
                labels[i * copies + 1] = labels[i * copies];
            }
        }
        return new Data(new ImageDataset(px, labels, n, 3, SIZE, SIZE, classes, name), List.copyOf(es), flip);
    }

    /**
     * Composites non-premultiplied ARGB pixels (row major, {@code size x size}) onto the white background, as 8-bit
     * RGB planes at {@code off}: {@code c' = round((c a + 255 (255 - a)) / 255)}; mirrored left to right with
     * {@code mirror}.
     */
    public static void composite(int[] argb, int size, byte[] dst, int off, boolean mirror) {
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int p = argb[y * size + (mirror ? size - 1 - x : x)];
                int a = p >>> 24;
                int o = off + y * size + x;
                dst[o] = (byte) blend((p >> 16) & 0xff, a);
                dst[o + plane] = (byte) blend((p >> 8) & 0xff, a);
                dst[o + 2 * plane] = (byte) blend(p & 0xff, a);
            }
        }
    }

    private static int blend(int c, int a) {
        return (c * a + BACKGROUND * (255 - a) + 127) / 255;
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static boolean bool(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && !e.isJsonNull() && e.getAsBoolean();
    }
}
