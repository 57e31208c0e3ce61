package io.ganzoo.zoo;

/**
 * A semantic version {@code major.minor.patch} (optionally with a {@code -prerelease} suffix, which sorts before the
 * release), ordered by precedence.
 */
public record Version(int major, int minor, int patch, String prerelease) implements Comparable<Version> {

    /** Parses {@code 1.2.3} or {@code 1.2.3-rc.1}. */
    public static Version parse(String s) {
        String core = s;
        String pre = "";
        int dash = s.indexOf('-');
        if (dash >= 0) {
            core = s.substring(0, dash);
            pre = s.substring(dash + 1);
        }
        String[] p = core.split("\\.", -1);
        try {
            if (p.length == 3) {
                Version v = new Version(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), pre);
                if (v.major >= 0 && v.minor >= 0 && v.patch >= 0 && (dash < 0 || !pre.isEmpty())) {
                    return v;
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("version: expected major.minor.patch (e.g. 1.0.0), found '" + s + "'");
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
        return s.matches("\\d+(\\.\\d+)?") || s.matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
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
            c = prerelease.isEmpty() ? 1 : o.prerelease.isEmpty() ? -1 : prerelease.compareTo(o.prerelease);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }
}
