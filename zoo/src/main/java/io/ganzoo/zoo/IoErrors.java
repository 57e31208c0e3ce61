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
            String why = reason(e);
            // "Not a directory" alone does not say which part of the path is the file
            if (f.getFile() != null && (e instanceof NotDirectoryException || "Not a directory".equals(why))) {
                Path inTheWay = fileInTheWay(java.nio.file.Paths.get(f.getFile()));
                if (inTheWay != null) {
                    why += " (" + inTheWay + " is a file, not a folder)";
                }
            }
            return (where == null ? "" : where + ": ") + why;
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

    /**
     * The file that stands where a folder of {@code path} should be: the nearest existing ancestor (or {@code path}
     * itself, when {@code folder} is true) that exists and is not a folder, e.g. {@code /etc/passwd} for {@code
     * /etc/passwd/cache/x}; {@code null} when there is none (the path is free to be made, or is a folder).
     */
    public static Path fileInTheWay(Path path) {
        Path p = path.toAbsolutePath().getParent();
        while (p != null && !java.nio.file.Files.exists(p)) {
            p = p.getParent();
        }
        return p != null && !java.nio.file.Files.isDirectory(p) ? p : null;
    }

    /**
     * Why {@code dir} cannot be used as a folder: the file in its way, {@code dir} itself being a file, or its
     * absence; {@code null} when it is a folder.
     */
    public static String whyNoFolder(Path dir) {
        if (java.nio.file.Files.isDirectory(dir)) {
            return null;
        }
        if (java.nio.file.Files.exists(dir)) {
            return dir + " is a file, not a folder";
        }
        Path inTheWay = fileInTheWay(dir);
        return inTheWay != null ? inTheWay + " is a file, not a folder" : "folder " + dir + " does not exist";
    }

    /**
     * Why {@code p} is a symbolic link that leads nowhere ("it is a symbolic link to /x, which does not exist"), or
     * null: making a folder or file there fails with a bare "already exists".
     */
    public static String danglingLink(Path p) {
        if (java.nio.file.Files.isSymbolicLink(p) && !java.nio.file.Files.exists(p)) {
            String broken = ModelCache.brokenLink(p); // a loop of links is said as one (it was "... does not exist")
            if (broken != null && broken.contains("loop of links")) {
                return "it is a symbolic link in a loop of links (it never reaches a file or folder)";
            }
            try {
                return "it is a symbolic link to " + java.nio.file.Files.readSymbolicLink(p) + ", which does not exist";
            } catch (IOException e) {
                return "it is a symbolic link that leads nowhere";
            }
        }
        return null;
    }
}
