package io.ganzoo.zoo;

import java.io.InputStream;

/**
 * A place models come from: an index and the files it lists. Implementations: {@link EmbeddedRepository} (resources
 * of a jar), {@link FolderRepository} (a local folder) and {@link HttpRepository} (any static HTTP server).
 */
public interface Repository {

    /** Where this repository is, for messages (e.g. {@code embedded}, a folder, a URL). */
    String location();

    /** The repository's index. */
    ZooIndex index() throws ZooException;

    /** Opens a file listed in the index; the caller verifies and closes it. */
    default InputStream open(ModelEntry entry) throws ZooException {
        return open(entry, 0);
    }

    /**
     * Opens a file listed in the index from byte {@code offset} on (to resume a partial download); the caller
     * verifies the whole file and closes the stream.
     */
    InputStream open(ModelEntry entry, long offset) throws ZooException;

    /** Whether files come over the network (and so go through the verified cache, and never when offline). */
    default boolean isRemote() {
        return false;
    }
}
