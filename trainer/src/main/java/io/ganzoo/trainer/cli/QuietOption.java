package io.ganzoo.trainer.cli;

import picocli.CommandLine.Option;

import java.io.PrintStream;

/** {@code -q}: no progress output; shared by the commands that train or score. */
final class QuietOption {
    @Option(names = "-q", description = "no progress output")
    boolean quiet;

    /** Where progress goes: standard error, or {@code null} with {@code -q}. */
    PrintStream log() {
        return quiet ? null : System.err;
    }
}
