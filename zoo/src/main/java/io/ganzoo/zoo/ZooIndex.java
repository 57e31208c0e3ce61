package io.ganzoo.zoo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A repository's {@code index.json}: schema version 1, a list of model entries. See {@code docs/zoo.md} for the
 * format.
 */
public final class ZooIndex {
    /** The schema version this code reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Default largest {@code index.json} read, bytes: {@value}, some ten thousand entries with cards. */
    public static final long DEFAULT_LIMIT = 16L << 20;

    private final List<ModelEntry> models;
    private final List<String> skipped;

    public ZooIndex(List<ModelEntry> models) {
        this(models, Collections.<String>emptyList());
    }

    /** @param skipped why each entry that could not be read was left out, naming its source and position */
    public ZooIndex(List<ModelEntry> models, List<String> skipped) {
        this.models = Collections.unmodifiableList(new ArrayList<>(models));
        this.skipped = Collections.unmodifiableList(new ArrayList<>(skipped));
    }

    public List<ModelEntry> models() {
        return models;
    }

    /**
     * The entries left out of {@link #models()} because one of their fields is wrong (a version that is not strict
     * semantic versioning, a size that is not a whole number, a number out of range, a name listed twice), each as
     * {@code SOURCE: models[i] (NAME@VERSION) skipped: WHY}; empty when every entry was read.
     */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * The largest index read, bytes: {@code ganzoo.index-limit} / {@code GANZOO_INDEX_LIMIT}, else {@link
     * #DEFAULT_LIMIT}.
     *
     * @throws IllegalArgumentException when the setting is not a positive whole number
     */
    public static long limit() {
        long l = Settings.system()
                .nonNegative("ganzoo.index-limit", "GANZOO_INDEX_LIMIT", DEFAULT_LIMIT, "bytes, more than 0");
        if (l == 0) {
            throw new Settings.Invalid(
                    "GANZOO_INDEX_LIMIT / ganzoo.index-limit: expected a whole number of bytes, more than 0; found 0");
        }
        return l;
    }

    /** {@link #read(InputStream, String, long)} with the {@link #limit()} of the settings. */
    public static ZooIndex read(InputStream in, String source) throws ZooException {
        return read(in, source, limit());
    }

    /**
     * Reads and validates an index, streaming: it stops at {@code limit} bytes, and memory stays within a few times
     * the largest string in it. An entry with a wrong field is left out and named in {@link #skipped()}; the others
     * are read.
     *
     * @param source where it came from, for error messages
     * @param limit  the largest index read, bytes
     * @throws ZooException {@link Reason#MALFORMED} when it is larger than {@code limit}, not JSON (gzip data is named
     *     as such), or lacks {@code schemaVersion} or the {@code models} array; {@link Reason#UNSUPPORTED} for another
     *     schema version; {@link Reason#ACCESS} when it cannot be read
     */
    public static ZooIndex read(InputStream in, String source, long limit) throws ZooException {
        Limited limited = new Limited(new Tagged(in), limit);
        byte[] head = new byte[HEAD];
        java.io.BufferedInputStream buffered = new java.io.BufferedInputStream(limited);
        try {
            buffered.mark(HEAD);
            int n = 0;
            for (int b; n < HEAD && (b = buffered.read()) >= 0; n++) {
                head[n] = (byte) b;
            }
            buffered.reset();
            if (n == 0) { // said as the parser's "End of input at line 1 column 1 path $." (attack re-test)
                throw new ZooException(Reason.MALFORMED, source + " is empty (0 bytes), not a ganzoo index");
            }
            if (n >= 2
                    && ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff
                            || (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe
                            || head[0] == 0
                            || head[1] == 0)) {
                // it was "not valid JSON" with a parser message about a stray character
                throw new ZooException(
                        Reason.MALFORMED,
                        source + " is UTF-16 (or UTF-32) text, not UTF-8: a ganzoo index is JSON in UTF-8 (RFC 8259);"
                                + " save it as UTF-8 (or publish into the folder again)");
            }
            if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                throw new ZooException(
                        Reason.MALFORMED,
                        source + " is gzip-compressed data, not JSON: the server sent a compressed index without"
                                + " saying so (no Content-Encoding: gzip). Serve index.json uncompressed (or with"
                                + " that header).");
            }
        } catch (TooLarge e) { // a limit below the few bytes looked at first: the same failure as further on
            throw tooLarge(source, limit, e);
        } catch (Tagged.Failure e) {
            throw Tagged.said(source, e);
        } catch (IOException e) {
            throw new ZooException(Reason.ACCESS, source + ": cannot read: " + e.getMessage(), e);
        }
        Integer schema = null;
        boolean sawModels = false;
        List<ModelEntry> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (JsonReader r = new JsonReader(new InputStreamReader(buffered, StandardCharsets.UTF_8))) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new ZooException(
                        Reason.MALFORMED,
                        source + ": expected a JSON object with 'schemaVersion' and 'models', found " + token(r));
            }
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("schemaVersion")) {
                    JsonToken t = r.peek();
                    String v = t == JsonToken.NUMBER || t == JsonToken.STRING ? r.nextString() : null;
                    if (v == null || t != JsonToken.NUMBER || !v.matches("\\d{1,9}")) {
                        throw new ZooException(
                                Reason.MALFORMED,
                                source + ": 'schemaVersion' must be a whole number (expected " + SCHEMA_VERSION
                                        + "), found "
                                        + (v == null
                                                ? t.toString().toLowerCase(java.util.Locale.ROOT)
                                                : t == JsonToken.STRING ? "the text \"" + v + "\"" : v));
                    }
                    schema = Decimal.parseInt(v);
                    checkSchema(schema, source); // before the rest, whose shape may be another version's
                } else if (key.equals("models")) {
                    if (r.peek() != JsonToken.BEGIN_ARRAY) {
                        throw new ZooException(
                                Reason.MALFORMED, source + ": expected an array 'models', found " + token(r));
                    }
                    sawModels = true;
                    r.beginArray();
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; r.hasNext(); i++) {
                        Entry e = entry(r);
                        String where = source + ": models[" + i + "]";
                        if (e.problem == null
                                && e.name != null
                                && e.version != null
                                && !seen.add(e.name + "@" + e.version)) {
                            e.problem = e.name + "@" + e.version + " is listed twice; the first is used";
                        }
                        if (e.problem != null) {
                            skipped.add(where
                                    + (e.name != null && e.version != null
                                            ? " (" + e.name + "@" + e.version + ")"
                                            : e.name != null ? " (" + e.name + ")" : "")
                                    + " skipped: " + e.problem);
                        } else {
                            out.add(e.entry);
                        }
                    }
                    r.endArray();
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) { // two documents pasted together, or garbage after one
                throw new ZooException(
                        Reason.MALFORMED,
                        source + " holds more after its JSON object (" + token(r)
                                + "): an index is one JSON document; repair it or publish into the folder again");
            }
        } catch (TooLarge e) {
            throw tooLarge(source, limit, e);
        } catch (Tagged.Failure e) { // the bytes did not arrive whole (a compressed body cut short): not a JSON fault
            throw Tagged.said(source, e);
        } catch (MalformedJsonException | IllegalStateException | NumberFormatException | java.io.EOFException e) {
            throw new ZooException(Reason.MALFORMED, source + " is not valid JSON: " + notJson(head, e), e);
        } catch (IOException e) { // a failed read (a slow server)
            throw new ZooException(Reason.ACCESS, source + ": cannot read: " + e.getMessage(), e);
        }
        if (schema == null) {
            throw new ZooException(
                    Reason.MALFORMED, source + ": missing numeric 'schemaVersion' (expected " + SCHEMA_VERSION + ")");
        }
        checkSchema(schema, source);
        if (!sawModels) {
            throw new ZooException(Reason.MALFORMED, source + ": expected an array 'models', found nothing");
        }
        return new ZooIndex(out, skipped);
    }

    private static ZooException tooLarge(String source, long limit, TooLarge e) {
        return new ZooException(
                Reason.MALFORMED,
                source + " is larger than the limit of " + limit + " bytes for an index; stopped reading there."
                        + " Check that this is a ganzoo repository (an index of 100 models is about 100 KB), or"
                        + " raise the limit with GANZOO_INDEX_LIMIT / -Dganzoo.index-limit (bytes).",
                e);
    }

    /** How many bytes of an index's start are kept to say what it is when it is not JSON. */
    private static final int HEAD = 64;

    private static void checkSchema(int schema, String source) throws ZooException {
        if (schema > SCHEMA_VERSION) {
            throw new ZooException(
                    Reason.UNSUPPORTED,
                    source + ": index schema version " + schema + " is not supported: it is newer than this ganzoo"
                            + " reads (version " + SCHEMA_VERSION + "). Upgrade ganzoo to use this repository, or point"
                            + " GANZOO_REPOSITORIES at a compatible one.");
        }
        if (schema != SCHEMA_VERSION) {
            throw new ZooException(
                    Reason.UNSUPPORTED,
                    source + ": index schema version " + schema + " is not supported; this ganzoo reads "
                            + SCHEMA_VERSION + ". Point GANZOO_REPOSITORIES at a compatible repository.");
        }
    }

    /**
     * What an index that is not JSON is, from its first bytes and the parser's failure: an HTML page, or where the
     * JSON breaks (never Gson's advice to parse leniently, which is not the user's to follow).
     */
    static String notJson(byte[] head, Exception e) {
        String start =
                new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").trim();
        if (start.startsWith("<")) {
            int end = start.indexOf('>');
            String tag = end > 0 && end < 40
                    ? start.substring(0, end + 1)
                    : start.substring(0, Math.min(20, start.length()));
            String lower = start.toLowerCase(java.util.Locale.ROOT);
            boolean html = lower.startsWith("<!doctype html")
                    || lower.startsWith("<html")
                    || lower.contains("<html")
                    || lower.contains("<head")
                    || lower.contains("<body");
            return "it starts with '" + Terminal.visible(tag) + "': " + (html ? "an HTML page" : "markup (HTML or XML)")
                    + ", not JSON. The URL serves a web page (a login, error or directory page), not a ganzoo"
                    + " index: check the repository URL in GANZOO_REPOSITORIES.";
        }
        String why = String.valueOf(e.getMessage()).split("\\R", 2)[0]; // the second line links Gson's pages
        why = why.replaceFirst(
                        "^Use JsonReader\\.setStrictness\\(Strictness\\.LENIENT\\) to accept malformed JSON ", "")
                .replaceFirst("^Use JsonReader\\.setLenient\\(true\\) to accept malformed JSON ", "");
        if (why.startsWith("at line ")) {
            why = "a value that is not JSON (such as NaN, Infinity, a bare word or single quotes) " + why;
        }
        return why;
    }

    /** One entry as read: the entry, or why it is skipped (and its name and version when those could be read). */
    private static final class Entry {
        String name;
        String version;
        String problem;
        ModelEntry entry;

        void fail(String why) {
            if (problem == null) {
                problem = why;
            }
        }
    }

    private static Entry entry(JsonReader r) throws IOException {
        Entry e = new Entry();
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            e.fail("expected an object, found " + token(r));
            r.skipValue();
            return e;
        }
        String file = null;
        String sha = null;
        Long size = null;
        ModelCard card = null;
        String kind = null;
        String deprecated = null;
        String requires = null;
        r.beginObject();
        Set<String> keys = new HashSet<>();
        while (r.hasNext()) {
            String key = r.nextName();
            if (!keys.add(key)) { // JSON leaves it open; the last one won silently (attack re-test)
                e.fail("'" + Terminal.visible(key) + "' is given twice");
            }
            switch (key) {
                case "name" -> e.name = string(r, key, e);
                case "version" -> e.version = string(r, key, e);
                case "file" -> file = string(r, key, e);
                case "sha256" -> sha = string(r, key, e);
                case "kind" -> kind = string(r, key, e);
                case "deprecated" -> deprecated = string(r, key, e);
                case "requires" -> requires = string(r, key, e);
                case "size" -> size = wholeNumber(r, "size", e);
                case "card" -> {
                    if (r.peek() == JsonToken.BEGIN_OBJECT) {
                        card = card(r, e);
                    } else if (r.peek() == JsonToken.NULL) {
                        r.nextNull(); // no card
                    } else {
                        // "card": "text" was used as no card without a word (re-test)
                        e.fail("expected an object 'card' (title, dataset, ...), found " + token(r));
                        r.skipValue();
                    }
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (e.problem != null) {
            return e;
        }
        for (String[] f : new String[][] {{"name", e.name}, {"version", e.version}, {"file", file}, {"sha256", sha}}) {
            if (f[1] == null) {
                e.fail("expected a string '" + f[0] + "', found nothing");
                return e;
            }
        }
        if (size == null) {
            e.fail("expected a number 'size', found nothing");
            return e;
        }
        try {
            new ModelRef(e.name, null);
            Version.parse(e.version);
        } catch (IllegalArgumentException x) {
            e.fail(x.getMessage());
            return e;
        }
        if (sha.matches("[0-9a-fA-F]{64}")) { // hex in either case (PowerShell's Get-FileHash writes upper case)
            sha = sha.toLowerCase(java.util.Locale.ROOT);
        }
        if (!FILE.matcher(file).matches() || file.contains("..")) {
            e.fail("'file' must be a plain file name (no folders, no '..'), found '" + file + "'");
        } else if (!SHA256.matcher(sha).matches()) {
            e.fail("'sha256' must be 64 hex digits, found '" + Terminal.visible(sha) + "'");
        } else if (size <= 0) {
            e.fail("'size' must be positive, found " + size);
        } else if (kind != null && !isKind(kind)) {
            e.fail("'kind': expected " + kindWords() + ", found '" + kind + "'");
        } else if (requires != null && !isVersion(requires)) {
            e.fail("'requires': expected a version major.minor.patch, found '" + requires + "'");
        }
        if (e.problem == null) {
            e.entry = new ModelEntry(
                    e.name,
                    e.version,
                    file,
                    sha,
                    size,
                    card,
                    kind != null ? kind : ModelFormat.Kind.GENERATOR.wireName(),
                    deprecated,
                    requires);
        }
        return e;
    }

    private static boolean isKind(String kind) {
        try {
            ModelFormat.Kind.parse(kind);
            return true;
        } catch (IllegalArgumentException x) {
            return false;
        }
    }

    private static String kindWords() {
        List<String> w = new ArrayList<>();
        for (ModelFormat.Kind k : ModelFormat.Kind.values()) {
            w.add(k.wireName());
        }
        return String.join(" or ", w);
    }

    private static boolean isVersion(String v) {
        try {
            Version.parse(v);
            return true;
        } catch (IllegalArgumentException x) {
            return false;
        }
    }

    /** A string field, {@code null} for JSON null; anything else fails the entry (the value is skipped). */
    private static String string(JsonReader r, String key, Entry e) throws IOException {
        JsonToken t = r.peek();
        if (t == JsonToken.STRING) {
            return r.nextString();
        }
        if (t == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        e.fail("expected a string '" + key + "', found " + token(r));
        r.skipValue();
        return null;
    }

    /** A whole number of at most {@link Long#MAX_VALUE}; 3064801.7, 1e999 or 99999999999999999999999 fail the entry. */
    private static Long wholeNumber(JsonReader r, String key, Entry e) throws IOException {
        if (r.peek() != JsonToken.NUMBER) {
            e.fail("expected a number '" + key + "', found " + token(r));
            r.skipValue();
            return null;
        }
        String literal = r.nextString();
        if (!literal.matches("-?\\d{1,19}")) {
            e.fail("'" + key + "' must be a whole number up to " + Long.MAX_VALUE + ", found " + shorten(literal));
            return null;
        }
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException x) {
            e.fail("'" + key + "' must be a whole number up to " + Long.MAX_VALUE + ", found " + literal);
            return null;
        }
    }

    /** A finite number; 1e999 (Infinity) fails the entry. */
    private static double finiteNumber(JsonReader r, String key, Entry e) throws IOException {
        if (r.peek() != JsonToken.NUMBER) {
            e.fail("expected a number '" + key + "', found " + token(r));
            r.skipValue();
            return 0;
        }
        String literal = r.nextString();
        double d;
        try {
            d = Double.parseDouble(literal);
        } catch (NumberFormatException x) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
            e.fail("'" + key + "' must be a finite number, found " + shorten(literal));
        }
        return d;
    }

    private static ModelCard card(JsonReader r, Entry e) throws IOException {
        String title = null;
        String dataset = null;
        String architecture = null;
        String objective = null;
        String recipe = null;
        String sampleGrid = null;
        String license = null;
        String quality = null;
        long steps = 0;
        double seconds = 0;
        ModelCard.Selftest selftest = null;
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            switch (key) {
                case "selftest" -> selftest = selftest(r, e);
                case "title" -> title = string(r, "card." + key, e);
                case "dataset" -> dataset = string(r, "card." + key, e);
                case "architecture" -> architecture = string(r, "card." + key, e);
                case "objective" -> objective = string(r, "card." + key, e);
                case "recipe" -> recipe = string(r, "card." + key, e);
                case "sampleGrid" -> sampleGrid = string(r, "card." + key, e);
                case "license" -> license = string(r, "card." + key, e);
                case "quality" -> quality = string(r, "card." + key, e);
                case "trainingSteps" -> {
                    Long n = wholeNumber(r, "card.trainingSteps", e);
                    if (n != null && n < 0) { // accepted (attack re-test)
                        e.fail("expected a number 'card.trainingSteps' of at least 0, found " + n);
                    }
                    steps = n == null ? 0 : n;
                }
                case "trainingSeconds" -> {
                    seconds = finiteNumber(r, "card.trainingSeconds", e);
                    if (seconds < 0) {
                        e.fail("expected a number 'card.trainingSeconds' of at least 0, found " + seconds);
                    }
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        return new ModelCard(
                title,
                dataset,
                architecture,
                objective,
                steps,
                seconds,
                recipe,
                sampleGrid,
                license,
                quality,
                selftest);
    }

    /** A card's {@code selftest}: all six fields, or the entry fails naming the one that is wrong. */
    private static ModelCard.Selftest selftest(JsonReader r, Entry e) throws IOException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            e.fail("expected an object 'card.selftest' (seed, images, sha256, file, fileSha256, fileSize), found "
                    + token(r));
            r.skipValue();
            return null;
        }
        Long seed = null;
        Long images = null;
        Long size = null;
        String sha = null;
        String file = null;
        String fileSha = null;
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            switch (key) {
                case "seed" -> seed = wholeNumber(r, "card.selftest.seed", e);
                case "images" -> images = wholeNumber(r, "card.selftest.images", e);
                case "fileSize" -> size = wholeNumber(r, "card.selftest.fileSize", e);
                case "sha256" -> sha = string(r, "card.selftest.sha256", e);
                case "file" -> file = string(r, "card.selftest.file", e);
                case "fileSha256" -> fileSha = string(r, "card.selftest.fileSha256", e);
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (e.problem != null) {
            return null;
        }
        if (seed == null
                || images == null
                || images < 1
                || images > 1024
                || size == null
                || size < 0
                || sha == null
                || !sha.matches("[0-9a-f]{64}")
                || fileSha == null
                || !fileSha.matches("[0-9a-f]{64}")
                || file == null
                || file.isEmpty()) {
            e.fail("'card.selftest' needs seed, images (1-1024), sha256 and fileSha256 (64 lower-case hex digits),"
                    + " file and fileSize");
            return null;
        }
        return new ModelCard.Selftest(seed, images.intValue(), sha, file, fileSha, size);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "... (" + s.length() + " characters)";
    }

    /** What the next value is, for messages, without reading more than a short string. */
    private static String token(JsonReader r) throws IOException {
        JsonToken t = r.peek();
        return switch (t) {
            case BEGIN_ARRAY -> "an array";
            case BEGIN_OBJECT -> "an object";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> "nothing";
        };
    }

    /**
     * Marks the failures of the stream itself (a gzip body that ends early throws an {@link java.io.EOFException}, as
     * the JSON parser does at the end of a document that is cut short: "not valid JSON: Unexpected end of ZLIB input
     * stream" blamed the index for a transfer's fault).
     */
    private static final class Tagged extends java.io.FilterInputStream {
        static final class Failure extends IOException {
            private static final long serialVersionUID = 1L;

            Failure(IOException cause) {
                super(cause);
            }
        }

        Tagged(InputStream in) {
            super(in);
        }

        /** The failure said as the transfer's, not the index's. */
        static ZooException said(String source, Failure e) {
            IOException cause = (IOException) e.getCause();
            boolean cut = cause instanceof java.io.EOFException || cause instanceof java.util.zip.ZipException;
            return new ZooException(
                    Reason.ACCESS,
                    source + " could not be read whole: " + cause.getMessage()
                            + (cut ? " (the transfer was cut short or damaged on the way)" : ""),
                    cause);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (TooLarge e) {
                throw e;
            } catch (IOException e) {
                throw new Failure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (TooLarge e) {
                throw e;
            } catch (IOException e) {
                throw new Failure(e);
            }
        }
    }

    /** Stops reading at the limit: an index never grows without bound in memory. */
    private static final class Limited extends java.io.FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (count >= limit) {
                if (super.read() < 0) {
                    return -1; // exactly at the limit, and the end
                }
                throw new TooLarge();
            }
            int n = super.read(b, off, (int) Math.min(len, limit - count));
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("index larger than the limit");
        }
    }

    /** This index as JSON (schema version 1). */
    public String toJson() {
        JsonObject root = new JsonObject();
        root.addProperty("schemaVersion", SCHEMA_VERSION);
        root.add("models", new Gson().toJsonTree(models));
        return new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .create()
                .toJson(root);
    }
}
