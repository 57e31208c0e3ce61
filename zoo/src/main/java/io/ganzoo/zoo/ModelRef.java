package io.ganzoo.zoo;

import java.util.regex.Pattern;

/**
 * A reference to a model: {@code name} or {@code name@latest} (the newest version), {@code name@1.2.0} (exactly),
 * {@code name@1.2} or {@code name@1} (the newest 1.2.x or 1.x.y).
 *
 * @param name    lower-case letters, digits, '-', '_' and '.', starting with a letter or digit
 * @param version an exact version, or {@code null} for the newest
 */
public record ModelRef(String name, String version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern NAME_CHARS = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public ModelRef {
        // what was found is shown escaped: a name from a file's metadata may hold an escape sequence or a line break
        // (attack re-test: ESC [31m coloured the terminal, a newline broke the one-line error)
        if (name != null && name.length() > 100 && NAME_CHARS.matcher(name).matches()) {
            throw new IllegalArgumentException("model name: expected at most 100 characters, found " + name.length()
                    + " ('" + name.substring(0, 20) + "...')"); // it blamed the characters
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name: expected lower-case letters, digits, '.', '_' or '-' "
                    + "(e.g. fashion-dcgan), found '" + Terminal.visible(name) + "'");
        }
        if (version != null && !Version.isPattern(version)) {
            throw new IllegalArgumentException(
                    "version: expected major.minor.patch (e.g. 1.0.0), or 1.2 or 1 for the newest"
                            + " of those, or latest; found '" + Terminal.visible(version) + "'");
        }
    }

    /**
     * Parses {@code name} or {@code name@version}.
     *
     * @throws IllegalArgumentException saying what a reference looks like
     */
    public static ModelRef parse(String ref) {
        if (ref == null || ref.trim().isEmpty()) {
            throw new IllegalArgumentException("model reference: expected name or name@version, found nothing");
        }
        int at = ref.indexOf('@');
        if (at < 0) {
            return new ModelRef(ref.trim(), null);
        }
        String v = ref.substring(at + 1).trim();
        if (v.isEmpty() || v.equals("latest")) {
            return new ModelRef(ref.substring(0, at).trim(), null);
        }
        return new ModelRef(ref.substring(0, at).trim(), v);
    }

    @Override
    public String toString() {
        return version == null ? name : name + "@" + version;
    }
}
