package io.ganzoo.trainer.metrics;

import io.ganzoo.sdk.Generator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The labels a conditional generator is evaluated with keep the real images' class proportions. */
class EvaluationLabelsTest {

    static int[] counts(int[] labels, int classes) {
        int[] c = new int[classes];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    @Test
    void equalClassesAreTakenInTurnAsBefore() {
        int[] tenEach = new int[1000];
        for (int i = 0; i < tenEach.length; i++) {
            tenEach[i] = (i * 7) % 10; // in any order
        }
        for (int n : new int[] {10_000, 1000, 37, 1}) {
            assertArrayEquals(Generator.labelsInTurn(0, n, 10), Evaluation.labelsLike(tenEach, 10, n), "n " + n);
        }
    }

    @Test
    void unequalClassesKeepTheirSharesByLargestRemainder() {
        // the emoji faces' tones: 302 without a tone, 165 of each of five
        int[] tones = new int[302 + 5 * 165];
        for (int i = 302; i < tones.length; i++) {
            tones[i] = 1 + (i - 302) / 165;
        }
        int[] l = Evaluation.labelsLike(tones, 6, 1128);
        assertEquals(1128, l.length);
        int[] c = counts(l, 6);
        // 1128 * 302 / 1127 = 302.27, 1128 * 165 / 1127 = 165.15: 302 + 5 * 165 = 1127, and the one left goes to the
        // largest remainder, 0.27
        assertArrayEquals(new int[] {303, 165, 165, 165, 165, 165}, c);
        // float64 reference: each share within one of n * count / total
        for (int t = 0; t < 6; t++) {
            double exact = 1128.0 * (t == 0 ? 302 : 165) / tones.length;
            assertTrue(Math.abs(c[t] - exact) < 1, t + ": " + c[t] + " vs " + exact);
        }
        // classes take turns while they last: the first 6 are one of each
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Arrays.copyOf(l, 6));
        // a class the reference lacks gets no samples
        assertArrayEquals(new int[] {0, 2, 0, 2, 0, 2}, Evaluation.labelsLike(new int[] {2, 0}, 3, 6));
    }

    @Test
    void labelsOutsideTheModelsClassesOrNoneAreRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Evaluation.labelsLike(new int[] {0, 7}, 6, 10));
        assertTrue(e.getMessage().contains("reference label 7 is outside the generator's 6 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.labelsLike(new int[0], 6, 10));
    }
}
