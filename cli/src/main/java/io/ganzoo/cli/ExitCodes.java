package io.ganzoo.cli;

/** Exit codes of the {@code ganzoo} command, documented in its help. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Bad arguments (picocli's usage errors use this too). */
    public static final int USAGE = 2;
    /** The model is unknown, fails its checksum or is not a ganzoo generator. */
    public static final int MODEL = 3;
    /** A file could not be read or written. */
    public static final int IO = 4;
    /** An unexpected internal error; run with -v and report it. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
