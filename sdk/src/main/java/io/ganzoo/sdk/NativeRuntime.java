package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What ONNX Runtime's Java binding needs before its native code can start, checked in words rather than left to an
 * {@code Error}: its classes on the classpath, a writable {@code java.io.tmpdir} (ONNX Runtime 1.28 copies its
 * libraries into a new {@code onnxruntime-java*} folder there on every desktop start, even when
 * {@code onnxruntime.native.path} is set), and libraries that load. Also removes that folder once the libraries are
 * loaded: ONNX Runtime only marks it for deletion at exit, in an order that leaves it behind, empty, in every
 * process. This class names no ONNX Runtime type, so it runs where those classes are missing.
 */
final class NativeRuntime {
    private static final String ENVIRONMENT = "ai.onnxruntime.OrtEnvironment";

    private static boolean present;
    private static boolean cleaned;
    /** Why ONNX Runtime could not start in this JVM, or {@code null}. */
    private static ModelException failed;
    /** The folder {@link #useKeptLibraries} pointed ONNX Runtime at, or {@code null}. */
    private static Path kept;

    private NativeRuntime() {}

    /**
     * Refuses, before any class that names ONNX Runtime is linked, a classpath without ONNX Runtime's Java API and a
     * desktop JVM whose temporary folder cannot take its libraries.
     *
     * @throws ModelException reason {@link Reason#RUNTIME}, with the fix
     */
    static synchronized void require() throws ModelException {
        if (present) {
            return;
        }
        try {
            Class.forName(ENVIRONMENT, false, NativeRuntime.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ModelException(
                    Reason.RUNTIME,
                    "ONNX Runtime is not on the classpath (" + ENVIRONMENT + " not found), and ganzoo runs models with"
                            + " it. Add com.microsoft.onnxruntime:onnxruntime:1.28.0 to your build, or on Android"
                            + " com.microsoft.onnxruntime:onnxruntime-android:1.28.0 (the sdk's README, 'On Android', has"
                            + " the exclusion and the line to add).",
                    e);
        }
        if (!isAndroid()) {
            String tmp = System.getProperty("java.io.tmpdir");
            Path dir = tmp == null ? null : Paths.get(tmp);
            String noFolder = dir == null ? null : io.ganzoo.zoo.IoErrors.whyNoFolder(dir.toAbsolutePath());
            String problem = dir == null
                    ? "is not set"
                    : noFolder != null
                            ? "(" + dir.toAbsolutePath() + ") does not exist"
                                    + (noFolder.startsWith("folder ") ? "" : " (" + noFolder + ")")
                            : !Files.isWritable(dir) ? "(" + dir.toAbsolutePath() + ") is not writable" : null;
            if (problem == null) {
                long free = usableSpace(dir);
                long needed = librariesSize();
                if (free >= 0
                        && free < needed) { // ONNX Runtime's own failure said "no onnxruntime in java.library.path"
                    problem = String.format(
                            java.util.Locale.ROOT,
                            "(%s) has %,d bytes free, fewer than the %,d its libraries take",
                            dir.toAbsolutePath(),
                            free,
                            needed);
                }
            }
            if (problem != null) {
                throw new ModelException(Reason.RUNTIME, tmpdirAdvice("java.io.tmpdir " + problem));
            }
            useKeptLibraries();
        }
        present = true;
    }

    /** The property naming the folder ONNX Runtime loads its libraries from instead of copying them out of its jar. */
    static final String NATIVE_PATH = "onnxruntime.native.path";

    /** Setting this property (or {@code GANZOO_KEEP_NATIVE}) to false makes ONNX Runtime copy its libraries each start. */
    static final String KEEP_NATIVE = "ganzoo.keepNative";

    /**
     * Keeps ONNX Runtime's libraries extracted in the cache ({@code <cache root>/native/<platform>-<sizes>/}, made
     * once, whole, by renaming a complete folder into place) and points {@value #NATIVE_PATH} at them, so that a
     * start loads them where they are instead of copying about 20 MB out of the jar into a new temporary folder each
     * time (measured: about 120 ms of a 0.45 s cold start; docs/performance.md). Not done when the user set
     * {@value #NATIVE_PATH}, on Android, for the GPU build (whose provider libraries ONNX Runtime extracts beside its
     * own later), when {@value #KEEP_NATIVE} is false, or when the cache cannot be written: then ONNX Runtime copies
     * them as before. The folder's name holds the libraries' sizes, so another ONNX Runtime version gets its own.
     */
    static void useKeptLibraries() {
        if (System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        io.ganzoo.zoo.Settings settings = io.ganzoo.zoo.Settings.system();
        // a switch like every other: a word that is neither on nor off is refused (Settings.Invalid), not read as off
        if (!settings.flag(KEEP_NATIVE, "GANZOO_KEEP_NATIVE", true)) {
            return;
        }
        try {
            Path dir = keptLibraries(settings.cacheRoot().resolve("native"));
            if (dir != null) {
                System.setProperty(NATIVE_PATH, dir.toString());
                kept = dir;
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written or read, or a GANZOO_HOME the load refuses in words later: ONNX Runtime
            // copies its libraries as it always did
        }
    }

    /** The libraries ONNX Runtime loads, in the order it loads them. */
    private static final String[] LIBRARIES = {"onnxruntime", "onnxruntime4j_jni"};

    /**
     * The folder under {@code root} holding this ONNX Runtime's libraries, made when missing; {@code null} when the jar
     * carries none for this platform or carries provider libraries (GPU).
     */
    static Path keptLibraries(Path root) throws IOException {
        Class<?> runtime;
        try {
            runtime = Class.forName("ai.onnxruntime.OnnxRuntime", false, NativeRuntime.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        if (runtime.getResource(nativeLibrary("onnxruntime_providers_shared")) != null) {
            return null;
        }
        if (Files.exists(root.resolve(NOT_HERE)) || noexec(root)) {
            return null; // libraries cannot run from there: ONNX Runtime's own copy each start
        }
        long[][] entries = libraryEntries();
        if (entries == null) {
            return null;
        }
        long[] sizes = entries[0];
        long[] crcs = entries[1];
        StringBuilder name = new StringBuilder(osArch());
        for (long size : sizes) {
            name.append('-').append(size);
        }
        Path dir = root.resolve(name.toString());
        if (complete(dir, sizes, crcs)) {
            return dir;
        }
        Files.createDirectories(root);
        if (Files.exists(dir)) {
            deleteTree(dir); // damaged (a library missing or cut short): made again
        }
        Path tmp = Files.createTempDirectory(root, ".extracting-");
        try {
            for (String lib : LIBRARIES) {
                try (java.io.InputStream in = runtime.getResourceAsStream(nativeLibrary(lib))) {
                    Files.copy(in, tmp.resolve(System.mapLibraryName(lib)));
                }
            }
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another process put it in place first: theirs is as good
            }
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
        return complete(dir, sizes, crcs) ? dir : null;
    }

    /**
     * The file whose presence in the kept libraries' root says that libraries do not run from there (they failed to
     * load once); it holds the reason. Delete it to have them kept again.
     */
    static final String NOT_HERE = "do-not-keep.txt";

    /**
     * Whether the file system holding {@code path} (or its nearest existing parent) is mounted {@code noexec}, where
     * no library can be loaded from: read from {@code /proc/self/mountinfo}; false where that is not there.
     */
    static boolean noexec(Path path) {
        Path mountinfo = java.nio.file.Paths.get("/proc/self/mountinfo");
        if (!Files.isReadable(mountinfo)) {
            return false;
        }
        try {
            Path p = path.toAbsolutePath();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return false;
            }
            String real = p.toRealPath().toString();
            String best = "";
            boolean noexec = false;
            for (String line : Files.readAllLines(mountinfo)) {
                String[] f = line.split(" ");
                if (f.length < 6) {
                    continue;
                }
                String point = f[4].replace("\\040", " ");
                boolean under = real.equals(point) || real.startsWith(point.endsWith("/") ? point : point + "/");
                if (under && point.length() >= best.length()) {
                    best = point;
                    noexec = java.util.Arrays.asList(f[5].split(",")).contains("noexec");
                }
            }
            return noexec;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            for (Path x : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(x);
            }
        }
    }

    /**
     * Whether {@code dir} holds every library at its size and CRC-32 in the jar (-1: not known): a folder appears whole,
     * by renaming, but a file damaged in place at its size crashed the JVM that loaded it, on every start.
     */
    private static boolean complete(Path dir, long[] sizes, long[] crcs) throws IOException {
        for (int i = 0; i < LIBRARIES.length; i++) {
            Path f = dir.resolve(System.mapLibraryName(LIBRARIES[i]));
            if (!Files.isRegularFile(f) || Files.size(f) != sizes[i] || (crcs[i] >= 0 && crc32(f) != crcs[i])) {
                return false;
            }
        }
        return true;
    }

    private static long crc32(Path f) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(b) > 0) {
                ((java.nio.Buffer) b).flip(); // Buffer: Android API 26 has no ByteBuffer.flip()
                crc.update(b);
                ((java.nio.Buffer) b).clear();
            }
        }
        return crc.getValue();
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1; // unknown: ONNX Runtime's own attempt tells
        }
    }

