package io.ganzoo.zoo;

/**
 * A semantic version {@code major.minor.patch} (optionally with a {@code -prerelease} suffix, which sorts before the
 * release), ordered by precedence.
 */
public record Version(int major, int minor, int patch, String prerelease) implements Comparable<Version> {

    private static final String NUMBER = "(0|[1-9]\\d{0,8})";
    private static final String IDENT = "(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)";
    private static final java.util.regex.Pattern STRICT = java.util.regex.Pattern.compile(
            NUMBER + "\\." + NUMBER + "\\." + NUMBER + "(?:-(" + IDENT + "(?:\\." + IDENT + ")*))?");
    private static final java.util.regex.Pattern PREFIX =
            java.util.regex.Pattern.compile(NUMBER + "(?:\\." + NUMBER + ")?");

    /**
     * Parses a strict semantic version: {@code 1.2.3} or {@code 1.2.3-rc.1}; no leading zeros ({@code 01.0.0}), no
     * missing part ({@code 1.0}), numbers below 10^9.
     *
     * @throws IllegalArgumentException saying what a version looks like and what was found
     */
    public static Version parse(String s) {
        java.util.regex.Matcher m = s == null ? null : STRICT.matcher(s);
        if (m == null || !m.matches()) {
            // the reason of this version, not every rule at once ("without leading zeros" for 1.0.0+b1: re-test)
            String why = s == null
                    ? ""
                    : s.contains("+")
                            ? "; build metadata ('+...') is not taken: give the version without it"
                            : s.matches(".*\\d{10,}.*")
                                    ? "; each of major, minor and patch is at most " + Integer.MAX_VALUE
                                    : s.matches("(.*\\.)?0\\d.*")
                                            ? "; no leading zeros"
                                            : s.matches("\\d+(\\.\\d+)?") ? "; all three numbers" : "";
            throw new IllegalArgumentException("version: expected major.minor.patch (e.g. 1.0.0, or 1.0.0-rc.1)" + why
                    + ", found '" + Terminal.visible(s) + "'");
        }
        try {
            return new Version(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    m.group(4) == null ? "" : m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "version: each of major, minor and patch is at most " + Integer.MAX_VALUE + ", found '"
                            + Terminal.visible(s) + "'",
                    e);
        }
    }

    /**
     * Whether this version is what a reference asks for: {@code 1.2.3} exactly, or every version starting with
     * {@code 1.2} or {@code 1} (pre-releases only when asked for by their full name).
     */
    public boolean matches(String wanted) {
        String[] p = wanted.split("\\.", -1);
        if (p.length == 3 || wanted.contains("-")) {
            return equals(parse(wanted));
        }
        if (!prerelease.isEmpty()) {
            return false;
        }
        return Integer.parseInt(p[0]) == major && (p.length < 2 || Integer.parseInt(p[1]) == minor);
    }

    /** Whether {@code s} is a full version, or a prefix {@code 1} or {@code 1.2} of one. */
    public static boolean isPattern(String s) {
        return PREFIX.matcher(s).matches() || STRICT.matcher(s).matches();
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c == 0 && !prerelease.equals(o.prerelease)) {
            c = prerelease.isEmpty() ? 1 : o.prerelease.isEmpty() ? -1 : comparePrerelease(prerelease, o.prerelease);
        }
        return c;
    }

    /** Semantic versioning's rule: identifiers left to right, numeric ones as numbers and below alphanumeric ones. */
    private static int comparePrerelease(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].matches("\\d+");
            boolean ny = y[i].matches("\\d+");
            int c;
            if (nx && ny) {
                c = new java.math.BigInteger(x[i]).compareTo(new java.math.BigInteger(y[i]));
            } else if (nx || ny) {
                c = nx ? -1 : 1;
            } else {
                c = x[i].compareTo(y[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }
}
