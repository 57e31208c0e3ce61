package io.ganzoo.sdk;

import java.nio.file.Path;

/**
 * {@code SampleProcess OUT.png [classifier | MODEL.onnx]}: draws a 4x4 grid of the embedded fashion-dcgan in its own JVM
 * (or loads the fashion classifier, or draws 4 images of a model file), for the tests that watch what a whole sampling process does
 * ({@link NativeRuntimeGuardTest}). A {@code ModelException} is printed as its reason and message, exit 3.
 */
public final class SampleProcess {
    private SampleProcess() {}

    public static void main(String[] args) throws Exception {
        try {
            if (args.length > 1 && args[1].equals("classifier")) {
                Classifier.load("fashion-classifier").close();
            } else if (args.length > 1 && args[1].endsWith(".onnx")) {
                try (Generator g = Generator.load(Path.of(args[1]))) {
                    g.sample(4, 7L).grid(2).writePng(Path.of(args[0]));
                }
            } else {
                try (Generator g = Generator.load("fashion-dcgan")) {
                    g.sample(16, 7L).grid(4).writePng(Path.of(args[0]));
                }
            }
        } catch (io.ganzoo.zoo.ModelException e) {
            // for the tests of a runtime that cannot start: the reason and the message, on one line each
            System.out.println("ModelException " + e.reason());
            System.out.println(e.getMessage());
            System.exit(3);
        }
        System.out.println("wrote " + args[0]);
    }
}