    /** The bytes of the native libraries ONNX Runtime extracts on this platform (0 when the jar has none here). */
    private static long librariesSize() {
        long[][] entries = libraryEntries();
        long total = 0;
        for (long n : entries == null ? new long[0] : entries[0]) {
            total += Math.max(0, n);
        }
        return total;
    }

    private static boolean entriesRead;
    private static long[][] entries;

    /**
     * The size and CRC-32 (-1 when not known) of each of {@link #LIBRARIES} in ONNX Runtime's jar for this platform,
     * as {@code {sizes, crcs}}; {@code null} when the jar has none here or they cannot be read. Read once per JVM: the
     * tmpdir check and the kept copy's check both need them at start-up.
     */
    private static synchronized long[][] libraryEntries() {
        if (!entriesRead) {
            entriesRead = true;
            long[] sizes = new long[LIBRARIES.length];
            long[] crcs = new long[LIBRARIES.length];
            try {
                for (int i = 0; i < LIBRARIES.length; i++) {
                    java.net.URL u = NativeRuntime.class.getResource(nativeLibrary(LIBRARIES[i]));
                    if (u == null) {
                        return null;
                    }
                    java.net.URLConnection c = u.openConnection();
                    c.setUseCaches(false);
                    sizes[i] = c.getContentLengthLong();
                    crcs[i] = c instanceof java.net.JarURLConnection j && j.getJarEntry() != null
                            ? j.getJarEntry().getCrc()
                            : -1;
                    c.getInputStream().close();
                }
            } catch (IOException e) {
                return null;
            }
            entries = new long[][] {sizes, crcs};
        }
        return entries;
    }

