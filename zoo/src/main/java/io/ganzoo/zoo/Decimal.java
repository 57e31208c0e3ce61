package io.ganzoo.zoo;

/**
 * Whole numbers as people type them: ASCII digits {@code 0-9} with an optional sign. {@link Integer#parseInt} also takes
 * the digits of every other script ({@code -n ４}, fullwidth, or Arabic-Indic {@code ٣}), which look like other text
 * and which nothing else in a command line, an index or a setting would read as a number.
 */
public final class Decimal {
    private Decimal() {}

    /**
     * @throws NumberFormatException when {@code s} is not {@code [+-]?[0-9]+} or is out of the int range
     */
    public static int parseInt(String s) {
        return Integer.parseInt(ascii(s));
    }

    /**
     * @throws NumberFormatException when {@code s} is not {@code [+-]?[0-9]+} or is out of the long range
     */
    public static long parseLong(String s) {
        return Long.parseLong(ascii(s));
    }

    /** Whether {@code s} is written as a whole number ({@code [+-]?[0-9]+}), whatever its size. */
    public static boolean isWhole(String s) {
        try {
            ascii(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String ascii(String s) {
        if (s == null) {
            throw new NumberFormatException("null");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || i == 0 && (c == '-' || c == '+') && s.length() > 1)) {
                throw new NumberFormatException("For input string: \"" + s + "\"");
            }
        }
        return s;
    }
}
