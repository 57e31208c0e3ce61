package io.ganzoo.sdk;

import java.nio.file.Path;

/**
 * {@code SampleProcess OUT.png}: draws a 4x4 grid of the embedded fashion-dcgan in its own JVM, for the tests that
 * watch what a whole sampling process does ({@link NativeRuntimeGuardTest}).
 */
public final class SampleProcess {
    private SampleProcess() {}

    public static void main(String[] args) throws Exception {
        try (Generator g = Generator.load("fashion-dcgan")) {
            g.sample(16, 7L).grid(4).writePng(Path.of(args[0]));
        }
        System.out.println("wrote " + args[0]);
    }
}
