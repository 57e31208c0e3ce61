package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Models shipped inside jars on the classpath: resource folders each holding an {@code index.json} and the files it
 * lists; works with no network and no cache. The default one reads the two model artifacts, each optional:
 * {@code io.ganzoo:ganzoo-models} (the generators, {@value #GENERATORS}) and {@code io.ganzoo:ganzoo-evaluators}
 * (the evaluator classifiers, {@value #EVALUATORS}); an application takes only what it samples.
 */
public final class EmbeddedRepository implements Repository {
    /** Resource folder of the generators, in the artifact {@code io.ganzoo:ganzoo-models}. */
    public static final String GENERATORS = "io/ganzoo/models/generators/";
    /** Resource folder of the evaluator classifiers, in the artifact {@code io.ganzoo:ganzoo-evaluators}. */
    public static final String EVALUATORS = "io/ganzoo/models/evaluators/";

    private static final Map<String, String> ARTIFACTS = new HashMap<>();
    /** The kind of model each known folder holds. */
    private static final Map<String, ModelFormat.Kind> KINDS = new HashMap<>();

    static {
        ARTIFACTS.put(GENERATORS, "io.ganzoo:ganzoo-models (the generators)");
        ARTIFACTS.put(EVALUATORS, "io.ganzoo:ganzoo-evaluators (the evaluator classifiers)");
        KINDS.put(GENERATORS, ModelFormat.Kind.GENERATOR);
        KINDS.put(EVALUATORS, ModelFormat.Kind.CLASSIFIER);
    }

    private final ClassLoader loader;
    private final List<String> folders;
    private volatile Read read;

    /** The index of the folders found and, for each file, the folder it is in. */
    /** @param absent the folders not on the classpath */
    private record Read(ZooIndex index, Map<String, String> folderOf, List<String> absent, List<String> damaged) {}

    /** The models of the ganzoo model artifacts on the classpath (either, both or none). */
    public EmbeddedRepository() {
        this(EmbeddedRepository.class.getClassLoader(), GENERATORS, EVALUATORS);
    }

    /**
     * @param folders resource folders, each with an {@code index.json}; a folder that is not on the classpath is
     *                skipped (and named when a model is not found)
     */
    public EmbeddedRepository(ClassLoader loader, String... folders) {
        if (folders.length == 0) {
            throw new IllegalArgumentException("an embedded repository needs at least one resource folder");
        }
        this.loader = loader;
        List<String> f = new ArrayList<>();
        for (String folder : folders) {
            f.add(folder.endsWith("/") ? folder : folder + "/");
        }
        this.folders = Collections.unmodifiableList(f);
    }

    @Override
    public String location() {
        return "embedded:" + String.join(",", folders);
    }

    @Override
    public ZooIndex index() throws ZooException {
        return read().index();
    }

    /**
     * What the classpath lacks: for each folder not found, the artifact that holds it (or the folder), e.g.
     * {@code io.ganzoo:ganzoo-evaluators (the evaluator classifiers)}; empty when all are there.
     */
    public List<String> absent() throws ZooException {
        return absent(null);
    }

    /**
     * {@link #absent()}, only the artifacts that hold models of {@code kind} (a generator's lookup has no use for the
     * evaluators' artifact); {@code null} for all.
     */
    public List<String> absent(ModelFormat.Kind kind) throws ZooException {
        List<String> out = new ArrayList<>();
        for (String folder : read().absent()) {
            ModelFormat.Kind holds = KINDS.get(folder);
            if (kind == null || holds == null || holds == kind) {
                out.add(ARTIFACTS.getOrDefault(folder, folder));
            }
        }
        return out;
    }

    /**
     * Why folders were skipped although they are on the classpath: an index that is damaged or lists a model another
     * folder lists too; empty when every folder found was read. (When no folder could be read, {@link #index()}
     * throws instead.)
     */
    public List<String> skipped() throws ZooException {
        return read().damaged();
    }

    /**
     * What each class loader's folders were read as: the resources of a loaded jar do not change while it is loaded,
     * so every repository of the same loader and folders (each {@link Zoo#configured()} makes one) shares one parse.
     */
    private static final Map<ClassLoader, Map<List<String>, Read>> READ = new java.util.WeakHashMap<>();

    private Read read() throws ZooException {
        Read r = read;
        if (r == null) {
            synchronized (READ) {
                Map<List<String>, Read> known = READ.get(loader);
                r = known == null ? null : known.get(folders);
                if (r == null) {
                    r = parse();
                    READ.computeIfAbsent(loader, l -> new HashMap<>()).put(folders, r);
                }
            }
            read = r;
        }
        return r;
    }

    private Read parse() throws ZooException {
        Read r;
        {
            List<ModelEntry> models = new ArrayList<>();
            Map<String, String> folderOf = new HashMap<>();
            List<String> absent = new ArrayList<>();
            List<ZooException> damaged = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            List<String> skippedEntries = new ArrayList<>();
            for (String folder : folders) {
                InputStream in = loader.getResourceAsStream(folder + "index.json");
                if (in == null) {
                    absent.add(folder);
                    continue;
                }
                // One damaged folder (one artifact) must not take the others' models with it: it is skipped and named.
                List<ModelEntry> mine;
                try (in) {
                    ZooIndex read = ZooIndex.read(in, "embedded:" + folder + "index.json");
                    mine = read.models();
                    skippedEntries.addAll(read.skipped());
                } catch (ZooException e) {
                    damaged.add(e);
                    continue;
                } catch (IOException e) {
                    damaged.add(new ZooException(
                            Reason.ACCESS,
                            "embedded:" + folder + ": cannot read index.json: " + IoErrors.reason(e),
                            e));
                    continue;
                }
                String clash = null;
                for (ModelEntry e : mine) {
                    String other = folderOf.get(e.file());
                    if (ids.contains(e.id()) || (other != null && !other.equals(folder))) {
                        clash = e.id() + " (file " + e.file() + ")";
                        break;
                    }
                }
                if (clash != null) {
                    damaged.add(new ZooException(
                            Reason.MALFORMED,
                            "embedded:" + folder + " lists " + clash + ", which another embedded folder lists too;"
                                    + " each model belongs to one artifact, so this folder is skipped"));
                    continue;
                }
                for (ModelEntry e : mine) {
                    ids.add(e.id());
                    folderOf.put(e.file(), folder);
                    if (e.card() != null && e.card().selftest() != null) { // the reference render beside the model
                        folderOf.put(e.card().selftest().file(), folder);
                    }
                    models.add(e);
                }
            }
            if (models.isEmpty() && !damaged.isEmpty()) {
                ZooException first = damaged.get(0);
                throw new ZooException(first.reason(), messages(damaged), first);
            }
            List<String> why = new ArrayList<>();
            for (ZooException e : damaged) {
                why.add(e.getMessage());
            }
            r = new Read(
                    new ZooIndex(models, skippedEntries),
                    folderOf,
                    Collections.unmodifiableList(absent),
                    Collections.unmodifiableList(why));
        }
        return r;
    }

    private static String messages(List<ZooException> problems) {
        List<String> m = new ArrayList<>();
        for (ZooException e : problems) {
            m.add(e.getMessage());
        }
        return String.join("; ", m);
    }

    @Override
    public InputStream open(ModelEntry entry, long offset) throws ZooException {
        String folder = read().folderOf().get(entry.file());
        InputStream in = folder == null ? null : loader.getResourceAsStream(folder + entry.file());
        if (in == null) {
            throw new ZooException(
                    Reason.NOT_FOUND,
                    location() + ": " + entry.id() + " lists file '" + entry.file()
                            + "' but the jar does not contain it");
        }
        try {
            Streams.skip(in, offset);
        } catch (IOException e) {
            Streams.closeQuietly(in, e);
            throw new ZooException(
                    Reason.ACCESS, location() + ": cannot read " + entry.file() + ": " + IoErrors.reason(e), e);
        }
        return in;
    }
}
