package io.ganzoo.cli;

import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.console.Progress;
import io.ganzoo.console.RenderOptions;
import io.ganzoo.render.Formats;
import io.ganzoo.render.Manifest;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;
import io.ganzoo.sdk.Generator;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ganzoo render MODEL --count N --out DIR [--format png|npy|wds] [--seed S] [--label C] [--shard i/k]}. */
@Command(
        name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Render many images to files, deterministically and resumably (run the same command again after"
                    + " an interruption).",
            "Image k is a function of (model, seed, k, label) only, whatever the batch size, threads or shards."
        })
final class RenderCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "zoo model (e.g. fashion-dcgan) or path of an .onnx file")
    String model;

    @Option(
            names = {"-n", "--count"},
            required = true,
            description = "images in the whole run (all shards)")
    long count;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "DIR",
            description = "output folder: new, empty, or an interrupted run of the same command")
    Path out;

    @Option(
            names = "--format",
            defaultValue = "png",
            description =
                    "png (a folder of PNGs; one sub-folder per class for conditional models), npy (images.npy uint8"
                            + " N x H x W x C, plus labels.npy), wds (WebDataset tar shards), or a format an"
                            + " io.ganzoo.render.OutputFormat on the class path adds (default: ${DEFAULT-VALUE})")
    String format;

    @CommandLine.Mixin
    RenderOptions images;

    @Option(
            names = "--shard",
            defaultValue = "0/1",
            paramLabel = "i/k",
            description = "render only shard i of k (contiguous index ranges; default: ${DEFAULT-VALUE}, everything)")
    String shard;

    @Option(
            names = "--per-tar",
            defaultValue = "1000",
            description = "wds: samples per tar shard (default: ${DEFAULT-VALUE})")
    int perTar;

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress output")
    boolean quiet;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What a render stopped by a signal has kept in {@code out}, once the batch being written is in place. */
    static String stopLine(Path out) {
        Renderer.quiesce(10_000);
        return keptLine(out);
    }

    /** What {@code out} keeps: the images its manifest lists. */
    static String keptLine(Path out) {
        Path manifest = out.resolve(Manifest.FILE);
        long kept = java.nio.file.Files.isRegularFile(manifest) ? Manifest.count(manifest) : 0;
        if (kept == 0) {
            return "no image was complete yet; run the same command again to start it (what " + out + " holds is"
                    + " this run's own: delete it if you will not)";
        }
        return String.format(
                Locale.ROOT,
                "the %,d images listed in %s are complete and kept; run the same command again to resume",
                kept,
                manifest);
    }

    /** The progress bar of a run, started at the count a resumed run kept. */
    private static Renderer.ProgressListener bar(java.io.PrintWriter err) {
        return new Renderer.ProgressListener() {
            private Progress progress;

            @Override
            public void update(long done, long total) {
                if (progress == null) {
                    progress = new Progress(err, "images", done, total, Terminal.stderrIsTerminal(), 10);
                } else {
                    progress.update(done, null);
                }
            }
        };
    }

    @Override
    public Integer call() throws ModelException, IOException {
        if (count <= 0) {
            throw new IllegalArgumentException("-n: expected at least 1 image, found " + count);
        }
        OutputFormat fmt = Formats.get(format);
        Renderer.Shard part = Renderer.Shard.parse(shard);
        if (!fmt.packs() && spec.commandLine().getParseResult().hasMatchedOption("--per-tar")) {
            // accepted and ignored (newcomer trial)
            throw new IllegalArgumentException("--per-tar: only WebDataset output is written in tars; add --format wds"
                    + " or leave --per-tar out");
        }
        if (perTar < 1) {
            throw new IllegalArgumentException("--per-tar: expected at least 1, found " + perTar);
        }
        // from the start: a run stopped while the model loads or the manifest is checked has kept what it had
        // (it said only "nothing is left half-written")
        Console.onStop(() -> stopLine(out));
        // a run to resume keeps the version it was started with: "run the same command again" after a newer version
        // was published (or a newer jar embeds one) was refused as "a run of other arguments" (attack re-test)
        String ref = Renderer.recordedVersionOf(out, model);
        if (!ref.equals(model) && !quiet) {
            spec.commandLine()
                    .getErr()
                    .println("ganzoo: " + out.resolve("render.json") + " records a run of " + ref + "; rendering that"
                            + " version (" + model + " was given without one)");
        }
        try (Generator g = run.load(ref)) {
            Renderer.Spec s = Renderer.spec(g, images.seed, count, fmt, Renderer.labels(g, images.label), part, perTar);
            Renderer.Summary r = Renderer.render(
                    g,
                    s,
                    fmt,
                    out,
                    run.batchSize,
                    quiet ? null : spec.commandLine().getErr(),
                    quiet ? null : bar(spec.commandLine().getErr()));
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "rendered images %d..%d of %s (seed %d) as %s into %s: %,d new"
                                    + " in %.1f s (%,.0f images/s); manifest.jsonl and summary.json written%n",
                            s.first(),
                            s.end() - 1,
                            g.source(),
                            images.seed,
                            s.format(),
                            out,
                            r.images() - r.resumedFrom(),
                            r.seconds(),
                            r.imagesPerSecond());
            run.noteOutOfRange(g);
        }
        return ExitCode.OK.code();
    }
}
