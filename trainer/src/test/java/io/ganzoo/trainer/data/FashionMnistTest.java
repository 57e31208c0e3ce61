package io.ganzoo.trainer.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real dataset as Debian's dataset-fashion-mnist installs it (CI installs it; see .ci/run). */
class FashionMnistTest {

    @Test
    void trainAndTestSplitsHaveTheirPublishedSizesAndBalancedClasses() throws IOException {
        assumeTrue(
                Files.isDirectory(FashionMnist.DEFAULT_DIR) || System.getenv("CI") != null,
                "dataset-fashion-mnist not installed: apt-get install dataset-fashion-mnist");
        ImageDataset train = FashionMnist.train(FashionMnist.DEFAULT_DIR);
        ImageDataset test = FashionMnist.test(FashionMnist.DEFAULT_DIR);
        assertEquals(60_000, train.count());
        assertEquals(10_000, test.count());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        int[] perClass = new int[10];
        for (int l : train.labels()) {
            perClass[l]++;
        }
        for (int c = 0; c < 10; c++) {
            assertEquals(6_000, perClass[c], "training images of class " + FashionMnist.CLASSES.get(c));
        }
        long sum = 0;
        for (byte b : train.pixels()) {
            sum += b & 0xff;
        }
        // Fashion-MNIST's published mean pixel intensity is 0.2860 (of 255).
        assertEquals(0.2860, sum / (255.0 * train.pixels().length), 0.0005);
    }
}
