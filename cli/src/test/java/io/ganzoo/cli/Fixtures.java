package io.ganzoo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checked-in ONNX fixtures (`src/test/resources/fixtures/`), copied to a folder so they load by path. */
final class Fixtures {
    private Fixtures() {}

    /** Copies fixture {@code name} (e.g. {@code tiny-dcgan.onnx}) into {@code dir}; returns its path. */
    static Path copy(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no test fixture /fixtures/" + name);
            }
            Files.write(p, in.readAllBytes());
        }
        return p;
    }
}
