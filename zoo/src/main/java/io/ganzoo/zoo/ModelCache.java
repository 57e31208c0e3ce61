package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local cache of downloaded model files, which never holds an unverified file.
 *
 * <p>Layout under the root: {@code files/<sha256>} (content-addressed: a file's name is its own hash, so no name
 * from an index ever becomes a path), {@code partial/<sha256>.part} (downloads in progress, resumed by byte range),
 * {@code locks/<sha256>.lock} and {@code indexes/} (the last index seen of each remote repository, for offline
 * use). A download is hashed while it streams into its {@code .part} file and moved into {@code files/}
 * atomically only when size and SHA-256 match; a killed download leaves only a {@code .part}. Two processes (or
 * threads) fetching the same file take its lock in turn: the second finds the first one's verified file.
 */
public final class ModelCache {
    /** Receives download progress: bytes done of total, at most about every 64 KiB. */
    public interface Listener {
        void progress(ModelEntry entry, long done, long total);

        /** A listener that ignores everything. */
        Listener NONE = (e, d, t) -> {};
    }

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    public ModelCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * The default root: {@code $GANZOO_HOME/cache} (or system property {@code ganzoo.home}; a leading {@code ~}
     * expanded), else {@code $XDG_CACHE_HOME/ganzoo} when that is absolute, else {@code ~/.cache/ganzoo}; see
     * {@link Settings#cacheRoot()}.
     *
     * @throws IllegalArgumentException when {@code GANZOO_HOME} names another user's home ({@code ~user})
     */
    public static Path defaultRoot() {
        return Settings.system().cacheRoot();
    }

    public Path root() {
        return root;
    }

    /** Where the verified file of {@code e} lives (whether or not it is there yet). */
    public Path file(ModelEntry e) {
        return root.resolve("files").resolve(e.sha256());
    }

    /** Whether a file of the entry's size is cached (its hash is checked when it is used). */
    public boolean contains(ModelEntry e) {
        Path f = file(e);
        try {
            return Files.isRegularFile(f) && Files.size(f) == e.size();
        } catch (IOException ex) {
            return false;
        }
    }

    /**
     * The verified cached file of {@code e}, downloading it from {@code repo} first when it is missing or its
     * cached copy fails its checksum.
     *
     * <p>A cached file that matches its entry is read without any lock and without writing anything, so a cache that
     * this user can only read (filled by another user, a read-only mount, a Docker image) serves every file it holds.
     * Only a download (or the removal of a corrupt copy) takes the file's lock.
     *
     * @param offline when true, never download: a missing file is an error that says how to get it
     * @throws ZooException {@link Reason#ACCESS} when the file must be downloaded or removed but the cache cannot be
     *     written (the message says it is read-only and how to point {@code GANZOO_HOME} elsewhere), when offline and
     *     the file is not cached (or its cached copy failed its checksum and was removed: the message says so), or
     *     when the download fails; {@link Reason#CHECKSUM} when the download does not match the index (nothing is
     *     left in the cache)
     */
    public Path fetch(Repository repo, ModelEntry e, boolean offline, Listener listener) throws ZooException {
        Path target = file(e);
        // 1. Lock-free: files/ only ever gains complete, verified files (by an atomic rename), so a file that matches
        //    its entry is good to read whoever else is writing the cache.
        boolean present = Files.isRegularFile(target);
        String corrupt = present ? verified(target, e) : null;
        if (present && corrupt == null) {
            return target;
        }
        if (offline && !present) { // nothing to write: said as offline, whether or not the cache can be written
            throw notCachedOffline(e);
        }
        String consequence = corrupt != null
                ? "its copy of " + e.id() + ", which failed its checksum (" + corrupt + "), cannot be removed or"
                        + " replaced"
                : e.id() + " cannot be downloaded into it";
        // 2. Anything else writes the cache: under the file's lock.
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectories(root.resolve("partial"));
            Files.createDirectories(root.resolve("locks"));
        } catch (IOException ex) {
            throw notWritable(ex, consequence);
        }
        Path lockFile = root.resolve("locks").resolve(e.sha256() + ".lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try {
            FileChannel lockChannel;
            try {
                lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException ex) {
                throw notWritable(ex, consequence);
            }
            try (lockChannel;
                    FileLock ignored = lockChannel.lock()) {
                String removed = null;
                if (Files.isRegularFile(target)) { // another process may have finished it, or it is corrupt
                    String bad = verified(target, e);
                    if (bad == null) {
                        return target;
                    }
                    try {
                        Files.delete(target); // corrupt: fetch again
                    } catch (IOException ex) {
                        throw notWritable(
                                ex,
                                "its copy of " + e.id() + ", which failed its checksum (" + bad
                                        + "), cannot be removed or replaced");
                    }
                    removed = bad;
                }
                if (offline) {
                    throw new ZooException(
                            Reason.ACCESS,
                            removed != null
                                    ? "the cached copy of " + e.id() + " (" + target + ") failed its checksum ("
                                            + removed + ") and was removed; ganzoo is offline (GANZOO_OFFLINE /"
                                            + " ganzoo.offline), so it cannot be downloaded again. Pull it while"
                                            + " online: ganzoo zoo pull " + e.id()
                                    : notCachedOffline(e).getMessage());
                }
                download(repo, e, target, listener);
                return target;
            }
        } catch (IOException ex) {
            throw new ZooException(Reason.ACCESS, "model cache " + root + ": " + IoErrors.describe(ex), ex);
        } finally {
            local.unlock();
        }
    }

