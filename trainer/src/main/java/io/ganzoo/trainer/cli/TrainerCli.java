package io.ganzoo.trainer.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.sdk.Options;
import io.ganzoo.trainer.analysis.Dynamics;
import io.ganzoo.trainer.analysis.PhasePortrait;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.data.Datasets;
import io.ganzoo.trainer.data.Emoji;
import io.ganzoo.trainer.data.FashionMnist;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.data.Mnist;
import io.ganzoo.trainer.engine.Torch;
import io.ganzoo.trainer.export.ClassifierExport;
import io.ganzoo.trainer.export.GeneratorExport;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.train.BackboneType;
import io.ganzoo.trainer.train.Checkpoint;
import io.ganzoo.trainer.train.ClassifierTrainer;
import io.ganzoo.trainer.train.Family;
import io.ganzoo.trainer.train.GanTrainer;
import io.ganzoo.trainer.train.Lipschitz;
import io.ganzoo.trainer.train.ObjectiveType;
import io.ganzoo.trainer.train.OptimizerType;
import io.ganzoo.trainer.train.QualityProbe;
import io.ganzoo.trainer.train.RunLock;
import io.ganzoo.trainer.train.TrainConfig;
import io.ganzoo.trainer.train.TrainingFailedException;
import io.ganzoo.trainer.train.TrainingListener;
import io.ganzoo.zoo.AtomicFiles;
import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Publisher;
import io.ganzoo.zoo.Zoo;
import io.ganzoo.zoo.ZooException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ganzoo-trainer}: trains GANs and exports their generators. Separate from the sampling CLI so that users of
 * the sdk never download DJL or PyTorch.
 */
@Command(
        name = "ganzoo-trainer",
        mixinStandardHelpOptions = true,
        description = "Train GANs with DJL (PyTorch engine) and export generators to ONNX.",
        subcommands = {
            TrainerCli.Train.class,
            TrainerCli.Export.class,
            TrainerCli.ClassifierCommand.class,
            EvaluateCommand.class,
            BenchmarkCommand.class,
            TrainerCli.DynamicsCommand.class,
            ReexportCommand.class,
            ExemplarsCommand.class,
            CheckCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        })
