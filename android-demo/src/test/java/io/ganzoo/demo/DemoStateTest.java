package io.ganzoo.demo;

import io.ganzoo.sdk.Noise;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoStateTest {
    private static final List<String> CLASSES = Arrays.asList("T-shirt/top", "Trouser", "Pullover", "Dress");

    @Test
    void theSliderGoesFromTheSmallestThresholdToOff() {
        assertEquals(Noise.MIN_TRUNCATION, DemoState.truncationAt(0));
        assertEquals(2.0f, DemoState.truncationAt(DemoState.TRUNCATION_STEPS - 1));
        assertTrue(Float.isNaN(DemoState.truncationAt(DemoState.TRUNCATION_STEPS)));
        assertThrows(IllegalArgumentException.class, () -> DemoState.truncationAt(-1));
        assertThrows(IllegalArgumentException.class, () -> DemoState.truncationAt(DemoState.TRUNCATION_STEPS + 1));
    }

    @Test
    void everySliderThresholdIsTheFloatTheCommandLineParses() {
        for (int p = 0; p < DemoState.TRUNCATION_STEPS; p++) {
            float t = DemoState.truncationAt(p);
            String decimal = String.format(Locale.ROOT, "%.2f", (p + 1) * 0.05);
            assertEquals(Float.parseFloat(decimal), t, 0f, "position " + p + " is " + decimal);
            assertEquals(t, Float.parseFloat(Float.toString(t)), 0f, "its printed form reads back");
            assertEquals(p, DemoState.positionOf(t), "and maps back to its position");
        }
        assertEquals(DemoState.TRUNCATION_STEPS, DemoState.positionOf(Float.NaN));
    }

    @Test
    void theCommandLineOfAState() {
        DemoState s = DemoState.of("fashion-cgan", 3L);
        assertEquals(
                Arrays.asList("sample", "fashion-cgan", "-n", "64", "--seed", "3", "--grid", "8"),
                s.sampleCommand(CLASSES));
        assertEquals(
                Arrays.asList(
                        "sample",
                        "fashion-cgan",
                        "-n",
                        "64",
                        "--seed",
                        "-9",
                        "--grid",
                        "8",
                        "--truncation",
                        "0.7",
                        "--label",
                        "Dress"),
                s.withSeed(-9)
                        .withTruncation(DemoState.truncationAt(13))
                        .withLabel(3)
                        .sampleCommand(CLASSES));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> s.withLabel(4).sampleCommand(CLASSES));
        assertTrue(e.getMessage().contains("has 4 classes"), e.getMessage());
    }

    @Test
    void anotherModelForgetsTheClassButKeepsSeedAndTruncation() {
        DemoState s = DemoState.of("fashion-cgan", 3L).withLabel(2).withTruncation(0.5f);
        DemoState t = s.withModel("fashion-dcgan");
        assertEquals(DemoState.CLASSES_IN_TURN, t.label());
        assertEquals(3L, t.seed());
        assertEquals(0.5f, t.truncation());
        assertEquals(s, s.withModel("fashion-cgan"));
        assertNotEquals(s, t);
        assertEquals(
                Collections.singletonList("sample"), t.sampleCommand(CLASSES).subList(0, 1));
    }

    @Test
    void outOfRangeValuesAreRefused() {
        DemoState s = DemoState.of("fashion-dcgan", 7L);
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> s.withTruncation(0.01f));
        assertTrue(low.getMessage().contains("at least 0.05"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.withTruncation(-1f));
        assertThrows(IllegalArgumentException.class, () -> s.withLabel(-2));
    }
}