    private ZooException notCachedOffline(ModelEntry e) {
        return new ZooException(
                Reason.ACCESS,
                e.id() + " is not in the cache (" + root + ") and ganzoo is offline (GANZOO_OFFLINE /"
                        + " ganzoo.offline). Pull it while online: ganzoo zoo pull " + e.id());
    }

    /** {@code null} when the cached {@code file} matches the entry, else what is wrong. */
    private String verified(Path file, ModelEntry e) throws ZooException {
        try {
            return check(file, e);
        } catch (IOException ex) {
            throw new ZooException(
                    Reason.ACCESS,
                    "cannot read the cached " + e.id() + ": " + IoErrors.describe(ex, file)
                            + ". Check the permissions of the model cache " + root
                            + ", or point GANZOO_HOME at another folder.",
                    ex);
        }
    }

    /**
     * A cache root under a file ({@code GANZOO_HOME=/etc/passwd}) is a setting gone wrong, not an empty cache: said
     * as such, instead of "0 files".
     */
    private void refuseFileInTheWay(String consequence) throws IOException {
        String noFolder = IoErrors.whyNoFolder(root);
        if (noFolder != null && !noFolder.startsWith("folder ")) {
            throw new IOException(
                    notWritableText(new java.nio.file.NotDirectoryException(root.toString()), consequence));
        }
    }

    /** The cache cannot be written: says so, why, and how to use another one. */
    private ZooException notWritable(IOException ex, String consequence) {
        return new ZooException(Reason.ACCESS, notWritableText(ex, consequence), ex);
    }

    private String notWritableText(IOException ex, String consequence) {
        String noFolder = IoErrors.whyNoFolder(root);
        if (noFolder != null && !noFolder.startsWith("folder ")) { // a file where the cache's folder should be
            return "the model cache " + root + " cannot be made: " + noFolder + ", so " + consequence
                    + ". Point GANZOO_HOME (or -Dganzoo.home) at a folder, e.g. GANZOO_HOME=$HOME/.ganzoo (the cache"
                    + " is then $HOME/.ganzoo/cache).";
        }
        String to = " point GANZOO_HOME (or -Dganzoo.home) at a writable folder, e.g. GANZOO_HOME=$HOME/.ganzoo (the"
                + " cache is then $HOME/.ganzoo/cache).";
        if (readOnly(ex)) {
            return "the model cache " + root + " cannot be written (" + IoErrors.describe(ex)
                    + "): it is read-only for this user or on a read-only file system, so " + consequence
                    + ". Files already verified in it are still read. To download," + to;
        }
        String link = brokenLink(root);
        if (link == null && ex instanceof java.nio.file.FileAlreadyExistsException f && f.getFile() != null) {
            Path p = java.nio.file.Paths.get(f.getFile()); // a folder to make, which a file (or link) stands in for
            if (Files.exists(p) && !Files.isDirectory(p)) {
                link = p + " is a file, not a folder";
            }
        }
        return "the model cache " + root + " cannot be written (" + IoErrors.describe(ex) + ")"
                + (link != null ? ": " + link : "") + ", so " + consequence + ". Fix that, or" + to;
    }

