package io.ganzoo.console;

import io.ganzoo.zoo.ModelException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of both command lines, {@code ganzoo} and {@code ganzoo-trainer}: one table, listed in each one's
 * {@code --help} (the codes it can return) and in README.md. A {@link ModelException} maps by its
 * {@link ModelException#reason() reason}; an exception that knows its code implements {@link Carrier}.
 */
public enum ExitCode {
    /** Success. */
    OK(0, "success"),
    /** Bad arguments, settings or input data; picocli's own usage errors use this code too. */
    USAGE(2, "bad arguments, settings or input data (the message says which)"),
    /** {@link ModelException.Reason#NOT_FOUND}. */
    MODEL_NOT_FOUND(3, "model unknown: no such name, version or file"),
    /** A file could not be read or written. */
    IO(4, "a file could not be read or written (the message names it)"),
    /**
     * {@link ModelException.Reason#CHECKSUM}, {@code MALFORMED}, {@code WRONG_KIND}, {@code UNSUPPORTED},
     * {@code OUTPUT}.
     */
    MODEL_UNUSABLE(
            5,
            "model corrupt, failing its checksum, not of the kind asked for, not supported by this build, or drawing"
                    + " NaN/infinite values"),
    /** PyTorch cannot run, or computes wrong results, on this machine (trainer only). */
    ENGINE(6, "PyTorch cannot run, or computes wrong results, on this machine (ganzoo-trainer check)"),
    /** {@link ModelException.Reason#ACCESS}. */
    REPOSITORY(7, "a repository, the model cache or a model file could not be reached or read"),
    /** {@link ModelException.Reason#DEVICE}. */
    DEVICE(8, "the device asked for cannot be used (--cpu-fallback runs on the CPU instead)"),
    /** Training diverged (trainer only). */
    DIVERGED(9, "training diverged (the last good checkpoint is kept)"),
    /** Anything unexpected, {@link ModelException.Reason#RUNTIME}, or out of memory. */
    INTERNAL(70, "internal error, ONNX Runtime failure or out of memory (run with -v and report it)");

    /** An exception that says which exit code it ends a command with. */
    public interface Carrier {
        /** The code a command that fails with this exception exits with. */
        ExitCode exitCode();
    }

    private final int code;
    private final String description;

    ExitCode(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The process exit status, 0..255. */
    public int code() {
        return code;
    }

    /** One line for {@code --help} and the README. */
    public String description() {
        return description;
    }

    /** The code of a model failure's reason. */
    public static ExitCode of(ModelException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> MODEL_NOT_FOUND;
            case CHECKSUM, MALFORMED, WRONG_KIND, UNSUPPORTED, OUTPUT -> MODEL_UNUSABLE;
            case ACCESS -> REPOSITORY;
            case DEVICE -> DEVICE;
            case RUNTIME -> INTERNAL;
        };
    }

    /**
     * The code a command that failed with {@code e} exits with: the exception's own ({@link Carrier}), its model
     * failure's reason, {@link #IO} for I/O errors, {@link #USAGE} for {@link IllegalArgumentException} and
     * {@link IllegalStateException} (a caller's mistake or a state the caller can change, such as a run folder that
     * already holds a checkpoint), {@link #INTERNAL} for anything else. An unchecked wrapper of a model or I/O failure
     * maps as its cause.
     */
    public static ExitCode of(Throwable e) {
        // 1. A failure that knows its code, or a model failure, decides wherever it is in the chain of unchecked
        //    wrappers (UncheckedModelException, CompletionException, an IllegalStateException around a zoo failure).
        int depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof Carrier c) {
                return c.exitCode();
            }
            if (t instanceof ModelException m) {
                return of(m.reason());
            }
            if (!(t instanceof RuntimeException) || t.getCause() == t) {
                break;
            }
        }
        // 2. Otherwise the failure itself: an IllegalArgumentException or IllegalStateException is the thrower's
        // verdict
        //    whatever caused it (a record that would not parse carries Gson's IOException); a plain wrapper is looked
        //    through to an I/O failure.
        depth = 0;
        for (Throwable t = e; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return IO;
            }
            if (t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
                return USAGE;
            }
            if (!(t instanceof RuntimeException) || t.getCause() == t) {
                break;
            }
        }
        return INTERNAL;
    }

    /** The help's "Exit codes:" list of {@code codes}, in table order. */
    public static Map<String, String> helpList(ExitCode... codes) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            for (ExitCode wanted : codes) {
                if (wanted == c) {
                    m.put(Integer.toString(c.code), c.description);
                }
            }
        }
        // not codes a command returns, but what the shell sees when the JVM is stopped (Console's shutdown line)
        if (!m.isEmpty()) {
            m.put(
                    "129, 130, 143",
                    "stopped by SIGHUP (the terminal closed), SIGINT (Ctrl-C) or SIGTERM; one line says"
                            + " what is kept and how to go on");
        }
        return m;
    }
}
