package io.ganzoo.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.ganzoo.console.Console;
import io.ganzoo.console.ExitCode;
import io.ganzoo.sdk.ModelMetadata;
import io.ganzoo.zoo.IoErrors;
import io.ganzoo.zoo.ModelCache;
import io.ganzoo.zoo.ModelCard;
import io.ganzoo.zoo.ModelEntry;
import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.Publisher;
import io.ganzoo.zoo.Repository;
import io.ganzoo.zoo.Terminal;
import io.ganzoo.zoo.Zoo;
import io.ganzoo.zoo.ZooException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code ganzoo zoo ...}: the repositories ({@code GANZOO_REPOSITORIES}), the verified cache ({@code GANZOO_HOME})
 * and publishing.
 */
@Command(
        name = "zoo",
        mixinStandardHelpOptions = true,
        description =
                "List, inspect, pull, verify and publish models (repositories: GANZOO_REPOSITORIES; cache: GANZOO_HOME;"
                        + " GANZOO_OFFLINE=true never uses the network).",
        subcommands = {
            ZooCommand.ListCommand.class,
            ZooCommand.Info.class,
            ZooCommand.Pull.class,
            ZooCommand.Verify.class,
            ZooCommand.Gc.class,
            ZooCommand.Publish.class,
            ZooCommand.SelftestCommand.class
        })