    /** Whether the system refused a write for permissions or a read-only file system (not for a missing folder). */
    private static boolean readOnly(IOException ex) {
        if (ex instanceof java.nio.file.AccessDeniedException) {
            return true;
        }
        String why = IoErrors.reason(ex).toLowerCase(java.util.Locale.ROOT);
        return why.contains("read-only file system") || why.contains("permission denied");
    }

    /**
     * The symbolic link on the way to {@code dir} that leads nowhere: one whose target does not exist, or a loop of
     * links; {@code null} when there is none.
     */
    static String brokenLink(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!Files.isSymbolicLink(p) || Files.exists(p)) {
                continue;
            }
            try {
                p.toRealPath();
            } catch (java.nio.file.FileSystemException fe) {
                String why = String.valueOf(fe.getReason()).toLowerCase(java.util.Locale.ROOT);
                if (why.contains("levels of symbolic links") || why.contains("loop")) {
                    return p + " is a symbolic link in a loop of links (it never reaches a folder)";
                }
            } catch (IOException ignored) {
                // said below as a link to nothing
            }
            try {
                return p + " is a symbolic link to " + Files.readSymbolicLink(p) + ", which does not exist";
            } catch (IOException x) {
                return p + " is a symbolic link that leads nowhere";
            }
        }
        return null;
    }

    private void download(Repository repo, ModelEntry e, Path target, Listener listener)
            throws ZooException, IOException {
        Path part = root.resolve("partial").resolve(e.sha256() + ".part");
        MessageDigest digest = Zoo.newSha256();
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (have >= e.size()) { // never a prefix of a file that is still to be downloaded
            Files.delete(part);
            have = 0;
        }
        Repository.Opened opened = repo.openAt(e, have);
        if (opened.length() >= 0 && opened.length() != e.size()) {
            Streams.closeQuietly(opened.stream(), new IOException());
            Files.deleteIfExists(part);
            throw sizeDisagreement(repo, e, opened.length());
        }
        boolean restart = opened.start() != have; // the repository sends the whole file: never append it
        if (!restart && have > 0) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(part), digest)) {
                Streams.drain(in);
            }
        }
        long done = opened.start();
        OutputStream opening;
        try {
            opening = restart || have == 0
                    ? Files.newOutputStream(
                            part,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)
                    : Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            Streams.closeQuietly(opened.stream(), ex);
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // said below: the same folder cannot be written
            }
            throw writeFailure(e, part, 0, ex);
        }
        try (InputStream in = opened.stream();
                OutputStream out = opening) {
            byte[] buf = new byte[1 << 16];
            int n;
            listener.progress(e, done, e.size());
            while ((n = in.read(buf)) > 0) {
                if (done + n > e.size()) {
                    throw new ZooException(
                            Reason.CHECKSUM,
                            "Size error for " + e.id() + " from " + repo.location() + ": the download is"
                                    + " longer than the " + e.size() + " bytes the index lists; refusing it.");
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException ex) { // the disk, not the network: say which file and why
                    throw writeFailure(e, part, done, ex);
                }
                digest.update(buf, 0, n);
                done += n;
                listener.progress(e, done, e.size());
            }
        } catch (IOException ex) {
            // Kept as .part: a later fetch resumes it, and its hash is checked over the whole file.
            throw new ZooException(
                    Reason.ACCESS,
                    "download of " + e.id() + " from " + repo.location() + " broke off after " + done + " of "
                            + e.size() + " bytes: " + ex.getMessage() + ". Run the same command again to resume.",
                    ex);
        } catch (ZooException ex) {
            Files.deleteIfExists(part);
            throw ex;
        }
        if (done != e.size()) {
            if (opened.length() < 0 && opened.start() == 0) {
                // the whole file, ended cleanly at a length the server did not state: that is its length
                Files.deleteIfExists(part);
                throw sizeDisagreement(repo, e, done);
            }
            // A short body that ended cleanly: keep it to resume, but never take it as the file.
            throw new ZooException(
                    Reason.ACCESS,
                    "Size error for " + e.id() + " from " + repo.location() + ": expected " + e.size()
                            + " bytes, received " + done
                            + ". The download was cut short; run the same command again to resume.");
        }
        String actual = Zoo.hex(digest.digest());
        if (!actual.equals(e.sha256())) {
            Files.deleteIfExists(part);
            throw new ZooException(
                    Reason.CHECKSUM,
                    "Checksum error for " + e.id() + " from " + repo.location() + ": expected sha256 "
                            + e.sha256() + ", actual " + actual
                            + ". The file is corrupt or was replaced; nothing was cached.");
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException ex) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writing the download failed (a full disk, a read-only cache): the file, the system's reason, what to do. */
    private ZooException writeFailure(ModelEntry e, Path part, long done, IOException ex) {
        return new ZooException(
                Reason.ACCESS,
                "cannot write " + IoErrors.describe(ex, part) + ": the download of " + e.id() + " stopped after "
                        + done + " of " + e.size() + " bytes and its partial file was removed. Free space in "
                        + root + " (or make it writable), or point GANZOO_HOME at a folder on another disk.",
                ex);
    }

    /** The repository's file is not as long as its own index says: no run of ganzoo can fix that. */
    private static ZooException sizeDisagreement(Repository repo, ModelEntry e, long actual) {
        return new ZooException(
                Reason.CHECKSUM,
                "Size disagreement for " + e.id() + " in " + repo.location() + ": its index lists " + e.size()
                        + " bytes, but the server's file '" + e.file() + "' has " + actual + " bytes. The index and"
                        + " the file do not match (one was replaced without the other), so running again will not"
                        + " help; nothing was cached. Ask the repository's maintainer to publish the file and its"
                        + " index together (ganzoo zoo publish writes both).");
    }

    /** {@code null} when {@code file} matches the entry, else what is wrong. */
    private static String check(Path file, ModelEntry e) throws IOException {
        long size = Files.size(file);
        if (size != e.size()) {
            return "size " + size + ", expected " + e.size();
        }
        String actual = hash(file);
        return actual.equals(e.sha256()) ? null : "sha256 " + actual + ", expected " + e.sha256();
    }

    /** Lower-case hex SHA-256 of a file, streamed. */
    public static String hash(Path file) throws IOException {
        MessageDigest d = Zoo.newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            Streams.drain(in);
        }
        return Zoo.hex(d.digest());
    }

    /**
     * One cached file and whether it still matches its name (its SHA-256).
     *
     * @param notRemoved why a corrupt file could not be deleted (a cache this user can only read), else {@code null}
     */
    public record Checked(Path file, long size, boolean ok, String notRemoved) {
        public Checked(Path file, long size, boolean ok) {
            this(file, size, ok, null);
        }
    }

    /**
     * Re-hashes every cached file; a file that no longer matches its name is deleted, or, when it cannot be (a cache
     * this user can only read), reported with the reason in {@link Checked#notRemoved()} and the rest still checked
     * (attack re-test: the first such file ended the check).
     *
     * @throws IOException when a file cannot be read
     */
    public List<Checked> verify() throws IOException {
        refuseFileInTheWay("it has nothing to verify");
        List<Checked> out = new ArrayList<>();
        Path files = root.resolve("files");
        if (!Files.isDirectory(files)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(files)) {
            for (Path f : ds) {
                if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // never opened: a FIFO would block for ever, a folder is no file (re-test: "Is a directory", a
                    // hang)
                    throw new IOException("the model cache holds " + f + ", which is "
                            + (Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                    ? "a folder"
                                    : Files.isSymbolicLink(f)
                                            ? "a symbolic link"
                                            : "not a regular file (a FIFO or device)")
                            + ", not a downloaded model; remove it (the cache's files are regular files named by their"
                            + " SHA-256)");
                }
                long size = Files.size(f);
                boolean ok = hash(f).equals(f.getFileName().toString());
                String notRemoved = null;
                if (!ok) {
                    try {
                        Files.delete(f);
                    } catch (IOException ex) {
                        notRemoved = notWritableText(ex, "the corrupt " + f + " cannot be removed");
                    }
                }
                out.add(new Checked(f, size, ok, notRemoved));
            }
        }
        return out;
    }

    /**
     * Deletes cached files whose hash is not in {@code keep} and unfinished downloads, except those a live process
     * holds: each entry is deleted under the same lock a download takes ({@code locks/<sha256>.lock}, tried, never
     * waited for), so a {@code zoo pull} in progress keeps its {@code .part} and its file.
     *
     * @return bytes freed
     * @throws IOException when the cache cannot be written (the message says it is read-only and what to do)
     */
    public long gc(Collection<String> keep) throws IOException {
        return collect(keep).freedBytes();
    }

    /** What {@link #collect} did: bytes freed, and entries left alone because a live process held them. */
    public record Collected(long freedBytes, int inUse) {}

    /** {@link #gc(Collection)} that also says how many entries were in use. */
    public Collected collect(Collection<String> keep) throws IOException {
        refuseFileInTheWay("it has nothing to collect");
        long freed = 0;
        int inUse = 0;
        for (String dir : new String[] {"files", "partial"}) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
                for (Path f : ds) {
                    String name = f.getFileName().toString();
                    String sha = name.endsWith(".part") ? name.substring(0, name.length() - 5) : name;
                    if (dir.equals("files") && keep.contains(sha)) {
                        continue;
                    }
                    long size = deleteUnlessHeld(f, sha);
                    if (size < 0) {
                        inUse++;
                    } else {
                        freed += size;
                    }
                }
            }
        }
        return new Collected(freed, inUse);
    }

    /** Deletes {@code f} under its entry's lock; -1 when another thread or process holds the lock. */
    private long deleteUnlessHeld(Path f, String sha) throws IOException {
        Path lockFile = root.resolve("locks").resolve(sha + ".lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        if (!local.tryLock()) {
            return -1;
        }
        try {
            FileChannel opened;
            try {
                Files.createDirectories(lockFile.getParent());
                opened = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException ex) {
                throw new IOException(notWritableText(ex, f + " cannot be removed"), ex);
            }
            try (FileChannel ch = opened) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    return -1;
                }
                try {
                    if (!Files.exists(f)) {
                        return 0;
                    }
                    long size = Files.size(f);
                    Files.delete(f);
                    return size;
                } finally {
                    lock.release();
                }
            }
        } finally {
            local.unlock();
        }
    }

    /** Saves the index last read from a remote repository, for offline use. */
    void saveIndex(Repository repo, ZooIndex index) {
        try {
            Path d = Files.createDirectories(root.resolve("indexes"));
            AtomicFiles.write(
                    d.resolve(Zoo.sha256(repo.location().getBytes(StandardCharsets.UTF_8)) + ".json"),
                    index.toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException ignored) {
            // the cache is best effort for indexes (a read-only cache, a value JSON cannot hold): the next online
            // read saves it again; a failure here must never fail the command that read the index
        }
    }

    /** The index last saved for {@code repo}, or {@code null}. */
    ZooIndex savedIndex(Repository repo) throws ZooException {
        Path f =
                root.resolve("indexes").resolve(Zoo.sha256(repo.location().getBytes(StandardCharsets.UTF_8)) + ".json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(f)) {
            return ZooIndex.read(in, f + " (saved index of " + repo.location() + ")");
        } catch (IOException ex) {
            return null;
        }
    }
}
