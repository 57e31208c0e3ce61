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
 */
public record ModelEntry(String name, String version, String file, String sha256, long size, ModelCard card) {

    /** {@code name@version}. */
    public String id() {
        return name + "@" + version;
    }
}
