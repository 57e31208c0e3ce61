package io.ganzoo.cli;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.zoo.ModelException;

import java.util.ArrayList;
import java.util.List;

/** Parsing of latent references: "image k of seed S", as numbered in {@code ganzoo sample -n N --seed S}. */
final class LatentArgs {
    private LatentArgs() {}

    /**
     * Comma-separated image numbers, e.g. {@code 3,9,14}.
     *
     * @throws IllegalArgumentException naming the option and the bad part
     */
    static int[] indices(String option, String list) {
        String[] parts = list.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = io.ganzoo.zoo.Decimal.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        option + ": expected image numbers separated by commas (e.g. 3,9,14)," + " found '"
                                + parts[i].trim() + "' in '" + list + "'",
                        e);
            }
            if (out[i] < 0 || out[i] > 10_000_000) {
                throw new IllegalArgumentException(option + ": image numbers must be in 0..10000000, found " + out[i]);
            }
        }
        return out;
    }

    /** The latent vectors of images {@code indices} of {@code seed}, in that order. */
    static Latents of(Generator g, long seed, int[] indices) {
        int max = 0;
        for (int i : indices) {
            max = Math.max(max, i);
        }
        return g.latents(max + 1, seed).select(indices);
    }

    /**
     * The class given by {@code --label}, or -1 when none was given. A label for an unconditional model is an error
     * that says so ({@link Generator#label}).
     */
    static int label(Generator g, String label) {
        return label == null ? -1 : g.label(label);
    }

    /**
     * Images of {@code z}: unconditional models ignore the class; conditional ones take {@code cls}, or
     * {@code fallback} when no class was given ({@code cls < 0}).
     */
    static Images draw(Generator g, Latents z, int cls, int fallback) throws ModelException {
        return g.isConditional() ? g.generate(z, cls >= 0 ? cls : fallback) : g.generate(z);
    }

    /**
     * {@link #draw} of row {@code row} (from 0) of a grid drawn a row at a time: NaN or infinite values are said with
     * the row, and image numbers counted within it (they were each call's own, so every row's first image was "image
     * 0": re-test of interpolate).
     *
     * @param name what the row shows, e.g. {@code 4 -> 5}
     */
    static Images drawRow(Generator g, Latents z, int cls, int fallback, int row, String name) throws ModelException {
        try {
            return draw(g, z, cls, fallback);
        } catch (io.ganzoo.sdk.NonFiniteOutputException e) {
            throw e.numberedFrom(
                    0,
                    g.source() + ", in row " + row + " of the grid (" + name + "; images numbered from 0 in the row),");
        }
    }

    /** A term of a latent expression: the images it averages and its sign. */
    record Term(int sign, int[] indices) {}

    /**
     * Parses {@code "3,9,14 - 1,2,5 + 20,21,22"}: terms of comma-separated image numbers joined by + and -; each
     * term stands for the mean of its images' latents.
     */
    static List<Term> expression(String expr) {
        List<Term> terms = new ArrayList<>();
        String s = expr.trim();
        int sign = 1;
        int start = 0;
        if (s.startsWith("-") || s.startsWith("+")) {
            sign = s.charAt(0) == '-' ? -1 : 1;
            start = 1;
        }
        for (int i = start; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '+' || s.charAt(i) == '-') {
                String part = s.substring(start, i).trim();
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("expression: expected terms like '3,9,14 - 1,2,5 + 20,21,22',"
                            + " found an empty term in '" + expr + "'");
                }
                terms.add(new Term(sign, indices("expression", part)));
                if (i < s.length()) {
                    sign = s.charAt(i) == '-' ? -1 : 1;
                }
                start = i + 1;
            }
        }
        return terms;
    }
}
