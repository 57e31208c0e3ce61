package io.ganzoo.trainer.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.trainer.data.Emoji;
import io.ganzoo.trainer.metrics.Exemplars;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code ganzoo-trainer exemplars MODEL QUERY...}: picks the exemplars of the DCGAN paper's vector arithmetic from an
 * emoji generator's samples by the data set's metadata. For each query (an emoji's name, or attributes such as
 * {@code tone:dark&sub:person}), the samples of the seed whose pixels are nearest (RMS) to one of the matching
 * training images, mirrors included; the printed indices go straight into {@code ganzoo arithmetic}.
 */
@Command(
        name = "exemplars",
        mixinStandardHelpOptions = true,
        description = "Samples of an emoji generator nearest to emoji chosen by name or attribute, as indices for"
                + " `ganzoo arithmetic`. QUERY: a name (\"SMILING FACE WITH SUNGLASSES\" or short name"
                + " \"sunglasses\"), or attributes joined by &: tone:none|light|medium-light|medium|medium-dark|dark,"
                + " sub:SUBCATEGORY (face-smiling, person, ...), cat:CATEGORY.")
final class ExemplarsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "emoji generator: zoo reference or .onnx file")
    String model;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "QUERY", description = "emoji names or attributes")
    List<String> queries;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the samples (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "-n",
            defaultValue = "2000",
            description = "samples searched: indices 0..n-1 of the seed (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "-k", defaultValue = "3", description = "exemplars per query (default: ${DEFAULT-VALUE})")
    int k;

    @Option(
            names = "--data",
            description = "the emoji package (default: " + "/usr/share/datasets/emoji-datasource-google)")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ModelException {
        if (n < k || k < 1) {
            throw new IllegalArgumentException("expected 1 <= -k <= -n, found -k " + k + ", -n " + n);
        }
        Emoji.Data faces = Emoji.faces(dataDir == null ? Emoji.DEFAULT_DIR : dataDir, true);
        PrintWriter out = spec.commandLine().getOut();
        List<String> terms = new ArrayList<>();
        List<Predicate<Emoji.Entry>> matches = new ArrayList<>();
        for (String q : queries) {
            matches.add(parse(q)); // every query is checked before anything is drawn
        }
        try (Generator g = Generator.load(model)) {
            ModelMetadata md = g.metadata();
            if (md.channels() * md.height() * md.width() != faces.images().imageSize()) {
                throw new IllegalArgumentException("exemplars compares samples with the emoji images (3x64x64): "
                        + model + " draws " + md.channels() + "x" + md.height() + "x" + md.width()
                        + "; give an emoji generator such as emoji-dcgan");
            }
            Exemplars exemplars = new Exemplars(g.sample(n, seed), faces.images());
            for (int qi = 0; qi < queries.size(); qi++) {
                String q = queries.get(qi);
                int[] images = faces.matching(matches.get(qi));
                if (images.length == 0) {
                    throw new IllegalArgumentException("no emoji face matches '" + q + "'; give a name from emoji.json"
                            + " (e.g. \"GRINNING FACE\"), a short name, or tone:/sub:/cat: attributes");
                }
                List<Exemplars.Exemplar> picked = exemplars.pick(images, k); // a sample serves one term only
                out.printf(Locale.ROOT, "%s (%d training images):%n", q, images.length);
                for (Exemplars.Exemplar e : picked) {
                    out.printf(
                            Locale.ROOT,
                            "  sample %d: RMS %.3f from %s%s%n",
                            e.sample(),
                            e.distance(),
                            faces.entry(e.nearest()).label(),
                            e.nearest() % 2 == 1 ? " (mirrored)" : "");
                }
                terms.add(String.join(
                        ",",
                        picked.stream().map(e -> Integer.toString(e.sample())).toList()));
            }
        }
        out.printf("ganzoo arithmetic %s --seed %d \"%s\"%n", model, seed, expression(terms));
        return ExitCode.OK.code();
    }

    /** The arithmetic of the terms' samples: the first minus the second plus the third, and so on. */
    private static String expression(List<String> terms) {
        StringBuilder expr = new StringBuilder(terms.get(0));
        for (int t = 1; t < terms.size(); t++) {
            expr.append(t % 2 == 1 ? " - " : " + ").append(terms.get(t));
        }
        return expr.toString();
    }

    /** A name or short name (case-insensitive), or attributes {@code tone:T}, {@code sub:S}, {@code cat:C} joined by &. */
    static Predicate<Emoji.Entry> parse(String q) {
        // attributes only when the query starts with a key: emoji names hold colons too ("MAN: BALD")
        if (!q.trim().matches("(?i)(tone|sub|cat|name):.*")) {
            return e -> e.name().equalsIgnoreCase(q) || e.shortName().equalsIgnoreCase(q);
        }
        Predicate<Emoji.Entry> p = e -> true;
        // & joins attributes; an & inside a value ("Smileys & Emotion") stays
        for (String part : q.split("&(?=\\s*(tone|sub|cat|name):)")) {
            String[] kv = part.trim().split(":", 2);
            String v = kv.length < 2 ? "" : kv[1].trim();
            Predicate<Emoji.Entry> one = switch (kv[0].trim()) {
                case "tone" -> {
                    int t = Emoji.TONES.indexOf(v);
                    if (t < 0) {
                        throw new IllegalArgumentException(
                                "tone: expected one of " + Emoji.TONES + ", found '" + v + "'");
                    }
                    yield e -> e.tone() == t;
                }
                case "sub" -> e -> e.subcategory().equalsIgnoreCase(v);
                case "cat" -> e -> e.category().equalsIgnoreCase(v);
                case "name" ->
                    e -> e.name().equalsIgnoreCase(v) || e.shortName().equalsIgnoreCase(v);
                default ->
                    throw new IllegalArgumentException(
                            "query '" + q + "': expected tone:, sub:, cat: or name: attributes");
            };
            p = p.and(one);
        }
        return p;
    }
}
