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

    /**
     * A file opened at an offset as the repository could serve it.
     *
     * @param stream the file's bytes from {@code start} on; the caller closes it
     * @param start  where the stream starts: the offset asked for, or 0 when the repository sent the whole file
     *               (a server that ignored or could not serve the range); never anything else
     * @param length the whole file's length as the repository states it, or -1 when it does not say
     */
    record Opened(InputStream stream, long start, long length) {}

    /**
     * Opens a file listed in the index from byte {@code offset} on if the repository can, else from byte 0 (said by
     * {@link Opened#start()}): a caller resuming a download appends only a stream that starts where it asked.
     */
    default Opened openAt(ModelEntry entry, long offset) throws ZooException {
        return new Opened(open(entry, offset), offset, -1);
    }

    /** Whether files come over the network (and so go through the verified cache, and never when offline). */
    default boolean isRemote() {
        return false;
    }
}
