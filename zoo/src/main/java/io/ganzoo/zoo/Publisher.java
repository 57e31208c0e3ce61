package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Publishes a model file into a repository folder ({@link FolderRepository}): copies it as
 * {@code <name>-<version>.onnx}, adds its entry (size, SHA-256, card, kind) to {@code index.json}, and refuses to
 * overwrite a version that is already there. The folder can then be served by any static HTTP server.
 */
public final class Publisher {
    private Publisher() {}

    /**
     * Publishes {@code file}.
     *
     * @param metadata the model's ganzoo metadata ({@link ModelFormat#NAME}, {@link ModelFormat#VERSION}, {@link ModelFormat#KIND},
     *                 ...), as the ONNX file carries it
     * @param card     the model card to list
     * @return the new entry
     * @throws ZooException when the folder holds no valid index, or the metadata is not a ganzoo model's ({@link
     *     ModelFormat#check}) or lacks a name
     * @throws IllegalArgumentException when the version is already published, or its file name is taken
     * @throws IOException when a file cannot be read or written; concurrent publishes into one folder (threads or
     *     processes) wait for each other on the folder's lock file {@code .index.lock}, removed afterwards
     */
    public static ModelEntry publish(Path repo, Path file, Map<String, String> metadata, ModelCard card)
            throws ZooException, IOException {
        return publish(repo, file, metadata, card, null);
    }

    /**
     * Publishes {@code file} with its reference render ({@code card.selftest()}): {@code selftestFile}, the bytes of
     * the file the card names, is written beside the model, or neither is.
     *
     * @param selftestFile the reference render's bytes, or {@code null} when the card records none
     * @throws IllegalArgumentException when {@code selftestFile} and the card's {@code selftest} disagree
     * @see #publish(Path, Path, Map, ModelCard)
     */
    public static ModelEntry publish(
            Path repo, Path file, Map<String, String> metadata, ModelCard card, byte[] selftestFile)
            throws ZooException, IOException {
        ModelCard.Selftest t = card == null ? null : card.selftest();
        if ((t == null) != (selftestFile == null)
                || t != null
                        && (!Zoo.sha256(selftestFile).equals(t.fileSha256()) || selftestFile.length != t.fileSize())) {
            throw new IllegalArgumentException("the reference render's bytes and the card's selftest field disagree");
        }
        String kind;
        try {
            kind = ModelFormat.check(metadata, file.toString()).wireName();
        } catch (ModelException e) {
            throw new ZooException(e.reason(), e.getMessage(), e);
        }
        String name = metadata.get(ModelFormat.NAME);
        String version = metadata.get(ModelFormat.VERSION);
        if (name == null || version == null) {
            throw new ZooException(
                    Reason.MALFORMED,
                    file + " has no " + ModelFormat.NAME + " / " + ModelFormat.VERSION
                            + " metadata; publish files exported by" + " ganzoo-trainer");
        }
        try {
            Version.parse(
                    version); // first: an exact version ("1.2 or 1, or latest" was suggested, which publish refuses)
            new ModelRef(name, version);
        } catch (IllegalArgumentException e) { // the message named the value, not the file it came from
            throw new ZooException(
                    Reason.MALFORMED,
                    file + " cannot be published: its metadata " + ModelFormat.NAME + " / " + ModelFormat.VERSION
                            + " (" + Terminal.visible(name) + " / " + Terminal.visible(version) + ") is not a"
                            + " model reference: " + e.getMessage()
                            + ". Export it again with a valid --name and --model-version.",
                    e);
        }
        checkRepositoryFolder(repo);
        // Read, change and write the index under the folder's lock: two publishes at once both end in it.
        FolderLock lock;
        try {
            lock = FolderLock.acquire(repo);
        } catch (IOException e) { // said "file not found: /proc/self/.index.lock"
            IOException x = new IOException("cannot publish into " + repo + ": cannot create its lock file "
                    + FolderLock.NAME + " there (" + IoErrors.reason(e) + ")");
            x.initCause(e);
            throw x;
        }
        try (FolderLock ignored = lock) {
            return publishLocked(repo, file, name, version, kind, card, selftestFile);
        }
    }

    /**
     * The repository folder, made when missing; a file, a file on its way or a symbolic link to nothing is said as
     * such ({@code --repo afile} said "afile: already exists").
     */
    private static void checkRepositoryFolder(Path repo) throws IOException {
        String why = IoErrors.danglingLink(repo);
        if (why == null && Files.exists(repo) && !Files.isDirectory(repo)) {
            why = "it is a file, not a folder";
        }
        if (why == null) {
            Path inTheWay = IoErrors.fileInTheWay(repo);
            why = inTheWay == null ? null : inTheWay + " is a file, not a folder";
        }
        if (why != null) {
            throw new IOException("cannot publish into " + repo + ": " + why);
        }
        try {
            Files.createDirectories(repo);
        } catch (IOException e) {
            boolean itself = e instanceof java.nio.file.FileSystemException f
                    && f.getFile() != null
                    && java.nio.file.Paths.get(f.getFile()).toAbsolutePath().equals(repo.toAbsolutePath());
            IOException x = new IOException(
                    "cannot publish into " + repo + ": " + (itself ? IoErrors.reason(e) : IoErrors.describe(e)));
            x.initCause(e);
            throw x;
        }
    }

