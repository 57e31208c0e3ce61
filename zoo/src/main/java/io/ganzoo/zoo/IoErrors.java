package io.ganzoo.zoo;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The one way I/O failures are said: the path that failed and the operating system's reason ("No space left on
 * device", "permission denied"), never only a path (what {@link AccessDeniedException#getMessage()} gives) nor only
 * a reason (what a failed write of a stream gives).
 */
public final class IoErrors {
    private IoErrors() {}

    /** {@code path: reason} of a failure, e.g. {@code /cache/locks/ab.lock: permission denied}. */
    public static String describe(IOException e) {
        return describe(e, null);
    }

    /**
     * {@link #describe(IOException)}, naming {@code path} when the failure itself names none (a stream's write or
     * read fails with only the reason).
     */
    public static String describe(IOException e, Path path) {
        if (e instanceof FileSystemException f) {
            String where = f.getFile() != null ? f.getFile() : path != null ? path.toString() : null;
            if (f.getOtherFile() != null) {
                where = (where == null ? "" : where) + " -> " + f.getOtherFile();
            }
            return (where == null ? "" : where + ": ") + reason(e);
        }
        String why = reason(e);
        return path == null || why.contains(path.toString()) ? why : path + ": " + why;
    }

    /** The operating system's reason alone, e.g. {@code No space left on device} or {@code permission denied}. */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NoSuchFileException) {
                return "no such file or folder";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists";
            }
            if (e instanceof NotDirectoryException) {
                return "not a folder";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return "folder not empty";
            }
            return e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
