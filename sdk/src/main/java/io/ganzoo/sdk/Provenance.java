package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Zoo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a generated picture comes from, as PNG text chunks ({@link Picture#withText}): the model and its file's
 * SHA-256, the seed, the images' numbers, their classes and truncation, the command that draws it again, and a
 * synthetic-image marker both as text and as the IPTC digital source type {@code trainedAlgorithmicMedia} in an XMP
 * packet (the field image tools and platforms read to label AI-generated images). The text depends only on what
 * decides the pixels, so a picture drawn twice is the same bytes.
 *
 * <pre>{@code
 * Picture p = images.grid(8).withText(Provenance.of(g).seed(7).images(0, 64).text());
 * }</pre>
 */
public final class Provenance {
    /** The program, {@code ganzoo VERSION} (a keyword PNG predefines). */
    public static final String SOFTWARE = "Software";
    /** {@code name@version} of the model (its metadata's), or the file it was loaded from when it names none. */
    public static final String MODEL = "ganzoo.model";
    /** Lower-case hex SHA-256 of the model file. */
    public static final String MODEL_SHA256 = "ganzoo.model.sha256";
    /** The seed of the images' latent vectors. */
    public static final String SEED = "ganzoo.seed";
    /** The images' numbers for that seed: {@code 12}, or {@code 0-63} for a grid of images 0 to 63. */
    public static final String IMAGES = "ganzoo.images";
    /** The class of a conditional model's image, or how a grid's classes were chosen. */
    public static final String LABELS = "ganzoo.labels";
    /** The truncation psi, when the latents were truncated. */
    public static final String TRUNCATION = "ganzoo.truncation";
    /** The command that draws this picture again, e.g. {@code ganzoo sample fashion-dcgan@1.1.0 -n 64 --seed 7}. */
    public static final String COMMAND = "ganzoo.command";
    /** The marker: this is a synthetic image. */
    public static final String SYNTHETIC = "ganzoo.synthetic";
    /** The XMP packet's keyword (XMP specification part 3, PNG). */
    public static final String XMP = "XML:com.adobe.xmp";
    /** The IPTC digital source type of media made by a trained model. */
    public static final String TRAINED_ALGORITHMIC_MEDIA =
            "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    private static final String XMP_PACKET = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF"
            + " xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
            + " xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\" Iptc4xmpExt:DigitalSourceType=\""
            + TRAINED_ALGORITHMIC_MEDIA + "\"/></rdf:RDF></x:xmpmeta>";

    private final Map<String, String> text = new LinkedHashMap<>();

    private Provenance(String model, String sha256) {
        text.put(SOFTWARE, "ganzoo " + Zoo.VERSION);
        text.put(MODEL, model);
        text.put(MODEL_SHA256, sha256);
    }

    /** The provenance of pictures drawn by {@code g}. */
    public static Provenance of(Generator g) {
        String name = g.metadata().get(ModelFormat.NAME);
        String version = g.metadata().get(ModelFormat.VERSION);
        return new Provenance(name != null && version != null ? name + "@" + version : g.source(), g.sha256());
    }

    /** Sets the seed. */
    public Provenance seed(long seed) {
        text.put(SEED, Long.toString(seed));
        return this;
    }

    /** Sets the images' numbers: {@code first} alone when {@code count} is 1, else {@code first-last}. */
    public Provenance images(long first, long count) {
        text.put(IMAGES, count == 1 ? Long.toString(first) : first + "-" + (first + count - 1));
        return this;
    }

    /** Sets the class (or how classes were chosen); {@code null} leaves it out. */
    public Provenance labels(String labels) {
        if (labels != null) {
            text.put(LABELS, labels);
        }
        return this;
    }

    /** Sets the truncation psi; {@code null} (none) leaves it out. */
    public Provenance truncation(Float psi) {
        if (psi != null) {
            text.put(TRUNCATION, Float.toString(psi));
        }
        return this;
    }

    /** Sets the command that draws the picture again; {@code null} leaves it out. */
    public Provenance command(String command) {
        if (command != null) {
            text.put(COMMAND, command);
        }
        return this;
    }

    /** The text chunks, in order, ending with the synthetic-image marker and the XMP packet. */
    public Map<String, String> text() {
        Map<String, String> out = new LinkedHashMap<>(text);
        out.put(SYNTHETIC, "yes: drawn by a generative model (IPTC digital source type trainedAlgorithmicMedia)");
        out.put(XMP, XMP_PACKET);
        return Collections.unmodifiableMap(out);
    }
}
