package io.ganzoo.demo;

import io.ganzoo.sdk.Noise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the screen asks for: a model, a seed, a truncation and a class. Immutable; the controls make a new state and
 * the grid shows its images, the same images as {@link #sampleCommand()} draws with the command line.
 */
public final class DemoState {
    /** Images in the grid: one batch. */
    public static final int COUNT = 64;
    /** Columns of the grid. */
    public static final int COLUMNS = 8;
    /** No class asked for: a conditional model draws the classes in turn (image k has class k mod classes). */
    public static final int CLASSES_IN_TURN = -1;
    /** The truncation slider's range: positions 0..{@value} - 1 are 0.05 .. 2.0, the last one is "off". */
    public static final int TRUNCATION_STEPS = 40;

    private final String model;
    private final long seed;
    private final float truncation;
    private final int label;

    private DemoState(String model, long seed, float truncation, int label) {
        this.model = Objects.requireNonNull(model, "model");
        if (!Float.isNaN(truncation) && !(truncation >= Noise.MIN_TRUNCATION)) {
            throw new IllegalArgumentException(
                    "truncation: expected off (NaN) or at least " + Noise.MIN_TRUNCATION + ", found " + truncation);
        }
        if (label < CLASSES_IN_TURN) {
            throw new IllegalArgumentException("class: expected " + CLASSES_IN_TURN + " (classes in turn) or an index"
                    + " 0 or more, found " + label);
        }
        this.seed = seed;
        this.truncation = truncation;
        this.label = label;
    }

    /** {@code model} at {@code seed}, no truncation, classes in turn. */
    public static DemoState of(String model, long seed) {
        return new DemoState(model, seed, Float.NaN, CLASSES_IN_TURN);
    }

    public String model() {
        return model;
    }

    public long seed() {
        return seed;
    }

    /** The truncation threshold, or NaN when truncation is off. */
    public float truncation() {
        return truncation;
    }

    public boolean truncated() {
        return !Float.isNaN(truncation);
    }

    /** The class index asked for, or {@link #CLASSES_IN_TURN}. */
    public int label() {
        return label;
    }

    /** Another model; the class goes back to "classes in turn" (the classes are the model's). */
    public DemoState withModel(String m) {
        return m.equals(model) ? this : new DemoState(m, seed, truncation, CLASSES_IN_TURN);
    }

    public DemoState withSeed(long s) {
        return new DemoState(model, s, truncation, label);
    }

    /** @param t a threshold of at least {@link Noise#MIN_TRUNCATION}, or NaN for off */
    public DemoState withTruncation(float t) {
        return new DemoState(model, seed, t, label);
    }

    /** @param l a class index, or {@link #CLASSES_IN_TURN} */
    public DemoState withLabel(int l) {
        return new DemoState(model, seed, truncation, l);
    }

    /**
     * The threshold at a slider position: {@code (position + 1) / 20}, i.e. 0.05, 0.10, ... 2.0, and off (NaN) at the
     * last position. The division is correctly rounded, so the float equals the one {@code --truncation 0.7} parses.
     */
    public static float truncationAt(int position) {
        if (position < 0 || position > TRUNCATION_STEPS) {
            throw new IllegalArgumentException(
                    "truncation slider: expected a position 0.." + TRUNCATION_STEPS + ", found " + position);
        }
        return position == TRUNCATION_STEPS ? Float.NaN : (position + 1) / 20f;
    }

    /** The slider position of a threshold (the nearest step; the last position for off). */
    public static int positionOf(float truncation) {
        if (Float.isNaN(truncation)) {
            return TRUNCATION_STEPS;
        }
        return Math.max(0, Math.min(TRUNCATION_STEPS - 1, Math.round(truncation * 20f) - 1));
    }

    /**
     * The arguments of the {@code ganzoo} command line that draws this state's grid, e.g.
     * {@code sample fashion-cgan -n 64 --seed 3 --grid 8 --truncation 0.7 --label Dress}.
     *
     * @param classes the model's class names (empty for an unconditional model)
     */
    public List<String> sampleCommand(List<String> classes) {
        List<String> args = new ArrayList<>();
        Collections.addAll(
                args,
                "sample",
                model,
                "-n",
                String.valueOf(COUNT),
                "--seed",
                String.valueOf(seed),
                "--grid",
                String.valueOf(COLUMNS));
        if (truncated()) {
            Collections.addAll(args, "--truncation", Float.toString(truncation));
        }
        if (label != CLASSES_IN_TURN) {
            if (label >= classes.size()) {
                throw new IllegalArgumentException(
                        "class " + label + ": " + model + " has " + classes.size() + " classes " + classes);
            }
            Collections.addAll(args, "--label", classes.get(label));
        }
        return args;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemoState s
                && s.model.equals(model)
                && s.seed == seed
                && Float.compare(s.truncation, truncation) == 0
                && s.label == label;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, seed, truncation, label);
    }

    @Override
    public String toString() {
        return "DemoState[" + model + ", seed " + seed + ", truncation " + (truncated() ? truncation : "off")
                + ", class " + (label == CLASSES_IN_TURN ? "in turn" : label) + "]";
    }
}
