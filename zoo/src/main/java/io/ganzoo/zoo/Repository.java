package io.ganzoo.zoo;

import java.io.InputStream;

/**
 * A place models come from: an index and the files it lists. Implementations: {@link EmbeddedRepository} (resources
 * of a jar); local folders and HTTP servers plug in here.
 */
public interface Repository {

    /** Where this repository is, for messages (e.g. {@code embedded}, a folder, a URL). */
    String location();

    /** The repository's index. */
    ZooIndex index() throws ZooException;

    /** Opens a file listed in the index; the caller verifies and closes it. */
    InputStream open(ModelEntry entry) throws ZooException;
}
