package io.ganzoo.zoo;

import io.ganzoo.zoo.ModelException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A repository in a local folder: {@code index.json} and the files it lists, side by side. {@code zoo publish}
 * writes such folders; any static HTTP server can then serve one as an {@link HttpRepository}.
 */
public final class FolderRepository implements Repository {
    private final Path folder;

    public FolderRepository(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    @Override
    public String location() {
        return folder.toString();
    }

    @Override
    public boolean isRemote() {
        return false;
    }

    @Override
    public ZooIndex index() throws ZooException {
        Path index = folder.resolve("index.json");
        try (InputStream in = Files.newInputStream(regular(index, "index.json"))) {
            return ZooIndex.read(in, index.toString());
        } catch (NoSuchFileException e) {
            throw new ZooException(
                    Reason.ACCESS,
                    location() + ": no index.json; is this a ganzoo repository folder"
                            + " (written by 'ganzoo zoo publish')?",
                    e);
        } catch (IOException e) {
            throw new ZooException(
                    Reason.ACCESS, location() + ": cannot read index.json: " + IoErrors.describe(e, index), e);
        }
    }

    @Override
    public InputStream open(ModelEntry entry, long offset) throws ZooException {
        Path file = resolve(entry.file());
        try {
            InputStream in = Files.newInputStream(regular(file, entry.id() + "'s file '" + entry.file() + "'"));
            Streams.skip(in, offset);
            return in;
        } catch (NoSuchFileException e) {
            throw new ZooException(
                    Reason.NOT_FOUND,
                    location() + ": " + entry.id() + " lists file '" + entry.file()
                            + "' but the folder does not contain it",
                    e);
        } catch (IOException e) {
            throw new ZooException(
                    Reason.ACCESS, location() + ": cannot read " + entry.file() + ": " + IoErrors.describe(e, file), e);
        }
    }

    /**
     * {@code file} when it is a regular file itself, not a symbolic link (which could point anywhere, such as
     * /etc/passwd), a FIFO (opening it would wait for ever) or a device; checked without following links, before
     * opening. A missing file passes, for the caller's own message.
     */
    private Path regular(Path file, String what) throws ZooException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return file;
        }
        if (!a.isRegularFile()) {
            String kind = a.isSymbolicLink()
                    ? "a symbolic link"
                    : a.isDirectory() ? "a folder" : "not a regular file (a FIFO, socket or device)";
            throw new ZooException(
                    Reason.ACCESS,
                    location() + ": " + what + " is " + kind + "; a repository folder must hold its"
                            + " files themselves. Replace it with the file (ganzoo zoo publish copies models in).");
        }
        return file;
    }

    /** The path of a listed file, refusing any name that would leave the folder. */
    Path resolve(String file) throws ZooException {
        Path p = folder.resolve(file).normalize();
        if (!p.getParent().equals(folder)) {
            throw new ZooException(
                    Reason.MALFORMED,
                    location() + ": file name '" + file + "' leaves the repository folder; refusing it");
        }
        return p;
    }
}
