package io.ganzoo.cli;

import io.ganzoo.zoo.IoErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output paths checked before any work, with the words the write would fail with after it: a file whose folder does
 * not exist or runs through a file ({@code -o /etc/passwd/x.png} said only "Not a directory", after the images were
 * drawn), a folder that is a file or lies under one ({@code --each /etc/passwd/d}).
 */
final class OutputPaths {
    private OutputPaths() {}

    /**
     * @throws IOException naming the file and what stands in its way (exit 4, as the write itself would be)
     */
    static void checkFile(Path out) throws IOException {
        if (out == null) {
            return; // an empty name never gets here: the options that name a file refuse it (console.FileName)
        }
        Path dir = out.toAbsolutePath().getParent();
        String why = dir == null ? null : IoErrors.whyNoFolder(dir);
        if (why != null) {
            throw new IOException("cannot write " + out + ": " + why);
        }
    }

    /**
     * @throws IOException when {@code dir} is a file or a file stands where one of its folders should be
     */
    static void checkFolder(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        if (dir.toString().isEmpty()) {
            throw new IllegalArgumentException("expected a folder name, found ''");
        }
        String dangling = IoErrors.danglingLink(dir);
        if (dangling != null) {
            throw new IOException("cannot write into " + dir + ": " + dangling);
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException("cannot write into " + dir + ": it is a file, not a folder");
        }
        Path inTheWay = IoErrors.fileInTheWay(dir);
        if (inTheWay != null) {
            throw new IOException("cannot write into " + dir + ": " + inTheWay + " is a file, not a folder");
        }
    }
}
