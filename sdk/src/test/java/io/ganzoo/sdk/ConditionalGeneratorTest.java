package io.ganzoo.sdk;

import io.ganzoo.zoo.ModelException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Uses {@code fixtures/tiny-cgan.onnx}: a conditional DCGAN-28 (latent 8, 4 classes) exported by the trainer after 8
 * dry-run steps, with inputs {@code z} and {@code label}.
 */
class ConditionalGeneratorTest {
    @TempDir
    static Path dir;

    static Generator cgan;
    static Generator plain;

    @BeforeAll
    static void load() throws Exception {
        cgan = Generator.load(copy("tiny-cgan.onnx"));
        plain = Generator.load(copy("tiny-dcgan.onnx"));
    }

    static Path copy(String name) throws Exception {
        return Fixtures.copy(dir, name);
    }

    @AfterAll
    static void close() throws ModelException {
        cgan.close();
        plain.close();
    }

    @Test
    void classNamesComeFromTheMetadata() {
        assertTrue(cgan.isConditional());
        assertFalse(plain.isConditional());
        assertEquals(List.of("top-left", "top-right", "bottom-left", "bottom-right"), cgan.classes());
        assertEquals(2, cgan.label("bottom-left"));
        assertEquals(2, cgan.label("Bottom-Left"));
        assertEquals(3, cgan.label("3"));
    }

    /** render writes a class's images under its name with '_' for ' ' (Ankle_boot): that name is the class too. */
    @Test
    void renderFolderNamesNameTheirClass() throws Exception {
        try (Generator fashion = Generator.load("fashion-cgan")) {
            assertEquals(fashion.label("Ankle boot"), fashion.label("Ankle_boot"));
            assertEquals(fashion.label("T-shirt/top"), fashion.label("t-shirt/top"));
        }
    }

    @Test
    void theLabelChangesTheImageAndTheSeedFixesIt() throws ModelException {
        Images a = cgan.sample(4, 5L, 1);
        Images b = cgan.sample(4, 5L, 1);
        Images c = cgan.sample(4, 5L, 2);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.bytes(i), b.bytes(i));
            assertFalse(Arrays.equals(a.floats(i), c.floats(i)), "same z, other label, other image " + i);
        }
        // sample(labels, seed): image k has latent k and labels[k]
        Images mixed = cgan.sample(new int[] {0, 1, 2, 1}, 5L);
        assertArrayEquals(a.floats(1), mixed.floats(1));
        assertArrayEquals(a.floats(3), mixed.floats(3));
        // no label: classes in turn
        Images turn = cgan.sample(4, 5L);
        assertArrayEquals(mixed.floats(1), turn.floats(1));
        assertArrayEquals(c.floats(2), turn.floats(2));
    }

    @Test
    void labelMistakesAreClearErrors() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> cgan.sample(2, 1L, 4));
        assertTrue(
                range.getMessage().contains("label 4 is out of range")
                        && range.getMessage().contains("0..3"),
                range.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> cgan.label("middle"));
        assertTrue(
                name.getMessage().contains("no such class") && name.getMessage().contains("top-left"),
                name.getMessage());
        IllegalArgumentException unconditional =
                assertThrows(IllegalArgumentException.class, () -> plain.sample(2, 1L, 0));
        assertTrue(
                unconditional.getMessage().contains("is unconditional: it takes no label"), unconditional.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cgan.generate(new float[8], 1));
        assertThrows(IllegalArgumentException.class, () -> cgan.sample(new int[] {0, -1}, 1L));
    }
}
