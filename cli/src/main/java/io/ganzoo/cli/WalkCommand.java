package io.ganzoo.cli;

import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Latents;
import io.ganzoo.sdk.Picture;
import io.ganzoo.zoo.ModelException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ganzoo walk MODEL --seed S --keys A,B,C --steps N -o walk.png}: an animated latent walk. */
@Command(
        name = "walk",
        mixinStandardHelpOptions = true,
        description = {
            "Walk through latent vectors and write the frames as an animated PNG (APNG; browsers play it).",
            "The walk returns to its first key, so the animation loops without a jump."
        })
final class WalkCommand implements Callable<Integer> {
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
            defaultValue = "0,1,2,3",
            paramLabel = "K1,K2,...",
            description = "images of the seed to walk through (default: ${DEFAULT-VALUE})")
    String keys;

    @Option(
            names = "--steps",
            defaultValue = "16",
            description = "frames from one key to the next (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--mode", defaultValue = "slerp", description = "slerp or lerp (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(
            names = "--label",
            paramLabel = "CLASS",
            description = "conditional models: the class of every frame (default: 0)")
    String label;

    @Option(
            names = "--frame-ms",
            defaultValue = "80",
            description = "milliseconds per frame (default: ${DEFAULT-VALUE})")
    int frameMillis;

    @Option(
            names = "--scale",
            defaultValue = "4",
            description = "enlarge the frames this many times (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(
            names = "--no-return",
            description = "stop at the last key instead of walking back to the first (plays once"
                    + " unless --plays says otherwise)")
    boolean noReturn;

    @Option(
            names = "--plays",
            paramLabel = "N",
            description = "times the animation plays, 0 for ever (default: for ever; once with --no-return)")
    Integer plays;

    @Option(
            names = {"-o", "--out"},
            converter = io.ganzoo.console.FileName.class,
            required = true,
            paramLabel = "FILE.png",
            description = "animated PNG to write")
    Path out;

    @CommandLine.Mixin
    RunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws ModelException, IOException {
        int[] k = LatentArgs.indices("--keys", keys);
        if (k.length < 2) {
            throw new IllegalArgumentException("--keys: expected at least 2 images, found " + k.length);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps: expected at least 1, found " + steps);
        }
        if (plays != null && plays < 0) {
            throw new IllegalArgumentException("--plays: expected 0 (for ever) or more, found " + plays);
        }
        int playCount = plays != null ? plays : noReturn ? 1 : 0;
        int[] route = k;
        if (!noReturn) {
            route = Arrays.copyOf(k, k.length + 1);
            route[k.length] = k[0];
        }
        OutputPaths.checkFile(out);
        try (Generator g = run.load(model)) {
            int cls = LatentArgs.label(g, label);
            Latents path = LatentArgs.of(g, seed, route).path(steps, InterpolateCommand.mode(mode));
            if (!noReturn) {
                path = path.slice(0, path.count() - 1); // the last frame would repeat the first
            }
            Images frames = LatentArgs.draw(g, path, cls, 0);
            List<Picture> pictures = new ArrayList<>();
            for (int i = 0; i < frames.count(); i++) {
                pictures.add(frames.picture(i).scaled(scale));
            }
            // the animation's provenance is its first frame's text (issue 26)
            pictures.set(
                    0,
                    pictures.get(0)
                            .withText(io.ganzoo.sdk.Provenance.of(g)
                                    .seed(seed)
                                    .labels(g.isConditional() ? g.classes().get(Math.max(cls, 0)) : null)
                                    .command(Redraw.command(spec, g, seed))
                                    .text()));
            Picture.writeAnimatedPng(pictures, frameMillis, playCount, out);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "wrote a %d-frame walk through images %s of seed %d of %s to %s (%s)%n",
                            pictures.size(),
                            keys,
                            seed,
                            g.source(),
                            out,
                            playCount == 0 ? "loops" : "plays " + playCount + "x");
            run.noteOutOfRange(g);
        }
        return ExitCode.OK.code();
    }
}
