package io.ganzoo.cli;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Provenance;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The command line that draws a picture again, for its {@link Provenance#COMMAND}: the command as given, with the
 * model pinned to the version drawn and the seed written out (a seed left to chance is recorded), without the options
 * that do not change a pixel (output, threads, batch size, device, verbosity).
 */
final class Redraw {
    /** Options that change no pixel. */
    private static final Set<String> LEFT_OUT = new HashSet<>(Arrays.asList(
            "--out",
            "--each",
            "--quiet",
            "-v",
            "--threads",
            "--batch-size",
            "--device",
            "--cpu-fallback",
            "--help",
            "--version"));

    private Redraw() {}

    /** {@code ganzoo COMMAND MODEL@VERSION ARGS... --seed S} of the command {@code spec} is running. */
    static String command(CommandLine.Model.CommandSpec spec, Generator g, long seed) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        List<String> words = new ArrayList<>(Arrays.asList(spec.qualifiedName().split(" ")));
        boolean model = true;
        for (CommandLine.Model.PositionalParamSpec p : parsed.matchedPositionals()) {
            for (String v : p.originalStringValues()) {
                // the first positional is the model: pinned to what was drawn (a later version draws other images)
                words.add(quote(model ? pinned(g, v) : v));
                model = false;
            }
        }
        boolean seedGiven = false;
        for (CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName();
            if (LEFT_OUT.contains(name) || Arrays.asList(o.names()).contains("-q")) {
                continue;
            }
            if (name.equals("--seed")) {
                seedGiven = true;
                words.add("--seed");
                words.add(Long.toString(seed));
                continue;
            }
            if (o.arity().max() == 0) {
                words.add(name);
                continue;
            }
            for (String v : o.originalStringValues()) {
                words.add(name);
                words.add(quote(v));
            }
        }
        if (!seedGiven) {
            words.add("--seed");
            words.add(Long.toString(seed));
        }
        return String.join(" ", words);
    }

    /** The zoo model drawn as name@version, or the file as given. */
    private static String pinned(Generator g, String given) {
        if (Generator.namesFile(given)) {
            return given;
        }
        return Provenance.of(g).text().get(Provenance.MODEL);
    }

    /** {@code s} as a POSIX shell word. */
    static String quote(String s) {
        return !s.isEmpty() && s.matches("[A-Za-z0-9._,:@%+=/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
