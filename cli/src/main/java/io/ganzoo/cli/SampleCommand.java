package io.ganzoo.cli;

import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.Provenance;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ganzoo sample MODEL -n N --seed S -o FILE.png [--grid COLS]}. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Draw N images from a generator and write them as one PNG grid.")
final class SampleCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "zoo model (name or name@version, e.g. fashion-dcgan) or path of an .onnx file")
    String model;

    @Option(
            names = {"-n", "--count"},
            defaultValue = "64",
            description = "number of images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", description = "seed; the same seed gives the same images (default: random, printed)")
    Long seed;

    @Option(
            names = {"-o", "--out"},
            converter = io.ganzoo.console.FileName.class,
            paramLabel = "FILE.png",
            description = "PNG grid to write")
    Path out;

    @Option(
            names = "--each",
            paramLabel = "DIR",
            description =
                    "also (or instead of -o) write one PNG per image into DIR: image-00000.png, image-00001.png, ...")
    Path each;

    @Option(names = "--grid", paramLabel = "COLS", description = "images per row (default: square-ish grid)")
    Integer grid;

    @Option(
            names = "--label",
            paramLabel = "CLASS",
            description = "conditional models: class index or name (e.g. 3 or Dress); default: classes in turn")
    String label;

    @Option(
            names = "--per-class",
            paramLabel = "N",
            description = "conditional models: N images of every class, one row per class (overrides -n and --grid)")
    Integer perClass;

    @Option(
            names = "--same-latents",
            description = "with --per-class: every row uses the same N latent vectors (0..N-1 of the seed), so a column"
                    + " shows one latent vector in every class")
    boolean sameLatents;

    @Option(
            names = "--truncation",
            paramLabel = "T",
            description = "truncation trick: redraw latent components beyond T standard deviations (e.g. 0.7)")
    Float truncation;

    @Option(
            names = "--scale",
            defaultValue = "1",
            description = "enlarge the PNG this many times (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(
            names = "--labels",
            description =
                    "write a label left of each row: the class with --per-class, else the number of the row's first image")
    boolean labels;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Refuses, before anything is drawn, a grid whose picture cannot be one PNG or whose drawing and encoding do not
     * fit in this JVM's memory: {@code -n 200000} under {@code -Xmx1g} passed the sdk's estimate (latents, floats,
     * pixels) and died after the sampling, in the grid and its PNG encoding, which the estimate did not count. Counted
     * here, in long arithmetic: latents and images as floats (alive until the grid is made), the grid, its scaled copy,
     * and the PNG encoder's filtered scanlines, compressed stream and copies (about three times the picture).
     */
    private void checkGridMemory(Generator g, long n, int cols) {
        if (scale < 1) {
            return; // refused with its range where the scale is used (Picture.scaled); nothing to estimate
        }
        long c = Math.min(cols, n);
        long rows = (n + c - 1) / c;
        int ch = g.metadata().channels();
        long gw = (c * g.metadata().width() + (c + 1) * 2) * scale;
        long gh = (rows * g.metadata().height() + (rows + 1) * 2) * scale;
        long picture = gw * gh * ch;
        if (picture > Integer.MAX_VALUE - 8 || gw * ch + 1 > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "-n %d: a %d x %d grid%s is %,d x %,d pixels, more than one PNG picture holds (2^31 bytes); write"
                            + " fewer, one PNG per image (--each DIR), or stream them (ganzoo render)",
                    n,
                    rows,
                    c,
                    scale > 1 ? " at --scale " + scale : "",
                    gw,
                    gh));
        }
        long floats = n * ch * g.metadata().height() * g.metadata().width();
        long need = n * g.metadata().latentSize() * 4
                + floats * 4
                + picture / ((long) scale * scale)
                + (scale > 1 ? picture : 0)
                + 3 * picture;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > available) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "-n %d: drawing them and encoding their %,d x %,d grid needs about %,d MB at once, and this JVM"
                            + " can take about %,d MB more; write fewer, one PNG per image (--each DIR), stream them"
                            + " (ganzoo render), or give Java more memory (-Xmx)",
                    n,
                    gw,
                    gh,
                    need >> 20,
                    available >> 20));
        }
    }

    /**
     * What a run draws: {@code n} images in a grid of {@code cols} columns, the class of each ({@code null} for an
     * unconditional model), and how many latent vectors ({@code n}, or one row's with {@code --same-latents}).
     */
    record Plan(int n, int cols, int[] labels, int drawn) {
        /** The classes of the grid's images in words, for its provenance; {@code null} for an unconditional model. */
        String rowsDescription(Generator g, boolean perClass, boolean sameLatents, boolean oneLabel) {
            if (labels == null) {
                return null;
            }
            if (perClass) {
                return "a row per class, in the model's order" + (sameLatents ? ", the same latents" : "");
            }
            return oneLabel
                    ? g.classes().get(labels[0])
                    : "image k draws class k mod " + g.classes().size();
        }
    }

    /**
     * The plan of this run for {@code g}: {@code --per-class} rows (every class, in the model's order), one
     * {@code --label}, or all classes in turn as {@link Generator#sample} draws them.
     *
     * @throws IllegalArgumentException for options that contradict each other or the model
     */
    private Plan plan(Generator g) {
        int cols = grid != null ? grid : (int) Math.ceil(Math.sqrt(count));
        if (sameLatents && perClass == null) {
            throw new IllegalArgumentException("--same-latents goes with --per-class N");
        }
        if (perClass == null) {
            int[] labels = label != null
                    ? filled(count, g.label(label))
                    : g.isConditional()
                            ? Generator.labelsInTurn(0, count, g.classes().size())
                            : null;
            return new Plan(count, cols, labels, count);
        }
        if (!g.isConditional()) { // the sdk's "it takes no label" named no option given (newcomer trial)
            throw new IllegalArgumentException("--per-class: " + g.source() + " is unconditional: it has no"
                    + " classes to draw images of; leave --per-class out");
        }
        if (label != null) { // --label was dropped without a word (newcomer trial)
            throw new IllegalArgumentException("--label and --per-class contradict each other: --per-class"
                    + " draws every class; give one of them");
        }
        if (perClass <= 0) {
            throw new IllegalArgumentException("--per-class: expected at least 1, found " + perClass);
        }
        long rows = (long) perClass * Math.max(1, g.classes().size());
        if (rows > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("--per-class: " + perClass + " images of each of "
                    + g.classes().size() + " classes are too many for one picture; use ganzoo render");
        }
        int[] labels = new int[(int) rows];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i / perClass;
        }
        return new Plan(labels.length, perClass, labels, sameLatents ? perClass : labels.length);
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    @Override
    public Integer call() throws ModelException, IOException {
        if (count <= 0) {
            throw new IllegalArgumentException("-n: expected at least 1 image, found " + count);
        }
        if (grid != null && grid <= 0) {
            throw new IllegalArgumentException("--grid: expected at least 1 column, found " + grid);
        }
        if (out == null && each == null) {
            throw new IllegalArgumentException(
                    "nothing to write: give -o FILE.png (a grid), --each DIR (one PNG per image)," + " or both");
        }
        OutputPaths.checkFile(out);
        OutputPaths.checkFolder(each);
        long s = seed != null ? seed : new SecureRandom().nextLong();
        try (Generator g = run.load(model)) {
            Plan p = plan(g);
            if (out != null) {
                checkGridMemory(g, p.n(), p.cols());
            }
            Latents z = truncation != null ? g.latents(p.drawn(), s, truncation) : g.latents(p.drawn(), s);
            if (sameLatents) {
                int[] index = new int[p.n()];
                for (int i = 0; i < p.n(); i++) {
                    index[i] = i % perClass;
                }
                z = z.select(index);
            }
            Images images = p.labels() == null ? g.generate(z) : g.generate(z, p.labels());
            // provenance in every PNG (issue 26): image i is latent i of the seed (i mod N with --same-latents)
            java.util.function.IntFunction<java.util.Map<String, String>> eachText = i -> Provenance.of(g)
                    .seed(s)
                    .images(sameLatents ? i % p.drawn() : i, 1)
                    .labels(p.labels() == null ? null : g.classes().get(p.labels()[i]))
                    .truncation(truncation)
                    .text();
            java.util.Map<String, String> gridText = Provenance.of(g)
                    .seed(s)
                    .images(0, p.drawn())
                    .labels(p.rowsDescription(g, perClass != null, sameLatents, label != null))
                    .truncation(truncation)
                    .command(Redraw.command(spec, g, s))
                    .text();
            int cols = p.cols();
            if (each != null) {
                writeEach(images, eachText);
                spec.commandLine()
                        .getOut()
                        .printf(
                                "wrote %s of %s (seed %d) to %s%n",
                                Console.count(images.count(), "PNG", "PNGs"), g.source(), s, each);
            }
            if (out == null) {
                run.noteOutOfRange(g);
                return ExitCode.OK.code();
            }
            if (this.labels) {
                LabelledRows.write(
                        images,
                        cols,
                        from -> perClass != null ? g.classes().get(from / cols) : String.valueOf(from),
                        scale,
                        out,
                        gridText);
            } else {
                images.grid(cols).scaled(scale).withText(gridText).writePng(out);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s of %s (seed %d) to %s%n",
                            Console.count(images.count(), "image", "images"), g.source(), s, out);
            run.noteOutOfRange(g);
        }
        return ExitCode.OK.code();
    }

    /**
     * One PNG per image in {@code --each}: a failure removes the PNGs this command wrote and the folder when it made
     * it (attack pass: a full disk left a new folder with two of them, said nothing); a stop says how many are there.
     */
    private void writeEach(Images images, java.util.function.IntFunction<java.util.Map<String, String>> text)
            throws IOException {
        if (Files.isDirectory(each)) { // an earlier sample's images past this one's count would be left beside them
            java.util.regex.Pattern name = java.util.regex.Pattern.compile("image-(\\d{5,})\\.png");
            long stale = 0;
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(each)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
                    java.util.regex.Matcher m = name.matcher(p.getFileName().toString());
                    if (m.matches() && Long.parseLong(m.group(1)) >= images.count()) {
                        stale++;
                    }
                }
            }
            if (stale > 0) { // newcomer trial: -n 5 then -n 3 into one folder left 2 images of the first run
                throw new IllegalArgumentException("--each " + each + " holds "
                        + Console.count(stale, "image", "images")
                        + " numbered from " + images.count() + " on (image-"
                        + String.format(Locale.ROOT, "%05d", images.count())
                        + ".png ...) from an earlier sample, which this one ("
                        + Console.count(images.count(), "image", "images") + ") would leave beside its own; choose"
                        + " an empty folder or remove them");
            }
        }
        boolean madeFolder = !Files.exists(each);
        Files.createDirectories(each);
        List<java.nio.file.Path> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        Console.onStop(() -> written.size() + " of " + images.count() + " PNGs are in " + each
                + "; sample writes them all again when run again");
        try {
            for (int i = 0; i < images.count(); i++) {
                java.nio.file.Path f = each.resolve(String.format(Locale.ROOT, "image-%05d.png", i));
                boolean existed = Files.exists(f);
                images.picture(i).scaled(scale).withText(text.apply(i)).writePng(f);
                if (!existed) {
                    written.add(f);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                for (java.nio.file.Path f : written) {
                    Files.deleteIfExists(f);
                }
                if (madeFolder) {
                    Files.deleteIfExists(each); // only when empty
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            Console.onStop(null);
        }
    }
}