final class ZooCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: expected one of " + spec.subcommands().keySet());
    }

    private static final Gson JSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** Where an entry's file is: in the jar, in a local folder, or (remote) cached or not. */
    static String where(Zoo zoo, Repository r, ModelEntry e) {
        if (!r.isRemote()) {
            return r.location().startsWith("embedded:") ? "embedded" : "local";
        }
        return zoo.cache().contains(e) ? "cached" : "remote";
    }

    /**
     * A cache that cannot be read or written (read-only, a file in the way) is exit 7 (ACCESS) for every command, as
     * a sample or pull says it, never exit 4 for gc and verify alone.
     */
    static ZooException cacheFailure(IOException e) {
        return new ZooException(ModelException.Reason.ACCESS, IoErrors.describe(e), e);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every model version of every repository.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Zoo zoo = Zoo.configured();
            Zoo.Listing listing = zoo.listing();
            List<String> problems = new ArrayList<>();
            for (ZooException e : listing.problems()) {
                problems.add(e.getMessage());
            }
            List<String> skipped = listing.skipped();
            List<Zoo.Listed> all = listing.models();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.toJson(json(zoo, all, problems, skipped)));
            } else {
                table(zoo, all, out);
                for (String p : problems) {
                    spec.commandLine().getErr().println("warning: " + Terminal.visible(p));
                }
                for (String p : skipped) {
                    spec.commandLine().getErr().println("warning: " + Terminal.visible(p));
                }
            }
            // A repository that could not be read is a failure, not a shorter zoo: what could be read is listed, and
            // the exit code is the one a lookup in these repositories gives (sample, render): one malformed index is 5
            if (!problems.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println(
                                all.isEmpty()
                                        ? "error: no repository could be read (" + problems.size() + " of "
                                                + zoo.repositories().size() + " failed); see the warnings above"
                                        : "error: " + problems.size() + " of "
                                                + zoo.repositories().size()
                                                + " repositories could not be read (see the warnings above); the models"
                                                + " listed are those of the others");
                return ExitCode.of(listing.failure()).code();
            }
            return ExitCode.OK.code();
        }

        /** The listing as {@code --json} prints it: models (name, version, kind, size, sha256, where, repository,
         * deprecated), problems, skipped entries. */
        private static Map<String, Object> json(
                Zoo zoo, List<Zoo.Listed> all, List<String> problems, List<String> skipped) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Zoo.Listed l : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", l.entry().name());
                m.put("version", l.entry().version());
                m.put("kind", l.entry().kind());
                m.put("size", l.entry().size());
                m.put("sha256", l.entry().sha256());
                m.put("where", where(zoo, l.repository(), l.entry()));
                m.put("repository", l.repository().location());
                m.put("deprecated", l.entry().deprecated());
                rows.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("models", rows);
            root.put("problems", problems);
            root.put("skipped", skipped);
            return root;
        }

        /** The listing as a table, a model a line. */
        private static void table(Zoo zoo, List<Zoo.Listed> all, PrintWriter out) {
            out.printf(
                    Locale.ROOT,
                    "%-22s %-12s %-10s %10s  %-8s %s%n",
                    "NAME",
                    "VERSION",
                    "KIND",
                    "SIZE",
                    "WHERE",
                    "REPOSITORY");
            for (Zoo.Listed l : all) {
                out.printf(
                        Locale.ROOT,
                        "%-22s %-12s %-10s %10s  %-8s %s%n",
                        l.entry().name(),
                        l.entry().version(),
                        l.entry().kind(),
                        String.format(Locale.ROOT, "%.1f MB", l.entry().size() / 1e6),
                        where(zoo, l.repository(), l.entry()),
                        l.repository().location()
                                + (l.entry().deprecated() == null
                                        ? ""
                                        : l.entry().deprecated().trim().isEmpty()
                                                ? "  (deprecated)"
                                                : "  (deprecated: "
                                                        + Terminal.visible(
                                                                l.entry().deprecated()) + ")"));
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "The model card of NAME[@VERSION].")
    static final class Info implements Callable<Integer> {
        @Parameters(
                paramLabel = "NAME[@VERSION]",
                description = "e.g. fashion-dcgan, fashion-dcgan@1.0, fashion-dcgan@latest")
        String ref;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ZooException {
            ModelEntry e = Zoo.configured().find(ref);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JSON.toJson(e));
                return ExitCode.OK.code();
            }
            out.println(e.id() + " (" + e.kind() + ", " + e.size() + " bytes, sha256 " + e.sha256() + ")");
            if (e.deprecated() != null) {
                out.println("  DEPRECATED"
                        + (e.deprecated().trim().isEmpty()
                                ? " (no reason given)"
                                : ": " + Terminal.visible(e.deprecated())));
            }
            if (e.requires() != null) {
                out.println("  needs ganzoo " + e.requires() + " or newer");
            }
            ModelCard c = e.card();
            if (c != null) {
                line(out, "title", c.title());
                line(out, "dataset", c.dataset());
                line(out, "architecture", c.architecture());
                line(out, "objective", c.objective());
                if (c.trainingSteps() > 0) {
                    line(out, "training", c.trainingSteps() + " steps, " + c.trainingSeconds() + " s");
                }
                line(out, "quality", c.quality());
                if (c.selftest() != null) {
                    line(
                            out,
                            "selftest",
                            c.selftest().images() + " images of seed "
                                    + c.selftest().seed()
                                    + ", pixels sha256 " + c.selftest().sha256() + " ("
                                    + c.selftest().file()
                                    + "; ganzoo zoo selftest " + e.id() + ")");
                }
                line(out, "recipe", c.recipe());
                line(out, "license", c.license());
            }
            return ExitCode.OK.code();
        }

        private static void line(PrintWriter out, String key, String value) {
            if (value != null && !value.isBlank()) { // index text: no forged lines, no escape sequences
                out.printf(Locale.ROOT, "  %-13s %s%n", key + ":", Terminal.visible(value));
            }
        }
    }

    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description =
                    "Download NAME[@VERSION] into the verified cache (nothing to do for embedded and local models).")
    static final class Pull implements Callable<Integer> {
        @Parameters(paramLabel = "NAME[@VERSION]", arity = "1..*")
        List<String> refs;

        @Option(names = "-q", description = "no progress bar")
        boolean quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ZooException {
            Zoo zoo = Zoo.configured();
            // a stopped pull keeps its .part (zoo.md: interrupted downloads resume), so "nothing is left half-written"
            // would be wrong
            Console.onStop(() ->
                    "any partial download is kept in " + zoo.cache().root().resolve("partial")
                            + " and verified files in " + zoo.cache().root().resolve("files")
                            + "; run the same command again to resume it: ganzoo zoo pull " + String.join(" ", refs));
            PrintWriter err = spec.commandLine().getErr();
            boolean terminal = Terminal.stderrIsTerminal();
            for (String ref : refs) {
                long[] last = {-1, System.nanoTime()};
                Zoo.Fetched f = zoo.fetch(ref, (e, done, total) -> {
                    long pct = total == 0 ? 100 : done * 100 / total;
                    if (quiet || pct == last[0]) {
                        return;
                    }
                    if (terminal) {
                        int bar = (int) (pct / 4);
                        err.printf(
                                Locale.ROOT,
                                "\r%s [%-25s] %3d%% %,d / %,d bytes",
                                e.id(),
                                "#".repeat(bar),
                                pct,
                                done,
                                total);
                        Terminal.lineOpen(true);
                    } else if (pct == 100 || last[0] < 0 || System.nanoTime() - last[1] > 10_000_000_000L) {
                        err.printf(
                                Locale.ROOT,
                                "%s: %d%% %,d / %,d bytes%n",
                                e.id(),
                                pct,
                                done,
                                total); // logs: plain lines
                        last[1] = System.nanoTime();
                    }
                    last[0] = pct;
                    err.flush();
                });
                Terminal.endLine(err);
                String where = where(zoo, f.repository(), f.entry());
                spec.commandLine()
                        .getOut()
                        .println(f.entry().id() + ": verified (" + where
                                + (f.repository().isRemote()
                                        ? ", " + zoo.cache().file(f.entry())
                                        : ", " + f.repository().location())
                                + ")");
            }
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Re-hash every file in the cache; files that no longer match are removed (exit 5 if any).")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws ZooException {
            ModelCache cache = Zoo.configured().cache();
            List<ModelCache.Checked> checked;
            try {
                checked = cache.verify();
            } catch (IOException e) {
                throw cacheFailure(e);
            }
            int bad = 0;
            String notRemoved = null;
            for (ModelCache.Checked c : checked) {
                spec.commandLine()
                        .getOut()
                        .println((c.ok() ? "ok       " : "CORRUPT  ") + c.file().getFileName() + "  " + c.size()
                                + " bytes"
                                + (c.ok()
                                        ? ""
                                        : c.notRemoved() == null
                                                ? " (removed; the next load fetches it again)"
                                                : " (not removed: the cache cannot be written; loads refuse it)"));
                bad += c.ok() ? 0 : 1;
                notRemoved = notRemoved != null ? notRemoved : c.notRemoved();
            }
            if (notRemoved != null) { // once, with what to do
                spec.commandLine().getErr().println("ganzoo: note: " + notRemoved);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%s in %s, %d corrupt%n",
                            Console.count(checked.size(), "file", "files"),
                            cache.root(),
                            bad);
            return bad == 0 ? ExitCode.OK.code() : ExitCode.MODEL_UNUSABLE.code();
        }
    }

    @Command(
            name = "gc",
            mixinStandardHelpOptions = true,
            description = "Remove cached files no repository lists any more, and unfinished downloads.")
    static final class Gc implements Callable<Integer> {
        @Option(names = "--all", description = "remove every cached file")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, ZooException {
            Zoo zoo = Zoo.configured();
            Set<String> keep = new TreeSet<>();
            if (!all) {
                List<String> problems = new ArrayList<>();
                List<String> skipped = new ArrayList<>(); // unreadable entries are served by no one: not kept
                for (Zoo.Listed l : zoo.listAll(problems, skipped)) {
                    keep.add(l.entry().sha256());
                }
                if (!problems.isEmpty()) {
                    throw new ZooException(
                            ModelException.Reason.ACCESS,
                            "gc needs every repository's index to know what is still listed; " + problems
                                    + ". Try again online, or use --all.");
                }
            }
            ModelCache.Collected c;
            try {
                c = zoo.cache().collect(keep);
            } catch (IOException e) {
                throw cacheFailure(e);
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "freed %,d bytes in %s%s%n",
                            c.freedBytes(),
                            zoo.cache().root(),
                            c.inUse() == 0 ? "" : "; left " + c.inUse() + " in use by a running download");
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "publish",
            mixinStandardHelpOptions = true,
            description =
                    "Add an exported model (ONNX from ganzoo-trainer) to a repository folder, with its index entry"
                            + " and card; an existing version is never overwritten. Serve the folder with any static HTTP server.")
    static final class Publish implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.onnx", converter = io.ganzoo.console.FileName.class)
        Path file;

        @Option(names = "--repo", required = true, description = "repository folder (created when missing)")
        Path repo;

        @Option(names = "--title", description = "one-line description for the card")
        String title;

        @Option(names = "--recipe", description = "the command that reproduces the model")
        String recipe;

        @Option(names = "--license", defaultValue = "unspecified", description = "license of the weights")
        String license;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, ZooException, ModelException {
            if (repo.toString().isEmpty()) { // it published into the working folder (re-test)
                throw new IllegalArgumentException("--repo: expected a folder name, found ''");
            }
            Map<String, String> md = ModelMetadata.read(file);
            ModelCard card = Publisher.card(md, title, recipe, license);
            byte[] reference = null;
            if (io.ganzoo.zoo.ModelFormat.kindOf(md) == io.ganzoo.zoo.ModelFormat.Kind.GENERATOR) {
                // its reference render, for zoo selftest on other machines (issue 26)
                try (io.ganzoo.sdk.Generator g = io.ganzoo.sdk.Generator.load(file)) {
                    byte[] pixels = Selftest.pixels(g);
                    reference = Selftest.png(g, pixels);
                    card = card.withSelftest(Selftest.card(
                            pixels,
                            md.get(io.ganzoo.zoo.ModelFormat.NAME) + "-" + md.get(io.ganzoo.zoo.ModelFormat.VERSION)
                                    + ".selftest.png",
                            reference));
                }
            }
            ModelEntry e = Publisher.publish(repo, file, md, card, reference);
            spec.commandLine()
                    .getOut()
                    .println("published " + e.id() + " (" + e.size() + " bytes, sha256 " + e.sha256()
                            + ") in " + repo.toAbsolutePath() + "; use it with GANZOO_REPOSITORIES="
                            + repo.toAbsolutePath()
                            + " (or the URL that serves this folder)");
            return ExitCode.OK.code();
        }
    }

    @Command(
            name = "selftest",
            mixinStandardHelpOptions = true,
            description = "Draw each generator's reference render (16 images of seed 0, recorded in its card) on this"
                    + " machine and say whether it is identical, within 1 grey level, or different.")
    static final class SelftestCommand implements Callable<Integer> {
        @Parameters(
                paramLabel = "NAME[@VERSION]",
                arity = "0..*",
                description = "the models to test (default: every generator whose card records a reference render)")
        List<String> refs = new ArrayList<>();

        @Option(
                names = "--record",
                paramLabel = "DIR",
                description = "instead: write the reference render of each model (a zoo name or an .onnx file) into"
                        + " DIR as <name>-<version>.selftest.png and print its card field (for publishers)")
        Path record;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException, ModelException {
            PrintWriter out = spec.commandLine().getOut();
            if (record != null) {
                return record(out);
            }
            Zoo zoo = Zoo.configured();
            List<String> names = new ArrayList<>(refs);
            if (names.isEmpty()) {
                for (Zoo.Listed l : zoo.listing().models()) {
                    if (l.entry().modelKind() == io.ganzoo.zoo.ModelFormat.Kind.GENERATOR
                            && l.entry().card() != null
                            && l.entry().card().selftest() != null) {
                        names.add(l.entry().id());
                    }
                }
            }
            if (names.isEmpty()) {
                throw new IllegalArgumentException(
                        "no generator in " + zoo.repositories().size()
                                + " repositories records a reference render; name one: ganzoo zoo selftest NAME");
            }
            boolean machineSaid = false;
            int different = 0;
            for (String ref : names) {
                Zoo.Fetched f = zoo.fetch(ref, io.ganzoo.zoo.ModelFormat.Kind.GENERATOR, ModelCache.Listener.NONE);
                try (io.ganzoo.sdk.Generator g = io.ganzoo.sdk.Generator.load(
                        f.bytes(), f.entry().id(), f.entry().sha256(), io.ganzoo.sdk.Options.defaults())) {
                    if (!machineSaid) {
                        out.println("this machine: " + Selftest.machine(ortVersion()));
                        machineSaid = true;
                    }
                    Selftest.Outcome o = Selftest.check(f, g);
                    out.println(o.line());
                    different += o.different() ? 1 : 0;
                }
            }
            return different == 0 ? ExitCode.OK.code() : ExitCode.MODEL_UNUSABLE.code();
        }

        private int record(PrintWriter out) throws IOException, ModelException {
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("--record: name the models to record (a zoo name or an .onnx file)");
            }
            OutputPaths.checkFolder(record);
            java.nio.file.Files.createDirectories(record);
            for (String ref : refs) {
                try (io.ganzoo.sdk.Generator g = io.ganzoo.sdk.Generator.load(ref)) {
                    byte[] pixels = Selftest.pixels(g);
                    byte[] png = Selftest.png(g, pixels);
                    String name = g.metadata().get(io.ganzoo.zoo.ModelFormat.NAME) + "-"
                            + g.metadata().get(io.ganzoo.zoo.ModelFormat.VERSION) + ".selftest.png";
                    io.ganzoo.zoo.AtomicFiles.write(record.resolve(name), png);
                    out.println(g.source() + ": wrote " + record.resolve(name) + "; its card field:");
                    out.println("\"selftest\": " + new Gson().toJson(Selftest.card(pixels, name, png)));
                }
            }
            return ExitCode.OK.code();
        }

        private static String ortVersion() {
            try {
                return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
            } catch (RuntimeException | LinkageError e) {
                return "unknown";
            }
        }
    }
}
