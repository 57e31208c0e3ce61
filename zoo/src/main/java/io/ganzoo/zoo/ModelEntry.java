package io.ganzoo.zoo;

/**
 * One version of one model in an index.
 *
 * @param name    model name
 * @param version semantic version
 * @param file    file name, relative to the repository
 * @param sha256  lower-case hex SHA-256 of the file
 * @param size    file size in bytes
 * @param card    the model card
 * @param kind    {@code generator} (the default when an index omits it) or {@code classifier} (an evaluator model): a
 *                {@link ModelFormat.Kind} wire name
 * @param deprecated why this version should no longer be used (and what to use instead), or {@code null}
 * @param requires the oldest ganzoo version that can read the file, or {@code null} for any
 */
public record ModelEntry(
        String name,
        String version,
        String file,
        String sha256,
        long size,
        ModelCard card,
        String kind,
        String deprecated,
        String requires) {

    /** An entry that is not deprecated and needs no particular ganzoo version. */
    public ModelEntry(String name, String version, String file, String sha256, long size, ModelCard card, String kind) {
        this(name, version, file, sha256, size, card, kind, null, null);
    }

    /** The {@link #kind()} as an enum. */
    public ModelFormat.Kind modelKind() {
        return ModelFormat.Kind.parse(kind);
    }

    /** {@code name@version}. */
    public String id() {
        return name + "@" + version;
    }
}