    private static ModelEntry publishLocked(
            Path repo, Path file, String name, String version, String kind, ModelCard card, byte[] selftestFile)
            throws ZooException, IOException {
        Path indexFile = repo.resolve("index.json");
        // before anything is copied: an index that cannot be replaced left the model in the folder, unlisted (re-test:
        // index.json a symbolic link)
        AtomicFiles.checkReplaceable(indexFile);
        List<ModelEntry> models = new ArrayList<>();
        if (Files.exists(indexFile)) {
            try (InputStream in = Files.newInputStream(indexFile)) {
                ZooIndex index = ZooIndex.read(in, indexFile.toString());
                if (!index.skipped().isEmpty()) {
                    // rewriting the index would drop them without a word
                    throw new ZooException(
                            Reason.MALFORMED,
                            indexFile + " has entries ganzoo cannot read, which publishing would drop: "
                                    + String.join("; ", index.skipped()) + ". Correct or remove them first.");
                }
                models.addAll(index.models());
            }
        }
        for (ModelEntry e : models) {
            if (e.name().equals(name) && Version.parse(e.version()).equals(Version.parse(version))) {
                throw new IllegalArgumentException(name + "@" + version + " is already published in " + repo + " (file "
                        + e.file()
                        + "); a published version never changes. Give the model a new version: ganzoo-trainer reexport FILE"
                        + " --version NEW -o NEW.onnx (or train with --model-version NEW), then publish that.");
            }
        }
        String target = name + "-" + version + ".onnx";
        Path dest = repo.resolve(target);
        if (Files.exists(dest)) {
            throw new IllegalArgumentException(
                    dest + " exists but is not in the index; remove it or choose another version");
        }
        Path tmp = AtomicFiles.temporary(dest); // never longer than a name the folder takes
        String sha;
        long size;
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            sha = ModelCache.hash(tmp);
            size = Files.size(tmp);
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            IOException x = new IOException("cannot copy " + file + " to " + dest + ": " + IoErrors.describe(e));
            x.initCause(e);
            throw x;
        }
        Path reference = null;
        if (selftestFile != null) {
            reference = repo.resolve(card.selftest().file());
            try {
                if (java.nio.file.Files.exists(reference)) {
                    throw new IllegalArgumentException(
                            reference + " exists but is not in the index; remove it or" + " choose another version");
                }
                AtomicFiles.write(reference, selftestFile);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(dest);
                throw e;
            }
        }
        ModelEntry entry = new ModelEntry(name, version, target, sha, size, card, kind);
        models.add(entry);
        models.sort(Comparator.comparing(ModelEntry::name).thenComparing(e -> Version.parse(e.version())));
        try {
            AtomicFiles.write(indexFile, new ZooIndex(models).toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the index is as it was: so is the folder (a model nobody can resolve, whose version a retry refuses)
            try {
                Files.deleteIfExists(dest);
                if (reference != null) {
                    Files.deleteIfExists(reference);
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return entry;
    }

    /**
     * A model card from an exported file's metadata.
     *
     * @param title   one-line description, or {@code null} for one made from the kind and dataset
     * @param recipe  the command that reproduces the model, or {@code null}
     */
    public static ModelCard card(Map<String, String> md, String title, String recipe, String license) {
        String family = ModelFormat.familyOf(md);
        String kind = family != null ? family : ModelFormat.kindOf(md).wireName();
        String dataset = md.getOrDefault(ModelFormat.DATASET, "unknown data");
        long steps = 0;
        double seconds = 0;
        try {
            steps = Decimal.parseLong(md.getOrDefault(ModelFormat.TRAINING_STEPS, "0"));
            seconds = Double.parseDouble(md.getOrDefault(ModelFormat.TRAINING_SECONDS, "0"));
        } catch (NumberFormatException ignored) {
            // a card without training figures
        }
        if (!Double.isFinite(seconds) || seconds < 0 || steps < 0) {
            // an index is JSON, which has no Infinity or NaN: a card without training figures rather than an index
            // that cannot be written (the model was copied and the index left behind)
            steps = 0;
            seconds = 0;
        }
        return new ModelCard(
                title != null ? title : kind + " model trained on " + dataset,
                dataset,
                kind + " (" + md.getOrDefault(ModelFormat.IMAGE_SHAPE, "?") + " images)",
                md.getOrDefault(ModelFormat.OBJECTIVE, ""),
                steps,
                seconds,
                recipe != null ? recipe : "",
                "",
                license);
    }
}
