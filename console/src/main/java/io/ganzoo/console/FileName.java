package io.ganzoo.console;

import picocli.CommandLine;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The converter of every option and parameter that names a <em>file</em> (not a folder): refuses a name that ends
 * with a path separator, which {@link Path} would silently drop ({@code -o x.png/} wrote {@code x.png}; POSIX calls such
 * a name a folder), and an empty name (it meant the working folder). Use it as {@code converter = FileName.class}.
 */
public final class FileName implements CommandLine.ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
        if (value.isEmpty()) {
            throw new CommandLine.TypeConversionException("expected a file name, found ''");
        }
        if (value.equals("-")) { // wrote a file named "-" without a word (attack re-test)
            throw new CommandLine.TypeConversionException("'-' (standard input or output) is not supported here;"
                    + " give a file name (./- for a file named -)");
        }
        if (value.endsWith("/") || value.endsWith(File.separator)) {
            throw new CommandLine.TypeConversionException("expected a file name, found '" + value
                    + "', which ends with " + value.charAt(value.length() - 1) + " as a folder does; give the"
                    + " file's name without it (or a name inside that folder)");
        }
        try {
            return Paths.get(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is no file name here: " + e.getReason());
        }
    }
}
