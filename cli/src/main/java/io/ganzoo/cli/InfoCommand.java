package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.Picture;
import io.ganzoo.sdk.Provenance;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ganzoo info IMAGE.png}: the provenance a ganzoo picture carries ({@link Provenance}) and whether this machine's
 * copy of its model draws the identical bytes again (issue 26).
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description =
                "Show where a ganzoo PNG comes from (model, its SHA-256, seed, image numbers, classes, the command)"
                        + " and draw it again here to say whether the bytes are identical.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IMAGE.png", converter = io.ganzoo.console.FileName.class)
    Path file;

    @Option(names = "--no-redraw", description = "only show the provenance; do not load the model")
    boolean noRedraw;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, ModelException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file");
        }
        byte[] png = Files.readAllBytes(file);
        Map<String, String> text;
        try {
            text = Picture.textOf(png);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!text.containsKey(Provenance.MODEL)) {
            out.println(file + ": no ganzoo provenance (a picture of another program, or its text chunks were"
                    + " removed)");
            return ExitCode.OK.code();
        }
        out.println(file + ":");
        for (Map.Entry<String, String> t : text.entrySet()) {
            if (t.getKey().equals(Provenance.XMP)) {
                out.println("  XMP: "
                        + (t.getValue().contains(Provenance.TRAINED_ALGORITHMIC_MEDIA)
                                ? "IPTC digital source type trainedAlgorithmicMedia (a synthetic image)"
                                : "a packet of " + t.getValue().length() + " characters"));
            } else {
                out.printf(
                        Locale.ROOT,
                        "  %-20s %s%n",
                        t.getKey().replace("ganzoo.", "") + ":",
                        Terminal.visible(t.getValue()));
            }
        }
        if (noRedraw) {
            return ExitCode.OK.code();
        }
        byte[] again =
                text.containsKey(Provenance.COMMAND) ? rerun(text.get(Provenance.COMMAND)) : redrawOne(text, png);
        if (Arrays.equals(again, png)) {
            out.println("redrawn here: identical bytes");
            return ExitCode.OK.code();
        }
        Selftest.Difference d = Selftest.Difference.of(Selftest.decode(again), Selftest.decode(png));
        out.printf(
                Locale.ROOT,
                "redrawn here: DIFFERENT: %,d of %,d values differ, by up to %d grey levels (%s)%n",
                d.differing(),
                d.values(),
                d.largest(),
                d.largest() <= 1 ? "another CPU's rounding: see ganzoo zoo selftest" : "not the same picture");
        return d.largest() <= 1 ? ExitCode.OK.code() : ExitCode.MODEL_UNUSABLE.code();
    }

    /** One image of a render or of sample --each: image k of the seed, its class, truncation, scale. */
    private byte[] redrawOne(Map<String, String> text, byte[] png) throws ModelException {
        String images = text.get(Provenance.IMAGES);
        String seed = text.get(Provenance.SEED);
        if (images == null || seed == null || !images.matches("\\d+")) {
            throw new IllegalArgumentException(file + " records neither a command nor one image's number and seed:"
                    + " nothing to redraw (--no-redraw shows what it records)");
        }
        try (Generator g = Generator.load(text.get(Provenance.MODEL))) {
            String recorded = text.get(Provenance.MODEL_SHA256);
            if (recorded != null && !recorded.equals(g.sha256())) {
                throw new ModelException(
                        ModelException.Reason.CHECKSUM,
                        text.get(Provenance.MODEL) + " here is"
                                + " another file (sha256 " + g.sha256() + ") than the one that drew " + file + " ("
                                + recorded
                                + "): it cannot redraw it");
            }
            long k = Long.parseLong(images);
            long s = Long.parseLong(seed);
            String psi = text.get(Provenance.TRUNCATION);
            int size = g.metadata().latentSize();
            Latents z = psi == null
                    ? Latents.sample(1, size, s, g.metadata().latentPrior(), k)
                    : Latents.sampleTruncated(1, size, s, g.metadata().latentPrior(), k, Float.parseFloat(psi));
            String label = text.get(Provenance.LABELS);
            Images drawn =
                    label != null && g.isConditional() ? g.generate(z, new int[] {g.label(label)}) : g.generate(z);
            int width =
                    ((png[16] & 0xff) << 24) | ((png[17] & 0xff) << 16) | ((png[18] & 0xff) << 8) | (png[19] & 0xff);
            int scale = Math.max(1, width / g.metadata().width());
            return drawn.picture(0).scaled(scale).withText(text).toPng();
        }
    }

    /** The recorded command run again here, into a temporary file. */
    private byte[] rerun(String command) throws IOException {
        List<String> args = words(command);
        if (args.isEmpty() || !args.get(0).equals("ganzoo")) {
            throw new IllegalArgumentException(file + " records a command this ganzoo does not run: " + command);
        }
        args.remove(0);
        Path tmp = Files.createTempFile("ganzoo-info-", ".png");
        try {
            Files.delete(tmp);
            args.add("-o");
            args.add(tmp.toString());
            CommandLine cl = Main.commandLine();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute(args.toArray(new String[0]));
            if (code != 0 || !Files.exists(tmp)) {
                throw new IllegalArgumentException("redrawing " + file + " with its command (" + command + ") failed: "
                        + err.toString().trim());
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A command line split as a POSIX shell splits {@link Redraw#quote}'s words. */
    static List<String> words(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder w = null;
        boolean quoted = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quoted) {
                if (c == '\'') {
                    quoted = false;
                } else {
                    w.append(c);
                }
            } else if (c == '\'') {
                quoted = true;
                w = w == null ? new StringBuilder() : w;
            } else if (c == '\\' && i + 1 < command.length()) {
                w = w == null ? new StringBuilder() : w;
                w.append(command.charAt(++i));
            } else if (c == ' ') {
                if (w != null) {
                    out.add(w.toString());
                    w = null;
                }
            } else {
                w = w == null ? new StringBuilder() : w;
                w.append(c);
            }
        }
        if (w != null) {
            out.add(w.toString());
        }
        return out;
    }
}