    private static String tmpdirAdvice(String problem) {
        return "ONNX Runtime cannot start: it copies its native libraries into a new folder under the JVM's temporary"
                + " folder, and " + problem + ". Give it a writable folder: java -Djava.io.tmpdir=DIR (for the ganzoo"
                + " command lines: JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR).";
    }

    /**
     * Runs {@code start} (the first touch of ONNX Runtime's environment) and turns the {@code Error}s of a native
     * runtime that cannot start into a {@link ModelException} with the cause and the fix; then removes ONNX
     * Runtime's temporary library folder.
     */
    static synchronized <T> T start(Supplier<T> start) throws ModelException {
        if (failed != null) {
            // ONNX Runtime's classes cannot be initialised again in this JVM: every later start says the first reason
            // (not "Could not initialize class ai.onnxruntime.OrtEnvironment")
            throw new ModelException(failed.reason(), failed.getMessage(), failed);
        }
        try {
            return started(start);
        } catch (ModelException e) {
            failed = e;
            throw e;
        }
    }

    private static <T> T started(Supplier<T> start) throws ModelException {
        T t;
        try {
            t = start.get();
        } catch (LinkageError | IllegalStateException e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            if (kept != null && kept.toString().equals(System.getProperty(NATIVE_PATH))) {
                // the copy kept in the cache is whole (size and CRC as in the jar) yet did not load: libraries do not
                // run from there (a noexec mount /proc did not show, a security policy). Removed, and not kept there
                // again, so the next start is ONNX Runtime's own copy (a noexec cache failed on every start: attack)
                String where = kept.toString();
                Path marker = kept.getParent().resolve(NOT_HERE);
                try {
                    deleteTree(kept);
                    Files.write(
                            marker,
                            ("ONNX Runtime's libraries did not load from " + where + ": " + why
                                            + "\nganzoo no longer keeps them here; delete this file to try again.\n")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw new ModelException(
                        Reason.RUNTIME,
                        "ONNX Runtime could not start: " + why + ". Its libraries kept in " + where + " did not load"
                                + " from there (a folder mounted noexec?); they were removed and will not be kept there"
                                + " again (" + marker + " says so): run again, and ONNX Runtime copies them into the"
                                + " temporary folder as it does without ganzoo.",
                        e);
            }
            String nativePath = System.getProperty("onnxruntime.native.path");
            String[] inPath = nativePath == null ? null : new java.io.File(nativePath).list();
            boolean noLibraries =
                    inPath != null && java.util.Arrays.stream(inPath).noneMatch(n -> n.contains("onnxruntime"));
            String fix = nativePath != null && noLibraries
                    // a folder without the libraries blamed noexec, libc or versions too (attack re-test)
                    ? " -Donnxruntime.native.path=" + nativePath + " holds no libonnxruntime or libonnxruntime4j_jni:"
                            + " point it at the folder holding those of ONNX Runtime 1.28.0, or leave it out to use the"
                            + " libraries in the jar."
                    : nativePath != null && !new java.io.File(nativePath).isDirectory()
                            // the folder given does not exist: it blamed noexec, libc or versions (attack re-test)
                            ? " -Donnxruntime.native.path=" + nativePath + " names no folder"
                                    + (new java.io.File(nativePath).exists()
                                            ? " (it is a file)"
                                            : " (it does not exist)")
                                    + ": point it at the folder holding libonnxruntime and libonnxruntime4j_jni of ONNX"
                                    + " Runtime 1.28.0, or leave it out to use the libraries in the jar."
                            : cause instanceof IOException
                                    ? " " + tmpdirAdvice("that failed (" + why + ")")
                                    : " Its libraries could not be loaded (a temporary folder mounted noexec, another libc, or a"
                                            + " version mismatch between the jar and its libraries): point"
                                            + " -Donnxruntime.native.path=DIR at a folder holding libonnxruntime and"
                                            + " libonnxruntime4j_jni of ONNX Runtime 1.28.0, or -Djava.io.tmpdir=DIR at a folder"
                                            + " where libraries may run; on Android use com.microsoft.onnxruntime:onnxruntime-android.";
            removeLibraryFolder(); // what it extracted before failing, if it got that far
            throw new ModelException(Reason.RUNTIME, "ONNX Runtime could not start: " + why + "." + fix, e);
        }
        if (!cleaned) {
            cleaned = true;
            removeLibraryFolder();
        }
        return t;
    }

    /**
     * Deletes the {@code onnxruntime-java*} folder ONNX Runtime 1.28 extracted its libraries to (its private static
     * {@code OnnxRuntime.tempDirectory}), once they are loaded: a loaded library needs no file on Linux or macOS.
     * Not done when the jar carries execution-provider libraries (the GPU build), which ONNX Runtime extracts there
     * later, nor where deleting fails (Windows keeps loaded libraries open): best effort, never an error.
     */
    private static void removeLibraryFolder() {
        try {
            Class<?> runtime = Class.forName("ai.onnxruntime.OnnxRuntime", false, NativeRuntime.class.getClassLoader());
            if (runtime.getResource(nativeLibrary("onnxruntime_providers_shared")) != null) {
                return;
            }
            Field f = runtime.getDeclaredField("tempDirectory");
            f.setAccessible(true);
            Object dir = f.get(null);
            if (dir instanceof Path p && p.getFileName().toString().startsWith("onnxruntime-java")) {
                try (Stream<Path> files = Files.walk(p)) {
                    for (Path x : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.deleteIfExists(x);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException ignored) {
            // another ONNX Runtime version, a security manager, Windows: the folder stays as ONNX Runtime left it
        }
    }

    /** Where ONNX Runtime's jar keeps native library {@code lib} for this platform. */
    private static String nativeLibrary(String lib) {
        return "/ai/onnxruntime/native/" + osArch() + "/" + System.mapLibraryName(lib);
    }

    private static String osArch() {
        String arch = System.getProperty("os.arch", "");
        return (System.getProperty("os.name", "")
                                .toLowerCase(java.util.Locale.ROOT)
                                .contains("mac")
                        ? "osx"
                        : "linux") + "-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch);
    }

    /**
     * ONNX Runtime's own test for Android ({@code android.app.Activity} loads), where it makes no temporary folder and
     * loads the app's libraries instead.
     */
    static boolean isAndroid() {
        try {
            Class.forName("android.app.Activity", false, NativeRuntime.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** An ONNX Runtime error code, and the source location and C++ signature it puts before its message. */
    private static final java.util.regex.Pattern ORT_PREFIX = java.util.regex.Pattern.compile(
            "^(?:Error code - \\w+ - message: )?(?:\\S*\\.(?:cc|cpp|h|hpp|c):\\d+ (?:[^()]*\\((?:[^()]|\\([^()]*\\))*\\) |[A-Za-z_][\\w:]* (?=\\S))?)?");

    /**
     * What ONNX Runtime says went wrong, without its error code, source file and line and C++ signature ("Error code -
     * ORT_FAIL - message: /onnxruntime_src/.../model.cc:181 onnxruntime::Model::Model(...) Missing opset in the model.
     * ..." is "Missing opset in the model. ..."): the part a user can act on.
     */
    static String reason(Exception e) {
        String m = String.valueOf(e.getMessage()).trim();
        String rest = ORT_PREFIX.matcher(m).replaceFirst("");
        return rest.isEmpty() ? m : rest;
    }
}
