/**
 * Training and evaluation data held in memory as unsigned bytes ({@link io.ganzoo.trainer.data.ImageDataset}): the IDX
 * reader, Fashion-MNIST, MNIST and StackedMNIST, the emoji of npm emoji-datasource
 * ({@link io.ganzoo.trainer.data.Emoji}), folders of JPEG/PNG images, synthetic rectangles for dry runs, the datasets
 * known by name ({@link io.ganzoo.trainer.data.Datasets}); and how the networks read them: pixels scaled to [-1, 1]
 * ({@link io.ganzoo.trainer.data.Pixels}) in a shuffled order ({@link io.ganzoo.trainer.data.Shuffle}).
 */
package io.ganzoo.trainer.data;
