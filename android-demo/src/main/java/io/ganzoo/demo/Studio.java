package io.ganzoo.demo;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Interpolation;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.Picture;
import io.ganzoo.zoo.EmbeddedRepository;
import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelFormat;
import io.ganzoo.zoo.Version;
import io.ganzoo.zoo.ZooException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns what the screen asks for into pictures, with one {@link Generator} open at a time: the model of the last
 * request. Asking for another model closes the previous generator first; {@link #close()} closes the current one.
 * Not thread-safe: the screen calls it from its one worker thread ({@link DemoModel}).
 */
public final class Studio implements AutoCloseable {
    /** Opens a generator; {@code Generator::load} in the app, a counting wrapper in tests. */
    public interface Loader {
        Generator load(String model) throws ModelException;
    }

    /**
     * The docs' latent arithmetic (docs/latent.md, "Vector arithmetic"): on {@value #ARITHMETIC_MODEL}, seed
     * {@value #ARITHMETIC_SEED}, the mean of images 4, 12, 31 (dark shoes) minus that of 1, 23, 18 (dark tops) plus
     * that of 2, 26, 24 (bright tops) gives bright shoes.
     */
    public static final String ARITHMETIC_MODEL = "fashion-dcgan";

    /**
     * The exact model the arithmetic was chosen on: the image numbers name dark shoes and tops of this version's
     * seed-7 images (a later version draws other garments for some of them, and the sum is no longer bright shoes).
     */
    public static final String ARITHMETIC_REF = ARITHMETIC_MODEL + "@1.0.1";

    public static final long ARITHMETIC_SEED = 7L;
    public static final String ARITHMETIC_EXPRESSION = "4,12,31 - 1,23,18 + 2,26,24";
    private static final int[][] ARITHMETIC_TERMS = {{4, 12, 31}, {1, 23, 18}, {2, 26, 24}};
    private static final int[] ARITHMETIC_SIGNS = {1, -1, 1};
    /** The result and its neighbours, as {@code ganzoo arithmetic}'s defaults draw them. */
    private static final int ARITHMETIC_NEIGHBOURS = 8;

    private static final float ARITHMETIC_RADIUS = 0.25f;

    private final Loader loader;
    private Generator generator;
    private String model;
    private boolean closed;

    public Studio(Loader loader) {
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** A studio that loads the zoo's models ({@link Generator#load(String)}). */
    public Studio() {
        this(Generator::load);
    }

    /** A generator of the zoo: {@code name}, {@code name@version} and its card's title. */
    public record Model(String name, String id, String title) {}

    /**
     * The generators embedded in the app (the {@code io.ganzoo:ganzoo-models} artifact), newest version of each, in
     * the index's order.
     *
     * @throws ZooException when the artifact is missing from the app or its index cannot be read
     */
    public static List<Model> generators() throws ZooException {
        EmbeddedRepository models =
                new EmbeddedRepository(Studio.class.getClassLoader(), EmbeddedRepository.GENERATORS);
        Map<String, ModelEntry> newest = new LinkedHashMap<>();
        for (ModelEntry e : models.index().models()) {
            if (e.modelKind() == ModelFormat.Kind.GENERATOR) {
                newest.merge(
                        e.name(),
                        e,
                        (a, b) -> Version.parse(b.version()).compareTo(Version.parse(a.version())) > 0 ? b : a);
            }
        }
        if (newest.isEmpty()) {
            throw new ZooException(
                    ModelException.Reason.NOT_FOUND,
                    "no generators in this app: expected the artifact " + models.absent()
                            + " among its dependencies (implementation 'io.ganzoo:ganzoo-models:...')");
        }
        List<Model> out = new ArrayList<>();
        for (ModelEntry e : newest.values()) {
            out.add(new Model(e.name(), e.id(), e.card() == null ? "" : e.card().title()));
        }
        return Collections.unmodifiableList(out);
    }

    /** A picture of {@code images} generated images, and how long drawing them took. */
    public record Timed(Picture picture, long nanos, int images) {}

    /** The grid of a state and what the screen shows beside it. */
    public record Sample(Picture grid, long nanos, String source, List<String> classes, List<String> command) {}

    /** The frames of an interpolation, and how long drawing all of them took. */
    public record Walk(List<Picture> frames, long nanos, int images, List<String> classes) {}

    /**
     * The grid of {@link DemoState#COUNT} images of a state, drawn as {@code ganzoo sample} draws it with
     * {@link DemoState#sampleCommand} arguments: image k has latent k of the seed (truncated when asked), and the class
     * asked for or, for a conditional model, the classes in turn.
     */
    public Sample sample(DemoState s) throws ModelException {
        Generator g = generator(s.model());
        int[] labels = labels(g, s);
        long start = System.nanoTime();
        Images images = draw(g, latents(g, s, s.seed()), labels);
        long nanos = System.nanoTime() - start;
        return new Sample(images.grid(DemoState.COLUMNS), nanos, g.source(), g.classes(), s.sampleCommand(g.classes()));
    }

    /**
     * An interpolation of the grid from {@code s}'s seed to {@code to}: frame f shows, for every image k, the point
     * f / (steps - 1) on the great circle from latent k of the first seed to latent k of the second (slerp), with the
     * same classes and truncation. Frame 0 is {@code s}'s grid and the last frame the grid of seed {@code to}.
     */
    public Walk interpolate(DemoState s, long to, int steps) throws ModelException {
        if (steps < 2) {
            throw new IllegalArgumentException("interpolation steps: expected at least 2 (both ends), found " + steps);
        }
        Generator g = generator(s.model());
        int[] labels = labels(g, s);
        Latents a = latents(g, s, s.seed());
        Latents b = latents(g, s, to);
        int size = a.size();
        List<Picture> frames = new ArrayList<>();
        long start = System.nanoTime();
        for (int f = 0; f < steps; f++) {
            double t = f == steps - 1 ? 1.0 : (double) f / (steps - 1);
            float[] z = new float[DemoState.COUNT * size];
            for (int k = 0; k < DemoState.COUNT; k++) {
                float[] v = Interpolation.SLERP.apply(a.vector(k), b.vector(k), t);
                System.arraycopy(v, 0, z, k * size, size);
            }
            frames.add(draw(g, Latents.of(z, size), labels).grid(DemoState.COLUMNS));
        }
        return new Walk(
                Collections.unmodifiableList(frames), System.nanoTime() - start, steps * DemoState.COUNT, g.classes());
    }

    /**
     * The docs' latent arithmetic on {@value #ARITHMETIC_MODEL}, drawn as {@code ganzoo arithmetic fashion-dcgan@1.0.1
     * --seed 7 "4,12,31 - 1,23,18 + 2,26,24"} draws it: a row per term (its three images, then the image of their mean)
     * and a last row with the result and 7 neighbours (uniform noise in [-0.25, 0.25]).
     */
    public Timed arithmetic() throws ModelException {
        Generator g = generator(ARITHMETIC_REF);
        long start = System.nanoTime();
        List<Images> rows = new ArrayList<>();
        int images = 0;
        Latents result = null;
        for (int i = 0; i < ARITHMETIC_TERMS.length; i++) {
            int[] picked = ARITHMETIC_TERMS[i];
            int max = 0;
            for (int k : picked) {
                max = Math.max(max, k);
            }
            Latents exemplars = g.latents(max + 1, ARITHMETIC_SEED).select(picked);
            Latents mean = exemplars.mean();
            rows.add(g.generate(Latents.concat(exemplars, mean)));
            images += picked.length + 1;
            Latents signed = ARITHMETIC_SIGNS[i] < 0 ? mean.times(-1) : mean;
            result = result == null ? signed : result.plus(signed);
        }
        rows.add(g.generate(result.neighbourhood(ARITHMETIC_NEIGHBOURS, ARITHMETIC_RADIUS, ARITHMETIC_SEED)));
        images += ARITHMETIC_NEIGHBOURS;
        Picture picture = Images.rows(rows, 2);
        return new Timed(picture, System.nanoTime() - start, images);
    }

    /**
     * The generator of {@code model}, loaded on first use; the previous model's generator is closed first, so at most
     * one is open.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public Generator generator(String m) throws ModelException {
        if (closed) {
            throw new IllegalStateException("this Studio is closed (its screen has gone)");
        }
        if (generator != null && m.equals(model)) {
            return generator;
        }
        closeGenerator();
        generator = loader.load(m);
        model = m;
        return generator;
    }

    /** The generator open now, or {@code null}. */
    public Generator current() {
        return generator;
    }

    private static Latents latents(Generator g, DemoState s, long seed) {
        return s.truncated() ? g.latents(DemoState.COUNT, seed, s.truncation()) : g.latents(DemoState.COUNT, seed);
    }

    /** The labels of the grid: the class asked for, the classes in turn, or none for an unconditional model. */
    private static int[] labels(Generator g, DemoState s) {
        if (s.label() != DemoState.CLASSES_IN_TURN) {
            if (!g.isConditional()) {
                throw new IllegalArgumentException(g.source() + " is unconditional: it takes no class");
            }
            int[] l = new int[DemoState.COUNT];
            Arrays.fill(l, s.label());
            return l;
        }
        return g.isConditional()
                ? Generator.labelsInTurn(0, DemoState.COUNT, g.classes().size())
                : null;
    }

    private static Images draw(Generator g, Latents z, int[] labels) throws ModelException {
        return labels == null ? g.generate(z) : g.generate(z, labels);
    }

    private void closeGenerator() throws ModelException {
        Generator g = generator;
        generator = null;
        model = null;
        if (g != null) {
            g.close();
        }
    }

    /** Closes the open generator; later requests throw {@link IllegalStateException}. Idempotent. */
    @Override
    public void close() throws ModelException {
        closed = true;
        closeGenerator();
    }
}
