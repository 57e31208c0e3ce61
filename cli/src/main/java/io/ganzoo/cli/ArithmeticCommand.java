package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
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
import java.util.concurrent.Callable;

/** {@code ganzoo arithmetic MODEL --seed S "3,9,14 - 1,2,5 + 20,21,22" -o out.png}. */
@Command(
        name = "arithmetic",
        mixinStandardHelpOptions = true,
        description = {
            "Latent vector arithmetic (DCGAN paper): a - b + c on concept vectors, drawn with its neighbourhood.",
            "Each term is the mean latent of some images of the seed (numbered as 'ganzoo sample -n N --seed S'",
            "draws them; 'ganzoo sample --labels' prints the numbers).",
            "The PNG has one row per term (its images, then the image of their mean) and a last row with the",
            "result followed by the result plus uniform noise in [-radius, radius]."
        })
final class ArithmeticCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "zoo model (e.g. fashion-dcgan) or path of an .onnx file")
    String model;

    /**
     * The expression, and whatever else picocli could not match: an expression may start with a minus, so unknown
     * options arrive here too (Main sets unmatched options to be positional for this command) and are named by
     * {@link #expression()}.
     */
    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "EXPRESSION",
            description =
                    "terms of comma-separated image numbers joined by + and -, e.g. \"3,9,14 - 1,2,5 + 20,21,22\";"
                            + " may start with a minus (\"-4,12 + 2\")")
    List<String> expressionArgs;

    /**
     * The one expression given; an argument that looks like an option ({@code --neighbors=3}, {@code -x}) is an
     * unknown option, said as such, since no expression starts with a minus and a letter.
     */
    private String expression() {
        List<String> rest = new ArrayList<>();
        for (String a : expressionArgs) {
            if (a.matches("-{1,2}[A-Za-z].*")
                    && spec.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
                            != null) { // "-- -v": it said "unknown option '-v'" and listed -v among the options
                // (re-test)
                throw new IllegalArgumentException("'" + a + "' is an option of arithmetic but stands where the"
                        + " EXPRESSION goes (after --, every word is the expression); put options before --");
            }
            if (a.matches("-{1,2}[A-Za-z].*")) {
                throw new IllegalArgumentException("unknown option '" + a + "' for arithmetic; its options are "
                        + spec.options().stream()
                                .map(o -> o.longestName())
                                .sorted()
                                .toList()
                        + " (see ganzoo arithmetic --help)");
            }
            rest.add(a);
        }
        if (rest.size() != 1) {
            throw new IllegalArgumentException("arithmetic: expected one EXPRESSION (quote it: \"3,9,14 - 1,2,5\"),"
                    + " found " + rest.size() + ": " + rest);
        }
        return rest.get(0);
    }

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "seed of the latent vectors (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--neighbours",
            defaultValue = "8",
            description = "images in the result's row, the result first (default: ${DEFAULT-VALUE})")
    int neighbours;

    @Option(
            names = "--radius",
            defaultValue = "0.25",
            description = "half-width of the uniform noise around the result (the paper's: ${DEFAULT-VALUE})")
    float radius;

    @Option(
            names = "--label",
            paramLabel = "CLASS",
            description = "conditional models: the class of every image (default: 0)")
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

    @Option(names = "--labels", description = "write each term ('+ 4,12,31') and '= result' left of its row")
    boolean labels;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ModelException, IOException {
        String expression = expression();
        List<LatentArgs.Term> terms = LatentArgs.expression(expression);
        if (neighbours < 1) {
            throw new IllegalArgumentException("--neighbours: expected at least 1, found " + neighbours);
        }
        OutputPaths.checkFile(out);
        try (Generator g = run.load(model)) {
            int cls = LatentArgs.label(g, label);
            List<Images> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            Latents result = null;
            for (LatentArgs.Term t : terms) {
                Latents exemplars = LatentArgs.of(g, seed, t.indices());
                Latents mean = exemplars.mean();
                StringBuilder idx = new StringBuilder();
                for (int i : t.indices()) {
                    idx.append(idx.length() == 0 ? "" : ",").append(i);
                }
                rows.add(LatentArgs.drawRow(
                        g, Latents.concat(exemplars, mean), cls, 0, rows.size(), "images " + idx + " and their mean"));
                names.add((t.sign() < 0 ? "- " : "+ ") + idx);
                Latents signed = t.sign() < 0 ? mean.times(-1) : mean;
                result = result == null ? signed : result.plus(signed);
            }
            rows.add(LatentArgs.drawRow(
                    g,
                    result.neighbourhood(neighbours, radius, seed),
                    cls,
                    0,
                    rows.size(),
                    "the result and its" + " neighbours"));
            names.add("= result");
            java.util.Map<String, String> text = io.ganzoo.sdk.Provenance.of(g)
                    .seed(seed)
                    .labels(g.isConditional() ? g.classes().get(Math.max(cls, 0)) : null)
                    .command(Redraw.command(spec, g, seed))
                    .text();
            if (labels) {
                LabelledRows.write(rows, names, scale, out, text);
            } else {
                Images.rows(rows, 2).scaled(scale).withText(text).writePng(out);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote %s (seed %d) of %s to %s: %d term rows and the result row%n",
                            expression.trim(), seed, g.source(), out, terms.size());
            run.noteOutOfRange(g);
        }
        return ExitCode.OK.code();
    }
}
