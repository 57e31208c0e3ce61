package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Resolves model references against repositories in order and hands out model files only after their size and
 * SHA-256 match the index.
 *
 * <pre>{@code
 * byte[] onnx = Zoo.defaultZoo().fetch("fashion-dcgan@1.0.1").bytes();
 * }</pre>
 */
public final class Zoo {
    private static final Zoo DEFAULT =
            new Zoo(Collections.singletonList(new EmbeddedRepository()), null, true, Zoo::noteOnStderr);

    /** This ganzoo's version (what index entries' {@code requires} is compared with). */
    public static final String VERSION = readVersion();

    private final List<Repository> repositories;
    private final ModelCache cache;
    private final boolean offline;
    private final Consumer<String> notices;
    /** Remote repositories that could not be read this time, by location: answered from their saved index. */
    private final Map<String, Unreachable> unreachable = new ConcurrentHashMap<>();

    private record Unreachable(ZooIndex saved, String why) {}

    /** Repositories that could not be read and were passed over for a later one, said already. */
    private final Set<String> skippedOverNoted = ConcurrentHashMap.newKeySet();

    /** Repositories whose skipped index entries were said already. */
    private final Set<String> skippedNoted = ConcurrentHashMap.newKeySet();

    private Zoo(List<Repository> repositories, ModelCache cache, boolean offline, Consumer<String> notices) {
        this.notices = notices;
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("a zoo needs at least one repository");
        }
        this.repositories = Collections.unmodifiableList(new ArrayList<>(repositories));
        this.cache = cache;
        this.offline = offline;
        for (Repository r : repositories) {
            if (r.isRemote() && cache == null) {
                throw new IllegalArgumentException("remote repository " + r.location() + " needs a cache");
            }
        }
    }

    private static String readVersion() {
        try (InputStream in = Zoo.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "0.0.0").replace("-SNAPSHOT", "");
            return v.startsWith("$") ? "0.0.0" : v;
        } catch (IOException e) {
            return "0.0.0";
        }
    }

    /** The models embedded in the ganzoo jars only: no cache, no network. */
    public static Zoo defaultZoo() {
        return DEFAULT;
    }

    /** A zoo over {@code repositories}, searched in order, with the default cache. */
    public static Zoo of(Repository... repositories) {
        return new Zoo(
                Arrays.asList(repositories.clone()),
                new ModelCache(ModelCache.defaultRoot()),
                false,
                Zoo::noteOnStderr);
    }

    /**
     * The zoo the environment configures (what {@code Generator.load} and the CLI use):
     * <ul>
     *   <li>repositories: system property {@code ganzoo.repositories} or env {@code GANZOO_REPOSITORIES}, a
     *       comma-separated list of {@code embedded}, folder paths and {@code http(s)://} base URLs, searched in
     *       that order (default: {@code embedded});</li>
     *   <li>cache: {@link ModelCache#defaultRoot()} ({@code GANZOO_HOME}, XDG, {@code ~/.cache/ganzoo});</li>
     *   <li>offline: {@code ganzoo.offline} / {@code GANZOO_OFFLINE} = {@code true} (or {@code 1}, {@code yes},
     *       {@code on}, any case) never touches the network: remote repositories answer from their last saved index
     *       and the cache only.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when a setting cannot be read (a switch that is no accepted word, a proxy
     *     variable this client cannot use, {@code ~user} in {@code GANZOO_HOME}); the message names it
     */
    public static Zoo configured() {
        return configured(Settings.system());
    }

    /** {@link #configured()} of the given settings. */
    static Zoo configured(Settings settings) {
        String list = settings.get("ganzoo.repositories", "GANZOO_REPOSITORIES");
        Builder b = builder()
                .optCache(new ModelCache(settings.cacheRoot()))
                .optOffline(settings.flag("ganzoo.offline", "GANZOO_OFFLINE", false));
        int n = 0;
        for (String item : (list == null ? "embedded" : list).split(",")) {
            String r = item.trim();
            if (!r.isEmpty()) {
                try {
                    b.addRepository(parseRepository(r, settings));
                } catch (Settings.Invalid e) {
                    throw e; // another setting (GANZOO_MIN_RATE, http_proxy), read as the repository was made
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(REPOSITORIES + ": " + e.getMessage(), e);
                }
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(REPOSITORIES + " is '" + list + "', which names no repository; expected"
                    + " a comma-separated list of embedded, folder paths and http(s):// URLs (unset it for the"
                    + " embedded models alone)");
        }
        return b.build();
    }

    /** The repository factories by scheme: the built-ins and those {@link java.util.ServiceLoader} finds. */
    private static volatile Map<String, RepositoryFactory> factories;

    static Map<String, RepositoryFactory> factories() {
        Map<String, RepositoryFactory> f = factories;
        if (f == null) {
            Map<String, RepositoryFactory> m = new java.util.LinkedHashMap<>();
            for (RepositoryFactory r :
                    java.util.ServiceLoader.load(RepositoryFactory.class, Zoo.class.getClassLoader())) {
                for (String scheme : r.schemes()) {
                    m.putIfAbsent(scheme.toLowerCase(java.util.Locale.ROOT), r);
                }
            }
            for (RepositoryFactory r :
                    new RepositoryFactory[] {new RepositoryFactory.Http(), new RepositoryFactory.Folder()}) {
                for (String scheme : r.schemes()) {
                    m.putIfAbsent(scheme, r); // also where a class loader does not see META-INF/services
                }
            }
            factories = f = java.util.Collections.unmodifiableMap(m);
        }
        return f;
    }

    /**
     * The reason of failures of several repositories, as one lookup says it: theirs when they agree (one malformed
     * index is {@link Reason#MALFORMED}), else {@link Reason#ACCESS}.
     */
    static Reason agreed(Set<Reason> reasons) {
        return reasons.size() == 1 ? reasons.iterator().next() : Reason.ACCESS;
    }

    /** The setting that lists the repositories, as messages name it. */
    private static final String REPOSITORIES = "GANZOO_REPOSITORIES / ganzoo.repositories";

    /**
     * A URL's scheme, as RFC 3986 spells it, of two characters or more (so that Windows' {@code C:\\} stays a path),
     * followed by {@code :}.
     */
    private static final java.util.regex.Pattern SCHEME =
            java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):(//)?");

    /**
     * One repository of a list: {@code embedded} (any case), an {@code http://} or {@code https://} base URL (scheme
     * in any case) with a host, a {@code file:} URL or a folder path.
     *
     * @throws IllegalArgumentException naming the item and what was expected: another URL scheme ({@code ftp://},
     *     {@code s3://}), a URL without a host or with a port outside 1-65535, a list separated by {@code ;} (or
     *     {@code :} where that is not a path's) instead of {@code ,}
     */
    public static Repository parseRepository(String spec) {
        return parseRepository(spec, Settings.system());
    }

    /** {@link #parseRepository(String)}, expanding a folder's leading {@code ~} with {@code settings}' home. */
    static Repository parseRepository(String spec, Settings settings) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("embedded")) {
            return new EmbeddedRepository();
        }
        String expected = "; expected embedded, a folder path or an http(s)://host[:port]/path URL";
        java.util.regex.Matcher m = SCHEME.matcher(s);
        // scheme://... is always a URL; scheme:... (file:/srv/models) when a factory serves that scheme, so that a
        // relative folder "a:b" is still told as a list separated by ':'
        if (m.find()
                && (m.group(2) != null || factories().containsKey(m.group(1).toLowerCase(java.util.Locale.ROOT)))) {
            String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
            URI uri;
            try {
                uri = new URI(scheme + s.substring(m.group(1).length()));
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(
                        "'" + withoutPassword(s) + "' is not a valid URL (" + e.getReason() + " at character "
                                + (e.getIndex() + 1) + ")" + expected,
                        e);
            }
            s = withoutPassword(s);
            RepositoryFactory factory = factories().get(scheme);
            if (factory == null) {
                throw new IllegalArgumentException("'" + s + "': ganzoo reads repositories from the embedded artifacts,"
                        + " folders and URLs of the schemes "
                        + new TreeSet<>(factories().keySet()) + ", not over "
                        + scheme + expected + " (a RepositoryFactory on the class path adds a scheme)");
            }
            try {
                return factory.create(uri);
            } catch (Settings.Invalid e) {
                throw e; // not about this item
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' " + e.getMessage() + expected, e);
            }
        }
        Path folder = settings.expandHome(null, s);
        if (!Files.exists(folder)) {
            for (char sep : java.io.File.separatorChar == '/' ? new char[] {';', ':'} : new char[] {';'}) {
                if (s.indexOf(sep) > 0 && s.indexOf(sep) < s.length() - 1) {
                    throw new IllegalArgumentException("'" + s + "' is no folder and reads like a list separated by '"
                            + sep + "'; repositories are separated by ',' (e.g. /srv/models,embedded)");
                }
            }
        }
        return new FolderRepository(folder);
    }

    /** {@code url} with the password of a {@code user:password@} part replaced by {@code ***}, for messages. */
    static String withoutPassword(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*):[^/?#@]*@", "$1:***@");
    }

    /** Builds a zoo in code. */
    public static Builder builder() {
        return new Builder();
    }

    /** Repositories, cache and offline switch of a {@link Zoo}. */
    public static final class Builder {
        private final List<Repository> repositories = new ArrayList<>();
        private ModelCache cache;
        private boolean offline;
        private Consumer<String> notices = Zoo::noteOnStderr;

        private Builder() {}

        /** Adds a repository, searched after those added before it. */
        public Builder addRepository(Repository r) {
            repositories.add(Objects.requireNonNull(r, "repository"));
            return this;
        }

        /** The cache remote files go through (default: {@link ModelCache#defaultRoot()}). */
        public Builder optCache(ModelCache c) {
            this.cache = c;
            return this;
        }

        /** Never touch the network. */
        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * Where the zoo says what the caller should know but that is no failure, once per zoo: a remote repository
         * that cannot be reached, answered from its saved index and the verified cache (default: a {@code note:}
         * line on standard error).
         */
        public Builder optNotices(Consumer<String> notices) {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        public Zoo build() {
            return new Zoo(
                    repositories, cache != null ? cache : new ModelCache(ModelCache.defaultRoot()), offline, notices);
        }
    }

    private static void noteOnStderr(String text) {
        Terminal.endLine(System.err);
        System.err.println("note: " + text);
        System.err.flush();
    }

    /** The cache remote files go through, or {@code null} for the embedded-only default zoo. */
    public ModelCache cache() {
        return cache;
    }

    public boolean offline() {
        return offline;
    }

    public List<Repository> repositories() {
        return repositories;
    }

    /** A verified model file with its index entry. */
    public record Fetched(ModelEntry entry, Repository repository, byte[] bytes) {}

    /** Every model version of every repository. */
    public List<ModelEntry> list() throws ZooException {
        List<ModelEntry> out = new ArrayList<>();
        for (Repository r : repositories) {
            out.addAll(index(r).models());
        }
        return out;
    }

    /** One model version and the repository it comes from. */
    public record Listed(ModelEntry entry, Repository repository) {}

    /**
     * Every model version with its repository; a repository that cannot be read is skipped and reported in
     * {@code problems}, and so is each index entry that could not be read ({@link ZooIndex#skipped()}).
     */
    public List<Listed> listAll(List<String> problems) {
        return listAll(problems, problems);
    }

    /**
     * {@link #listAll(List)}, with the repositories that could not be read in {@code problems} and the index entries
     * that were skipped in {@code skipped}.
     */
    public List<Listed> listAll(List<String> problems, List<String> skipped) {
        Listing l = listing();
        for (ZooException e : l.problems()) {
            problems.add(e.getMessage());
        }
        skipped.addAll(l.skipped());
        return l.models();
    }

    /**
     * Every model version of every repository that could be read, the failures of those that could not (with their
     * reasons), and the index entries skipped as unreadable.
     */
    public record Listing(List<Listed> models, List<ZooException> problems, List<String> skipped) {
        /**
         * Why some repository could not be listed, as a lookup would say it: the repositories' own reason when they
         * agree (one malformed index is {@link Reason#MALFORMED}), else {@link Reason#ACCESS}; {@code null} when
         * every repository was read (the models of the others are listed all the same).
         */
        public Reason failure() {
            if (problems.isEmpty()) {
                return null;
            }
            Set<Reason> reasons = EnumSet.noneOf(Reason.class);
            for (ZooException e : problems) {
                reasons.add(e.reason());
            }
            return agreed(reasons);
        }
    }

    /** {@link #listAll(List, List)} as one value, with the failures' reasons. */
    public Listing listing() {
        List<Listed> out = new ArrayList<>();
        List<ZooException> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Repository r : repositories) {
            try {
                ZooIndex index = index(r);
                for (ModelEntry e : index.models()) {
                    out.add(new Listed(e, r));
                }
                skipped.addAll(index.skipped());
            } catch (ZooException e) {
                problems.add(e);
            }
        }
        return new Listing(out, problems, skipped);
    }

    /**
     * The index of {@code r}: remote indexes are read from the network (and saved in the cache), or when offline
     * from the copy saved last time. A remote repository that cannot be read ({@link Reason#ACCESS}: down, too slow,
     * refusing) but whose index was saved before answers from that copy, said once through the notices: its cached
     * files still serve, and a model it lists that is not cached fails naming the repository.
     */
    ZooIndex index(Repository r) throws ZooException {
        ZooIndex i = readIndex(r);
        if (!i.skipped().isEmpty() && skippedNoted.add(r.location())) {
            notices.accept(r.location() + ": " + i.skipped().size() + " entr"
                    + (i.skipped().size() == 1 ? "y" : "ies")
                    + " of its index could not be read and " + (i.skipped().size() == 1 ? "is" : "are")
                    + " skipped (the others serve): " + sentence(String.join("; ", i.skipped()))
                    + " Tell the repository's maintainer.");
        }
        return i;
    }

    private ZooIndex readIndex(Repository r) throws ZooException {
        if (!r.isRemote()) {
            return r.index();
        }
        Unreachable known = unreachable.get(r.location());
        if (known != null) {
            return known.saved();
        }
        if (offline) {
            ZooIndex saved = cache.savedIndex(r);
            if (saved == null) {
                throw new ZooException(
                        Reason.ACCESS,
                        r.location() + ": offline, and its index was never read online; nothing from it"
                                + " is known here");
            }
            return saved;
        }
        ZooIndex i;
        try {
            i = r.index();
        } catch (ZooException ex) {
            // unreachable, or answering with something that is not its index (a captive portal's HTML page, an empty
            // body: attack re-test): the index last read online and the verified cached files still serve
            ZooIndex saved =
                    ex.reason() == Reason.ACCESS || ex.reason() == Reason.MALFORMED ? cache.savedIndex(r) : null;
            if (saved == null) {
                throw ex;
            }
            Unreachable u = new Unreachable(saved, sentence(ex.getMessage()));
            if (unreachable.putIfAbsent(r.location(), u) == null) {
                notices.accept(r.location() + " cannot be read now: " + u.why() + " Using its index as last read"
                        + " online and the verified copies in the model cache " + cache.root()
                        + " (GANZOO_OFFLINE=true skips the network).");
            }
            return saved;
        }
        cache.saveIndex(r, i);
        return i;
    }

    /**
     * Finds the entry for {@code ref}: the exact version, or the newest version when none is given. The first
     * repository that has the name wins.
     *
     * @throws ZooException naming the known models or versions when there is no match
     */
    public ModelEntry find(String ref) throws ZooException {
        return locate(ModelRef.parse(ref), null).entry();
    }

    /**
     * Resolves {@code ref} and reads its file, checking size and SHA-256.
     *
     * @throws ZooException when the model is unknown, missing, or fails its checksum
     */
    public Fetched fetch(String ref) throws ZooException {
        return fetch(ref, ModelCache.Listener.NONE);
    }

    /** {@link #fetch(String)}, reporting download progress of remote files. */
    public Fetched fetch(String ref, ModelCache.Listener listener) throws ZooException {
        return fetch(ref, null, listener);
    }

    /**
     * {@link #fetch(String, ModelCache.Listener)} of a model of {@code kind} ({@code null}: any): a name not found is
     * then told only of the missing artifacts that hold that kind (a generator's is never sent to the evaluators').
     */
    public Fetched fetch(String ref, ModelFormat.Kind kind, ModelCache.Listener listener) throws ZooException {
        if (listener == null) {
            listener = ModelCache.Listener.NONE;
        }
        Located l = locate(ModelRef.parse(ref), kind);
        ModelEntry e = l.entry();
        if (e.requires() != null && Version.parse(e.requires()).compareTo(Version.parse(VERSION)) > 0) {
            throw new ZooException(
                    Reason.UNSUPPORTED,
                    e.id() + " needs ganzoo " + e.requires() + " or newer to read it; this is ganzoo " + VERSION
                            + ". Upgrade ganzoo, or pin an older version of the model.");
        }
        byte[] bytes;
        if (l.repository().isRemote()) {
            Unreachable u = unreachable.get(l.repository().location());
            if (u != null && !cache.contains(e)) {
                throw new ZooException(
                        Reason.ACCESS,
                        e.id() + " is listed by " + l.repository().location() + " but is not in the model cache ("
                                + cache.root() + "), and that repository cannot be read now: " + u.why()
                                + " Try again when it can be reached, or pull the model where it can; with"
                                + " GANZOO_OFFLINE=true only cached models are used.");
            }
            Path file = cache.fetch(l.repository(), e, offline || u != null, listener);
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException ex) {
                throw new ZooException(
                        Reason.ACCESS, "cannot read the cached " + e.id() + ": " + IoErrors.describe(ex, file), ex);
            }
        } else {
            try (InputStream in = l.repository().open(e)) {
                bytes = readLimited(in, e);
            } catch (IOException ex) {
                throw new ZooException(
                        Reason.ACCESS,
                        "cannot read " + e.id() + " from " + l.repository().location() + ": " + IoErrors.reason(ex),
                        ex);
            }
        }
        verify(e, bytes, l.repository().location());
        return new Fetched(e, l.repository(), bytes);
    }

    /**
     * The reference render of a generator's card ({@link ModelCard.Selftest}), read from the repository that lists
     * the model and checked against the card's size and SHA-256 of the file; it is small and not cached.
     *
     * @throws ZooException {@link Reason#NOT_FOUND} when the card records none; the repository's failure, or a
     *     {@link Reason#CHECKSUM} failure, otherwise
     */
    public static byte[] selftestReference(ModelEntry model, Repository repository) throws ZooException {
        ModelCard.Selftest t = model.card() == null ? null : model.card().selftest();
        if (t == null) {
            throw new ZooException(Reason.NOT_FOUND, model.id() + "'s card records no reference render (selftest)");
        }
        ModelEntry file = new ModelEntry(
                model.name(), model.version(), t.file(), t.fileSha256(), t.fileSize(), null, model.kind());
        byte[] bytes;
        try (InputStream in = repository.open(file, 0)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (out.size() > t.fileSize()) {
                    break; // longer than listed: the check below says so
                }
            }
            bytes = out.toByteArray();
        } catch (IOException e) {
            throw new ZooException(
                    Reason.ACCESS, repository.location() + ": cannot read " + t.file() + ": " + IoErrors.reason(e), e);
        }
        verify(file, bytes, repository.location());
        return bytes;
    }

    /**
     * Checks {@code bytes} against the entry's size and SHA-256.
     *
     * @throws ZooException "Checksum error" with the expected and actual values
     */
    public static void verify(ModelEntry e, byte[] bytes, String location) throws ZooException {
        if (bytes.length != e.size()) {
            throw new ZooException(
                    Reason.CHECKSUM,
                    "Size error for " + e.id() + " from " + location + ": expected " + e.size() + " bytes, found "
                            + bytes.length + ". The file is truncated or replaced; refusing to use it.");
        }
        String actual = sha256(bytes);
        if (!actual.equals(e.sha256())) {
            throw new ZooException(
                    Reason.CHECKSUM,
                    "Checksum error for " + e.id() + " from " + location + ": expected sha256 " + e.sha256()
                            + ", actual " + actual + ". The file is corrupt or was replaced; refusing to use it.");
        }
    }

    /** Lower-case hex SHA-256. */
    public static String sha256(byte[] bytes) {
        return hex(newSha256().digest(bytes));
    }

    /** A fresh SHA-256 digest, for hashing a stream as it is read (finish with {@link #hex}). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Lower-case hex, as {@link #sha256} writes it (java.util.HexFormat is missing on Android before API 34). */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    private record Located(ModelEntry entry, Repository repository) {}

    private Located locate(ModelRef ref, ModelFormat.Kind kind) throws ZooException {
        TreeSet<String> known = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<String> unreadable = new ArrayList<>(); // skipped index entries of this name
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        List<Repository> failed = new ArrayList<>(); // the repositories of problems, in the same order
        for (Repository r : repositories) {
            ZooIndex index;
            try {
                index = index(r);
            } catch (ZooException ex) {
                reasons.add(ex.reason());
                problems.add(ex.getMessage());
                failed.add(r);
                continue;
            }
            for (String skip : index.skipped()) {
                if (skip.contains(" (" + ref.name() + "@") || skip.contains(" (" + ref.name() + ")")) {
                    unreadable.add(skip);
                }
            }
            List<ModelEntry> versions = new ArrayList<>();
            for (ModelEntry e : index.models()) {
                known.add(e.name());
                if (e.name().equals(ref.name())) {
                    versions.add(e);
                }
            }
            if (versions.isEmpty()) {
                continue;
            }
            // Newest match; a deprecated version only when nothing else matches (or when asked for exactly).
            Optional<ModelEntry> best = versions.stream()
                    .filter(e ->
                            ref.version() == null || Version.parse(e.version()).matches(ref.version()))
                    .max(Comparator.comparing((ModelEntry e) -> e.deprecated() == null)
                            .thenComparing(e -> Version.parse(e.version())));
            if (best.isPresent()) {
                noteSkippedOver(failed, problems, best.get(), r);
                return new Located(best.get(), r);
            }
            throw new ZooException(
                    Reason.NOT_FOUND,
                    "model " + ref + " not found: " + ref.name() + " has versions "
                            + versions.stream()
                                    .map(e -> Version.parse(e.version()))
                                    .sorted()
                                    .map(Version::toString)
                                    .collect(Collectors.toList())
                            + " in " + r.location()
                            + (unreadable.isEmpty()
                                    ? ""
                                    : "; skipped as unreadable: " + sentence(String.join("; ", unreadable))));
        }
        List<String> near = nearest(ref.name(), known);
        if (!problems.isEmpty() && known.isEmpty()) {
            // the repositories' own reason when they agree (one malformed index is MALFORMED), else ACCESS
            throw new ZooException(
                    agreed(reasons),
                    "cannot look up model '" + ref.name() + "': no repository could be read: "
                            + sentence(String.join("; ", problems))
                            + (reasons.equals(java.util.EnumSet.of(Reason.ACCESS))
                                            && !String.join("; ", problems).contains("GANZOO_OFFLINE")
                                    ? " Check GANZOO_REPOSITORIES and the network, or work offline with cached copies"
                                            + " (GANZOO_OFFLINE=true)."
                                    : ""));
        }
        if (!unreadable.isEmpty()) {
            throw new ZooException(
                    Reason.MALFORMED,
                    "model '" + ref.name() + "' is listed, but no entry of it could be read: "
                            + sentence(String.join("; ", unreadable))
                            + " Tell the repository's maintainer; the index's other entries still serve.");
        }
        if (!problems.isEmpty()) {
            // A repository that could not be read may hold the model: that is the failure, not an unknown name. Its
            // reason when they agree (a malformed index: MALFORMED; a newer schema: UNSUPPORTED), else ACCESS.
            Reason reason = agreed(reasons);
            String what = reason == Reason.ACCESS
                    ? " Check GANZOO_REPOSITORIES and the network and try again; GANZOO_OFFLINE=true uses"
                            + " only the indexes and models saved in the cache."
                    : reason == Reason.UNSUPPORTED
                            ? " Upgrade ganzoo to read " + (problems.size() == 1 ? "that repository" : "them")
                                    + ", or remove " + (problems.size() == 1 ? "it" : "them")
                                    + " from GANZOO_REPOSITORIES."
                            : " Tell the repository's maintainer, or remove it from GANZOO_REPOSITORIES.";
            throw new ZooException(
                    reason,
                    "cannot tell whether model '" + ref.name() + "' exists: " + problems.size() + " of "
                            + repositories.size() + " repositories could not be read: "
                            + sentence(String.join("; ", problems)) + " The others do not list it"
                            + (near.isEmpty() ? "" : " (did you mean " + orList(near) + "?)")
                            + "." + what);
        }
        Optional<String> undistributed = Undistributed.explain(ref.name());
        if (undistributed.isPresent()) {
            throw new ZooException(Reason.NOT_FOUND, undistributed.get());
        }
        throw new ZooException(
                Reason.NOT_FOUND,
                "model '" + ref.name() + "' not found in "
                        + repositories.stream().map(Repository::location).collect(Collectors.toList()) + "."
                        + absentArtifacts(kind)
                        + (near.isEmpty() ? "" : " Did you mean " + orList(near) + "?")
                        + " Known models: " + (known.isEmpty() ? "none" : known));
    }

    /**
     * Says, once per repository and zoo, that an earlier repository could not be read and a later one answered: the
     * model might have come from the one that was skipped.
     */
    private void noteSkippedOver(List<Repository> failed, List<String> problems, ModelEntry found, Repository from) {
        for (int i = 0; i < failed.size(); i++) {
            Repository r = failed.get(i);
            if (skippedOverNoted.add(r.location())) {
                notices.accept(r.location() + " could not be read (" + sentence(problems.get(i)) + ") "
                        + found.id() + " comes from " + from.location() + ", the next repository that lists it;"
                        + " check GANZOO_REPOSITORIES if it should have come from the one that could not be read.");
            }
        }
    }

    /**
     * " The classpath lacks ..." for each model artifact an embedded repository misses, and " Skipped: ..." for each
     * embedded folder that could not be used, or "".
     */
    private String absentArtifacts(ModelFormat.Kind kind) {
        List<String> absent = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Repository r : repositories) {
            if (r instanceof EmbeddedRepository e) {
                try {
                    absent.addAll(e.absent(kind));
                    skipped.addAll(e.skipped());
                } catch (ZooException ignored) {
                    // already reported as a repository that could not be read
                }
            }
        }
        String text = absent.isEmpty()
                ? ""
                : " The classpath lacks " + String.join(" and ", absent) + ": add "
                        + (absent.size() == 1 ? "it" : "the one that holds the model")
                        + " to your dependencies for its models to load offline.";
        return skipped.isEmpty() ? text : text + " Skipped: " + sentence(String.join("; ", skipped));
    }

    /** {@code text} ending in exactly one full stop. */
    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String orList(List<String> names) {
        return names.size() == 1
                ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Known names within edit distance 3 of {@code name}, or containing it, nearest first (at most 3). */
    static List<String> nearest(String name, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(name, k) <= 3 || k.contains(name) || name.contains(k))
                .sorted(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
                .limit(3)
                .collect(Collectors.toList());
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(
                        Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static byte[] readLimited(InputStream in, ModelEntry e) throws IOException {
        // Read at most one byte more than announced, so an oversized file is caught without reading all of it.
        long limit = Math.min(Integer.MAX_VALUE - 8L, e.size() + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 24));
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while (total < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - total))) > 0) {
            out.write(buf, 0, n);
            total += n;
        }
        return out.toByteArray();
    }
}
