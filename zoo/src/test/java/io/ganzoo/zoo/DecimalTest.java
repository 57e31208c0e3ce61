package io.ganzoo.zoo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Whole numbers in ASCII digits only: the digits of other scripts were numbers to Integer.parseInt (re-test). */
class DecimalTest {
    @Test
    void asciiNumbersParseAsJavaDoesAndOtherScriptsDigitsAreRefused() {
        for (String s : new String[] {"0", "7", "-3", "+12", "2147483647", "-2147483648", "007"}) {
            assertEquals(Integer.parseInt(s), Decimal.parseInt(s), s);
            assertEquals(Long.parseLong(s), Decimal.parseLong(s), s);
        }
        assertEquals(Long.MAX_VALUE, Decimal.parseLong("9223372036854775807"));
        for (String s : new String[] {
            "\uff14", "\u0663", "1\u0968", "", "-", "+", " 1", "1 ", "1e3", "0x10", "--1", "2147483648", null
        }) {
            assertThrows(NumberFormatException.class, () -> Decimal.parseInt(s), String.valueOf(s));
        }
        assertEquals(4, Integer.parseInt("\uff14"), "the JDK's own reading, which this refuses");
        assertThrows(NumberFormatException.class, () -> Decimal.parseLong("9223372036854775808"));
    }
}
