package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Interpolation;
import io.ganzoo.sdk.Latents;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ganzoo interpolate MODEL --seed S [--keys A,B,C | --rows R] --steps N -o FILE.png}. */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        description = {
            "Interpolate between latent vectors and write one row per pair as a PNG grid.",
            "Image k of a seed is the one 'ganzoo sample -n N --seed S' draws at position k (0-based)."
        })
final class InterpolateCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "zoo model (e.g. fashion-dcgan) or path of an .onnx file")
    String model;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "seed of the latent vectors (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--keys",
            paramLabel = "K1,K2,...",
            description = "images of the seed to pass through, in order: one row per consecutive pair")
    String keys;

    /** Most images one interpolation picture holds. */
    static final int MAX_IMAGES = 100_000;

    @Option(
            names = "--rows",
            defaultValue = "6",
            description =
                    "without --keys: this many rows, row r from image 2r to image 2r+1 (default: ${DEFAULT-VALUE})")
    int rows;

    @Option(
            names = "--steps",
            defaultValue = "10",
            description = "images per row, both ends included (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--mode", defaultValue = "slerp", description = "slerp or lerp (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(
            names = "--label",
            paramLabel = "CLASS",
            description = "conditional models: class of every image (default: row r has class r mod classes)")
    String label;

    @Option(
            names = {"-o", "--out"},
            converter = io.ganzoo.console.FileName.class,
            required = true,
            paramLabel = "FILE.png",
            description = "PNG file to write")
    Path out;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "enlarge the PNG this many times (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(names = "--labels", description = "write 'A -> B' left of each row")
    boolean labels;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static Interpolation mode(String m) {
        return switch (m.trim().toLowerCase(Locale.ROOT)) {
            case "slerp" -> Interpolation.SLERP;
            case "lerp" -> Interpolation.LERP;
            default -> throw new IllegalArgumentException("--mode: expected slerp or lerp, found '" + m + "'");
        };
    }

    /** The key images of {@code --keys} (at least two), or {@code null} for {@code --rows} pairs. */
    private int[] keys() {
        if (keys != null && spec.commandLine().getParseResult().hasMatchedOption("--rows")) {
            // --rows was ignored without a word (newcomer trial)
            throw new IllegalArgumentException("--keys and --rows contradict each other: with --keys the rows are its"
                    + " consecutive pairs; give one of them");
        }
        if (keys == null) {
            if (rows < 1) {
                throw new IllegalArgumentException("--rows: expected at least 1, found " + rows);
            }
            return null;
        }
        int[] k = LatentArgs.indices("--keys", keys);
        if (k.length < 2) {
            throw new IllegalArgumentException("--keys: expected at least 2 images, found " + k.length);
        }
        return k;
    }

    /** Refuses a picture of {@code segments} rows of {@code --steps} images that one array cannot hold. */
    private void checkPicture(Generator g, int segments) {
        double values = (double) segments
                * steps
                * (g.metadata().height() + 2)
                * (g.metadata().width() + 2)
                * g.metadata().channels()
                * scale
                * scale;
        if (values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%d rows of %d images of %s at"
                            + " --scale %d make a picture of %.0f values, more than one array holds; use fewer or a smaller"
                            + " --scale",
                    segments,
                    steps,
                    g.source(),
                    scale,
                    values));
        }
    }

    /**
     * Row r: the path from image {@code a} to image {@code b} of the seed (the r-th pair of {@code --keys}, or images
     * 2r and 2r + 1), drawn with class {@code cls} (or class r in turn); its name {@code "a -> b"} added to
     * {@code names}.
     */
    private List<Images> drawRows(Generator g, int[] k, int segments, int cls, Interpolation how, List<String> names)
            throws ModelException {
        List<Images> lines = new ArrayList<>();
        int[] ends2 = new int[2 * segments];
        for (int r = 0; r < segments; r++) {
            ends2[2 * r] = k != null ? k[r] : 2 * r;
            ends2[2 * r + 1] = k != null ? k[r + 1] : 2 * r + 1;
        }
        Latents all = LatentArgs.of(g, seed, ends2); // every row's ends, drawn once
        for (int r = 0; r < segments; r++) {
            int a = ends2[2 * r];
            int b = ends2[2 * r + 1];
            Latents ends = all.select(2 * r, 2 * r + 1);
            names.add(a + " -> " + b);
            Latents path = Latents.interpolate(ends.select(0), ends.select(1), steps, how);
            lines.add(
                    LatentArgs.drawRow(g, path, cls, r % Math.max(1, g.classes().size()), r, a + " -> " + b));
        }
        return lines;
    }

    @Override
    public Integer call() throws ModelException, IOException {
        Interpolation how = mode(mode);
        if (steps < 2) {
            throw new IllegalArgumentException("--steps: expected at least 2 (both ends), found " + steps);
        }
        int[] k = keys();
        int segments = k != null ? k.length - 1 : rows;
        if ((long) segments * steps > MAX_IMAGES) {
            throw new IllegalArgumentException("--rows/--keys x --steps: " + segments + " rows of " + steps
                    + " images is" + " more than one picture holds (at most " + MAX_IMAGES
                    + " images); use fewer, or ganzoo render");
        }
        OutputPaths.checkFile(out);
        try (Generator g = run.load(model)) {
            checkPicture(g, segments);
            int cls = LatentArgs.label(g, label);
            List<String> names = new ArrayList<>();
            List<Images> lines = drawRows(g, k, segments, cls, how, names);
            java.util.Map<String, String> text = io.ganzoo.sdk.Provenance.of(g)
                    .seed(seed)
                    .labels(
                            g.isConditional()
                                    ? (cls >= 0
                                            ? g.classes().get(cls)
                                            : "row r draws class r mod "
                                                    + g.classes().size())
                                    : null)
                    .command(Redraw.command(spec, g, seed))
                    .text();
            if (labels) {
                LabelledRows.write(lines, names, scale, out, text);
            } else {
                Images.rows(lines, 2).scaled(scale).withText(text).writePng(out);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %d rows of %d images (%s, seed %d) of %s to %s%n",
                            lines.size(), steps, how.name().toLowerCase(Locale.ROOT), seed, g.source(), out);
            run.noteOutOfRange(g);
        }
        return ExitCode.OK.code();
    }
}
