package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;
import java.io.IOException;
import java.io.InputStream;

/**
 * Models shipped inside a jar, under a resource folder holding {@code index.json} and the files it lists. The
 * default one is {@code io/ganzoo/zoo/embedded/} in the zoo jar: it works with no network and no cache.
 */
public final class EmbeddedRepository implements Repository {
    /** Resource folder of the models embedded in the zoo jar. */
    public static final String DEFAULT_FOLDER = "io/ganzoo/zoo/embedded/";

    private final ClassLoader loader;
    private final String folder;
    private volatile ZooIndex index;

    /** The models embedded in the zoo jar. */
    public EmbeddedRepository() {
        this(EmbeddedRepository.class.getClassLoader(), DEFAULT_FOLDER);
    }

    /**
     * @param folder resource folder, ending with '/'
     */
    public EmbeddedRepository(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    @Override
    public String location() {
        return "embedded:" + folder;
    }

    @Override
    public ZooIndex index() throws ZooException {
        ZooIndex i = index;
        if (i == null) {
            InputStream in = loader.getResourceAsStream(folder + "index.json");
            if (in == null) {
                throw new ZooException(Reason.NOT_FOUND, location() + ": no index.json on the classpath; is the ganzoo-zoo jar complete?");
            }
            try (in) {
                i = ZooIndex.read(in, location() + "index.json");
            } catch (IOException e) {
                throw new ZooException(Reason.ACCESS, location() + ": cannot read index.json: " + e.getMessage(), e);
            }
            index = i;
        }
        return i;
    }

    @Override
    public InputStream open(ModelEntry entry, long offset) throws ZooException {
        InputStream in = loader.getResourceAsStream(folder + entry.file());
        if (in == null) {
            throw new ZooException(Reason.NOT_FOUND, location() + ": " + entry.id() + " lists file '" + entry.file()
                    + "' but the jar does not contain it");
        }
        try {
            Streams.skip(in, offset);
        } catch (IOException e) {
            throw new ZooException(Reason.ACCESS, location() + ": cannot read " + entry.file() + ": " + e.getMessage(), e);
        }
        return in;
    }
}