public final class TrainerCli implements Callable<Integer> {
    /** Inherited by every subcommand. */
    @Option(names = "-v", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces on errors")
    boolean verbose;

    /** The codes {@code ganzoo-trainer} can return (the table is {@link ExitCode}, shared with ganzoo). */
    static final ExitCode[] EXIT_CODES = {
        ExitCode.OK,
        ExitCode.USAGE,
        ExitCode.MODEL_NOT_FOUND,
        ExitCode.IO,
        ExitCode.MODEL_UNUSABLE,
        ExitCode.ENGINE,
        ExitCode.REPOSITORY,
        ExitCode.DIVERGED,
        ExitCode.INTERNAL
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Console.main(commandLine(), args);
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return Console.configure(new CommandLine(new TrainerCli()), "ganzoo-trainer " + Zoo.VERSION, EXIT_CODES);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.USAGE.code();
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description = "Train a GAN. Defaults are the DCGAN paper's; the seed is printed and recorded.")
    static final class Train implements Callable<Integer> {
        @Option(
                names = "--family",
                defaultValue = "dcgan",
                description =
                        "GAN family: dcgan, cgan, wgan or rpgan (default: ${DEFAULT-VALUE}); sets the paper defaults below")
        String family;

        @Option(
                names = "--lipschitz",
                defaultValue = "gp",
                description = "wgan only: gp (WGAN-GP) or clip (original WGAN)")
        String lipschitz;

        @Option(
                names = "--dataset",
                defaultValue = "fashion-mnist",
                description =
                        "fashion-mnist, mnist, stacked-mnist, emoji-faces, emoji (npm emoji-datasource-google, 64x64 colour),"
                                + " or folder (your JPEG/PNG images in --data; default: ${DEFAULT-VALUE})")
        String dataset;

        @Option(
                names = "--data",
                description = "folder of the dataset files (default: /usr/share/datasets/fashion-mnist,"
                        + " /usr/share/datasets/mnist; required for --dataset folder)")
        Path dataDir;

        @Option(
                names = "--image-size",
                defaultValue = "64",
                description =
                        "--dataset folder: scale and centre-crop images to this size, 28 or 64 (default: ${DEFAULT-VALUE})")
        int imageSize;

        @Option(
                names = "--publish",
                description = "after training, publish the exported model into this repository folder")
        Path publish;

        @Option(names = "--title", description = "--publish: one-line description for the model card")
        String title;

        @CommandLine.Mixin
        LimitOption limit;

        @Option(
                names = {"-o", "--out"},
                required = true,
                description = "run folder: checkpoint, metrics.jsonl, samples/")
        Path out;

        @Option(
                names = "--resume",
                description =
                        "continue the run in --out from its checkpoint, with its recorded arguments; --epochs or --steps"
                                + " given with it set a new length")
        boolean resume;

        @Option(names = "--name", description = "model name (default: <dataset>-<family>, fashion- for fashion-mnist)")
        String name;

        @Option(
                names = "--model-version",
                defaultValue = "1.0.0",
                description = "model version (default: ${DEFAULT-VALUE})")
        String version;

        @Option(names = "--epochs", defaultValue = "20", description = "epochs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--steps", defaultValue = "0", description = "total G steps; overrides --epochs when > 0")
        long steps;

        @Option(names = "--batch-size", defaultValue = "64", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--latent", defaultValue = "100", description = "latent size (default: ${DEFAULT-VALUE})")
        int latent;

        @Option(names = "--ngf", defaultValue = "64", description = "generator width (default: ${DEFAULT-VALUE})")
        int ngf;

        @Option(names = "--ndf", defaultValue = "64", description = "discriminator width (default: ${DEFAULT-VALUE})")
        int ndf;

        @Option(names = "--seed", defaultValue = "7", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--sample-every",
                defaultValue = "0",
                description = "steps between sample grids (0: each epoch)")
        int sampleEvery;

        @Option(
                names = "--checkpoint-every",
                defaultValue = "500",
                description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
        int checkpointEvery;

        @Option(
                names = "--quality-every",
                defaultValue = "0",
                paramLabel = "STEPS",
                description = "score G every STEPS steps in the evaluator's feature space (FD, precision, recall;"
                        + " fashion-mnist, mnist, emoji-faces) into quality.jsonl, keeping the best step's checkpoint"
                        + " in best/ (default 0: never)")
        int qualityEvery;

        @Option(
                names = "--quality-samples",
                paramLabel = "N",
                description = "--quality-every: images drawn per score (default: the evaluation protocol's, 10,000"
                        + " for fashion-mnist, as many as the reference set otherwise)")
        Integer qualitySamples;

        @Option(names = "--dry-run", description = "train a few steps on small synthetic data (no dataset needed)")
        boolean dryRun;

        @Option(
                names = "--export",
                converter = io.ganzoo.console.FileName.class,
                description = "write the trained generator to this ONNX file")
        Path export;

        @CommandLine.Mixin
        QuietOption quiet;

        @CommandLine.Mixin
        PresetOverrides presetOverrides;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /**
         * Set on the instance a resumed run is replayed into ({@link #replay}): the options the current invocation
         * gave (the rest come from the run's record), and its own words.
         */
        private Set<String> givenNow;

        private List<String> invocation;

        /** The words of the command as the user gave them, for the lock's holder line and the model card. */
        private String invocationLine() {
            return "ganzoo-trainer "
                    + String.join(
                            " ",
                            invocation != null
                                    ? invocation
                                    : spec.commandLine().getParseResult().originalArgs());
        }

        @Override
        public Integer call() throws IOException, TrainingFailedException, ModelException, ZooException {
            Torch.ensureReady(); // a wrong engine or a bad GANZOO_ONEDNN stops here, before the run folder is made
            if (resume && !Checkpoint.exists(out)) {
                throw new IllegalArgumentException("cannot resume: no checkpoint in " + out + "; start the run without"
                        + " --resume, or give the run folder that holds checkpoint.bin");
            }
            if (resume && givenNow == null) {
                Train run = replay();
                if (run != null) {
                    return run.call();
                }
                givenNow = matchedNames(spec.commandLine().getParseResult()); // a run from before run-args.json
            }
            // a resumed run keeps the configuration it started with, but for its length when one is given
            boolean lengthChanged = resume && (givenNow.contains("--steps") || givenNow.contains("--epochs"));
            TrainConfig config = resume ? Checkpoint.load(out).header().config() : newRunConfig();
            if (lengthChanged) {
                config = config.withLength(
                        givenNow.contains("--steps") ? steps : null, givenNow.contains("--epochs") ? epochs : null);
            }
            ImageDataset data = limit.apply(
                    Datasets.forRun(config.dataset(), dataDir, config.batchSize(), config.seed()), config.seed());
            if (lengthChanged) {
                checkNewLength(config, data);
                saveRunLength(config);
            }
            PrintStream log = quiet.log();
            checkQualityOptions();
            // the probe's real set and classifier are found before the run folder is made
            Evaluation.Reference ref = qualityEvery > 0 ? Evaluation.reference(config.dataset(), dataDir) : null;
            try (Classifier probe = ref == null
                    ? null
                    : Classifier.load(
                            ref.classifier(),
                            Options.builder().optIntraOpThreads(1).build())) {
                return train(config, data, log, ref, probe);
            }
        }

        /**
         * Refuses a resumed run's new length that is not longer than the steps it has trained: {@code config} is the
         * run with that length, {@code data} what it trains on.
         */
        private void checkNewLength(TrainConfig config, ImageDataset data) throws IOException {
            long at = Checkpoint.load(out).header().step();
            long total = config.totalSteps(data.count());
            if (total <= at) {
                throw new IllegalArgumentException((givenNow.contains("--steps")
                                ? "--steps " + steps
                                : "--epochs " + epochs + " (" + total + " steps)")
                        + " is no longer than the run in " + out + ", which is at step " + at
                        + " already; give a longer length to train it on, or export it as it is");
            }
        }

        /** Refuses --quality-every and --quality-samples out of range, and --quality-samples alone. */
        private void checkQualityOptions() {
            if (qualityEvery < 0 || qualitySamples != null && qualitySamples < Evaluation.MIN_SAMPLES) {
                throw new IllegalArgumentException("--quality-every and --quality-samples: expected >= 0 steps and"
                        + " at least " + Evaluation.MIN_SAMPLES + " samples, found " + qualityEvery + " and "
                        + qualitySamples);
            }
            if (qualityEvery == 0 && qualitySamples != null) {
                throw new IllegalArgumentException("--quality-samples goes with --quality-every STEPS");
            }
        }

        /** The configuration a new run of these options trains: the family's preset, then each option given. */
        private TrainConfig newRunConfig() {
            String ds = dryRun
                    ? "synthetic/rectangles"
                    : dataset.equals("folder") ? "folder/" + imageSize : dataset + "/train";
            if (dataset.equals("folder") && !dryRun && dataDir == null) {
                throw new IllegalArgumentException(
                        "--dataset folder needs --data DIR, the folder of your JPEG/PNG images");
            }
            // a dry run is 4 steps unless a length is given (--epochs was ignored: newcomer trial)
            boolean lengthGiven = spec.commandLine().getParseResult() != null
                    && (spec.commandLine().getParseResult().hasMatchedOption("--epochs")
                            || spec.commandLine().getParseResult().hasMatchedOption("--steps"));
            long s = dryRun && steps == 0 && !lengthGiven ? 4 : steps;
            if (!dryRun) {
                Datasets.imageShape(
                        dataset.equals("folder") ? "folder/" + imageSize : dataset); // unknown names fail here
            }
            TrainConfig.Builder b = TrainConfig.preset(Family.parse(family), Lipschitz.parse(lipschitz));
            String presetName = b.build().name(); // fashion-<family>[-clip]
            String prefix = dataset.equals("fashion-mnist") || dryRun ? "fashion" : dataset;
            b.name(name != null ? name : prefix + presetName.substring("fashion".length()))
                    .version(version)
                    .dataset(ds)
                    .latentSize(latent)
                    .ngf(ngf)
                    .ndf(ndf)
                    .batchSize(batch)
                    .epochs(epochs)
                    .steps(s)
                    .seed(seed)
                    .sampleEvery(sampleEvery)
                    .checkpointEvery(checkpointEvery);
            return presetOverrides.applyTo(b).build();
        }

        @SuppressWarnings("try") // the lock is held by the block, not read in it
        private int train(
                TrainConfig config, ImageDataset data, PrintStream log, Evaluation.Reference ref, Classifier probe)
                throws IOException, TrainingFailedException, ModelException, ZooException {
            // held before anything is written, so a second run into the folder changes nothing of the first's
            try (RunLock lock = RunLock.take(out, invocationLine())) {
                Console.onStop(() -> Files.exists(out.resolve("checkpoint.bin"))
                        ? "the last checkpoint in " + out + " is kept; continue with ganzoo-trainer train --resume -o "
                                + out
                        : "no checkpoint was written yet in " + out + "; start the run again");
                return trainHeld(config, data, log, ref, probe);
            }
        }

        private int trainHeld(
                TrainConfig config, ImageDataset data, PrintStream log, Evaluation.Reference ref, Classifier probe)
                throws IOException, TrainingFailedException, ModelException, ZooException {
            if (!resume) {
                saveRunArguments();
            }
            DatasetHash.record(out, resume || Checkpoint.exists(out), config.dataset(), dataDir, data);
            GanTrainer.Result r;
            if (probe != null) {
                List<TrainingListener> listeners = GanTrainer.defaultListeners(config);
                listeners.add(new QualityProbe(
                        qualityEvery, qualitySamples != null ? qualitySamples : ref.samples(), probe, ref.real()));
                r = new GanTrainer(config, data, out, log, listeners).train(resume);
            } else {
                r = new GanTrainer(config, data, out, log).train(resume);
            }
            Path onnx = export != null
                    ? export
                    : publish != null ? out.resolve(config.name() + "-" + config.version() + ".onnx") : null;
            if (onnx != null) {
                GeneratorExport.writeRun(out, onnx);
                spec.commandLine().getOut().println("wrote " + onnx);
            }
            if (publish != null) {
                Map<String, String> md = ModelMetadata.read(onnx);
                ModelEntry e = Publisher.publish(
                        publish, onnx, md, Publisher.card(md, title, invocationLine(), "unspecified"));
                spec.commandLine().getOut().println("published " + e.id() + " in " + publish.toAbsolutePath());
            }
            spec.commandLine()
                    .getOut()
                    .printf("trained %d steps in %.1f s; run folder %s%n", r.steps(), r.seconds(), out);
            return ExitCode.OK.code();
        }

        /**
         * Records a resumed run's new length in its saved arguments: {@code --epochs} and {@code --steps} as the
         * configuration now has them, the other arguments as they were.
         */
        private void saveRunLength(TrainConfig config) throws IOException {
            Path file = out.resolve(RUN_ARGS);
            if (!Files.isRegularFile(file)) {
                return; // a run from before run-args.json: its checkpoint alone records it
            }
            List<String> saved = savedArguments(file);
            List<String> args = new ArrayList<>();
            for (int i = 0; i < saved.size(); i++) {
                if (RUN_LENGTH.contains(saved.get(i))) {
                    i++; // its value
                    continue;
                }
                args.add(saved.get(i));
            }
            args.addAll(List.of("--epochs", Integer.toString(config.epochs())));
            if (config.steps() > 0) {
                args.addAll(List.of("--steps", Long.toString(config.steps())));
            }
            writeRunArguments(file, args);
        }

        /** Writes {@code args} as the run's record ({@link #RUN_ARGS}: {@code {"args": [...]}}, pretty-printed). */
        private static void writeRunArguments(Path file, List<String> args) throws IOException {
            AtomicFiles.write(
                    file,
                    new GsonBuilder()
                            .setPrettyPrinting()
                            .create()
                            .toJson(Map.of("args", args))
                            .getBytes(StandardCharsets.UTF_8));
        }

        /** Writes the arguments of this (new) run into the run folder, for --resume. */
        private void saveRunArguments() throws IOException {
            List<String> args = new ArrayList<>();
            for (CommandLine.Model.OptionSpec o :
                    spec.commandLine().getParseResult().matchedOptions()) {
                if (!PER_INVOCATION.contains(o.longestName())) {
                    args.addAll(tokens(o)); // as given; a negated flag stays negated (--no-spectral-norm)
                }
            }
            Files.createDirectories(out);
            writeRunArguments(out.resolve(RUN_ARGS), args);
        }

        /**
         * The run in {@code out} as it was started, with this invocation's options on top: its saved arguments
         * ({@link #RUN_ARGS}) are parsed as the options' values, then the ones given now, into a new instance that
         * trains (so nothing is copied by hand). An option given now that changes what the run is (its
         * configuration, data or length-independent settings) is refused with both values; {@code --epochs} and
         * {@code --steps} set a new length.
         *
         * @return the instance to run, or {@code null} for a run from before run-args.json (its checkpoint alone
         *     records it)
         */
        private Train replay() throws IOException {
            Path file = out.resolve(RUN_ARGS);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            List<String> base = new ArrayList<>(savedArguments(file));
            base.addAll(List.of("-o", out.toString())); // required; per invocation
            Train was = parse(base, file);
            TrainConfig then = was.newRunConfig();
            CommandLine.ParseResult now = spec.commandLine().getParseResult();
            for (CommandLine.Model.OptionSpec o : now.matchedOptions()) {
                String name = o.longestName();
                if (PER_INVOCATION.contains(name) || RUN_LENGTH.contains(name)) {
                    continue;
                }
                // choices compare by what they mean (--family WGAN is wgan; an unknown word is said as such)
                Object given = canonical(name, o.getValue(), name);
                CommandLine.ParseResult saved = was.spec.commandLine().getParseResult();
                Object before;
                if (saved.hasMatchedOption(name)) {
                    before = canonical(name, saved.matchedOption(name).getValue(), file + ": the run's " + name);
                } else {
                    // not recorded: what the run used is its configuration (a family's preset) or the default
                    List<String> with = new ArrayList<>(base);
                    with.addAll(tokens(o));
                    String changed = then.firstDifference(parse(with, file).newRunConfig());
                    boolean preset = spec.mixins().get("presetOverrides").findOption(name) != null;
                    before = changed != null
                            ? then.value(changed)
                            : preset
                                    ? given // an override equal to the family's preset: no change
                                    : canonical(name, was.spec.findOption(name).getValue(), name);
                }
                if (!same(given, before)) {
                    throw new IllegalArgumentException(name + " " + given + " contradicts the run in " + out
                            + ", which was started with " + name + " " + before + " (" + file + "). Drop " + name
                            + " to resume it, or start a new run folder.");
                }
            }
            List<String> all = new ArrayList<>(base);
            for (CommandLine.Model.OptionSpec o : now.matchedOptions()) {
                all.addAll(tokens(o)); // this command's own options (originalArgs() holds "train" and the rest)
            }
            Train run = parse(all, file);
            run.givenNow = matchedNames(now);
            run.invocation = now.originalArgs();
            run.spec.commandLine().setOut(spec.commandLine().getOut());
            run.spec.commandLine().setErr(spec.commandLine().getErr());
            return run;
        }

        /** The words of a matched option as given, e.g. {@code --lr-g 0.001}, {@code --no-spectral-norm}. */
        private static List<String> tokens(CommandLine.Model.OptionSpec o) {
            if (o.arity().max() == 0) {
                boolean on = Boolean.TRUE.equals(o.getValue());
                return List.of(on ? o.longestName() : "--no-" + o.longestName().substring(2));
            }
            List<String> t = new ArrayList<>();
            for (String v : o.originalStringValues()) {
                t.add(o.longestName());
                t.add(v);
            }
            return t;
        }

        /**
         * {@code args} parsed into a new {@code train}: the saved arguments taken as they are (an "@name" is a name,
         * not a file to expand), later options overriding earlier ones; a record train does not take is named.
         */
        private static Train parse(List<String> args, Path file) {
            Train t = new Train();
            try {
                new CommandLine(t)
                        .setExpandAtFiles(false)
                        .setOverwrittenOptionsAllowed(true)
                        .setAllowOptionsAsOptionParameters(true)
                        .parseArgs(args.toArray(new String[0]));
            } catch (CommandLine.ParameterException e) {
                throw new IllegalArgumentException(
                        file + " holds arguments that train does not take ("
                                + String.valueOf(e.getMessage())
                                        .lines()
                                        .findFirst()
                                        .orElse("")
                                + "); repair it or start a new run folder",
                        e);
            }
            return t;
        }

        /** The saved arguments of {@code file}, or the error that says it is damaged. */
        private static List<String> savedArguments(Path file) throws IOException {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
                String[] saved = new Gson().fromJson(o.get("args"), String[].class);
                if (saved == null || Arrays.asList(saved).contains(null)) {
                    throw new IllegalStateException("'args' must be a list of strings");
                }
                return List.of(saved);
            } catch (RuntimeException e) {
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable");
                throw new IllegalArgumentException(
                        file + " is damaged (" + why + "); it records the run's"
                                + " arguments for --resume: repair it or start a new run folder",
                        e);
            }
        }

        private static Set<String> matchedNames(CommandLine.ParseResult r) {
            Set<String> names = new java.util.HashSet<>();
            for (CommandLine.Model.OptionSpec o : r.matchedOptions()) {
                names.add(o.longestName());
            }
            return names;
        }
    }

    /** The run folder's record of the arguments that define the run, for --resume. */
    static final String RUN_ARGS = "run-args.json";
    /** Options that act on this invocation only; all others define the run. */
    private static final Set<String> PER_INVOCATION =
            Set.of("--resume", "--out", "-q", "-v", "--export", "--publish", "--title", "--help", "--version");

    /** Options a resumed run may change: its length (train it longer, or stop it sooner). */
    private static final Set<String> RUN_LENGTH = Set.of("--epochs", "--steps");

    /**
     * A choice option's value by its wire name ({@code --family WGAN} and {@code wgan} are the same choice), other
     * values as they are.
     *
     * @param what names the value in the error, e.g. {@code --family} or the run's file
     * @throws IllegalArgumentException naming the valid words when a choice has no such name
     */
    private static Object canonical(String option, Object value, String what) {
        if (!(value instanceof String word)) {
            return value;
        }
        try {
            return switch (option) {
                case "--family" -> Family.parse(word).wireName();
                case "--objective" -> ObjectiveType.parse(word).wireName();
                case "--backbone" -> BackboneType.parse(word).wireName();
                case "--optimizer" -> OptimizerType.parse(word).wireName();
                case "--lipschitz" -> Lipschitz.parse(word).wireName();
                default -> value;
            };
        } catch (IllegalArgumentException e) {
            // a word given now reads as it does when a run starts; one from the run's record names the record
            throw what.equals(option) ? e : new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** Equal as the trainer uses them: numbers by value (2e-4 given as 0.0002), everything else as text. */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Math.abs(x.doubleValue() - y.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(y.doubleValue()));
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Export the generator of a run's checkpoint to ONNX, with its metadata and provenance.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--run", required = true, description = "run folder holding checkpoint.bin")
        Path run;

        @Option(
                names = {"-o", "--out"},
                converter = io.ganzoo.console.FileName.class,
                required = true,
                description = "ONNX file to write")
        Path out;

        @Option(
                names = "--weights",
                defaultValue = "default",
                description = "ema (the moving average of G's weights), raw (the last step's), or default: ema when"
                        + " the run keeps an average (--ema-half-life), else raw")
        String weights;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            GeneratorExport.Weights w = switch (weights.toLowerCase(Locale.ROOT)) {
                case "default" -> GeneratorExport.Weights.DEFAULT;
                case "ema" -> GeneratorExport.Weights.EMA;
                case "raw" -> GeneratorExport.Weights.RAW;
                default ->
                    throw new IllegalArgumentException(
                            "--weights: expected ema, raw or default, found '" + weights + "'");
            };
            GeneratorExport.writeRun(run, out, w);
            spec.commandLine().getOut().println("wrote " + out);
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "classifier",
            mixinStandardHelpOptions = true,
            description =
                    "Train the classifier that evaluates generators of a dataset (mode counts, per-class accuracy,"
                            + " the feature space of FD, KID, precision/recall) and export it to ONNX.")
    static final class ClassifierCommand implements Callable<Integer> {
        @Option(
                names = "--dataset",
                defaultValue = "fashion-mnist",
                description =
                        "fashion-mnist (tested on its 10,000 test images), mnist (on the 1,996 held-out digits) or"
                                + " emoji (the subcategories of every emoji image; on a held-out fifth)")
        String dataset;

        @Option(names = "--data", description = "folder of the dataset files (default: the dataset's)")
        Path dataDir;

        @Option(
                names = {"-o", "--out"},
                converter = io.ganzoo.console.FileName.class,
                required = true,
                description = "ONNX file to write")
        Path out;

        @Option(names = "--name", description = "model name (default: <fashion|mnist|emoji>-classifier)")
        String name;

        @Option(
                names = "--model-version",
                defaultValue = "1.0.0",
                description = "model version (default: ${DEFAULT-VALUE})")
        String version;

        @Option(names = "--epochs", description = "epochs (default: fashion-mnist 6, mnist 30, emoji 15)")
        Integer epochs;

        @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        float lr;

        @Option(
                names = "--shift",
                defaultValue = "2",
                description = "random shift augmentation in pixels (default: ${DEFAULT-VALUE})")
        int shift;

        @CommandLine.Mixin
        LimitOption limit;

        @Option(names = "--seed", defaultValue = "7", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Mixin
        QuietOption quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!List.of("fashion-mnist", "mnist", "emoji").contains(dataset)) {
                throw new IllegalArgumentException("--dataset: expected fashion-mnist, mnist or emoji, found " + dataset
                        + " (StackedMNIST is evaluated channel by channel with the mnist classifier; emoji-faces"
                        + " with the emoji classifier)");
            }
            Torch.ensureReady();
            boolean fashion = dataset.equals("fashion-mnist");
            boolean emoji = dataset.equals("emoji");
            Path dir = dataDir == null ? Datasets.defaultDir(dataset) : dataDir;
            ImageDataset train;
            ImageDataset test;
            if (emoji) {
                train = Emoji.classifierSplit(dir, false).images();
                test = Emoji.classifierSplit(dir, true).images();
            } else {
                train = fashion ? FashionMnist.train(dir) : Mnist.train(dir);
                test = fashion ? FashionMnist.test(dir) : Mnist.heldOut(dir);
            }
            Map<String, String> sha256 = DatasetHash.ofFiles(dataset, dir, true);
            train = limit.apply(train, seed);
            var config = new ClassifierTrainer.Config(
                    epochs != null ? epochs : fashion ? 6 : emoji ? 15 : 30, batch, lr, shift, seed);
            PrintStream log = quiet.log();
            long start = System.nanoTime();
            List<String> classes = emoji ? train.classNames() : Datasets.classNames(dataset);
            int[] shape = Datasets.imageShape(dataset);
            try (var trainer = new ClassifierTrainer(config, classes.size(), shape)) {
                List<Double> acc = trainer.train(train, test, log);
                double seconds = (System.nanoTime() - start) / 1e9;
                double last = acc.get(acc.size() - 1);
                String json =
                        new Gson().toJson(Map.of("dataset", train.name(), "images", train.count(), "config", config));
                ClassifierExport.write(
                        trainer,
                        name != null ? name : dataset.replace("fashion-mnist", "fashion") + "-classifier",
                        version,
                        train.name(),
                        shape,
                        classes,
                        test.name(),
                        last,
                        json,
                        seconds,
                        sha256,
                        out);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "accuracy on %s (%d images): %.4f after %d epochs, %.1f s; wrote %s%n",
                                test.name(),
                                test.count(),
                                last,
                                acc.size(),
                                seconds,
                                out);
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "dynamics",
            mixinStandardHelpOptions = true,
            description =
                    "The pointwise dynamics of each objective: rest point, Jacobian eigenvalues, phase portraits.")
    static final class DynamicsCommand implements Callable<Integer> {
        @Option(
                names = {"-o", "--out"},
                description = "folder for the phase portraits (dynamics-<objective>.png)")
        Path out;

        @Option(
                names = "--pd",
                defaultValue = "1",
                description = "real density p_d at the point (default: ${DEFAULT-VALUE})")
        double pd;

        @Option(
                names = "--size",
                defaultValue = "400",
                description = "portrait size in pixels (default: ${DEFAULT-VALUE})")
        int size;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!(pd > 0) || Double.isInfinite(pd)) {
                throw new IllegalArgumentException("--pd: expected a finite density > 0, found " + pd);
            }
            for (Dynamics.Objective o : Dynamics.ALL) {
                spec.commandLine().getOut().println(Dynamics.describe(o, pd));
                if (out != null) {
                    Files.createDirectories(out);
                    String file = "dynamics-" + o.name().split(" ")[0] + ".png";
                    PhasePortrait.draw(o, pd, size, 12).writePng(out.resolve(file));
                }
            }
            return ExitCode.OK.code();
        }
    }
}
