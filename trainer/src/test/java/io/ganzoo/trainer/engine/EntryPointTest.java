package io.ganzoo.trainer.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way into PyTorch in the product's code goes through the checked {@link Torch#newManager()}. */
class EntryPointTest {
    @Test
    void noRootManagerOutsideTheEnginePackage() throws IOException {
        Path trainer = Path.of("src/main/java");
        Path bench = Path.of("../bench/src/main/java");
        assertTrue(Files.isDirectory(trainer), "run from the trainer module");
        List<String> offenders;
        try (Stream<Path> files =
                Stream.concat(Files.walk(trainer), Files.isDirectory(bench) ? Files.walk(bench) : Stream.empty())) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().replace('\\', '/').contains("io/ganzoo/trainer/engine/"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("newBaseManager("); // NDManager's or an engine's
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "use io.ganzoo.trainer.engine.Torch.newManager(), which checks the engine");
    }
}
