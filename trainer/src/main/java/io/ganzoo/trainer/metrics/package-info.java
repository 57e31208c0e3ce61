/**
 * Sample-quality metrics in a classifier's feature space: Frechet distance, KID and improved precision/recall
 * ({@link io.ganzoo.trainer.metrics.FeatureStats}, with the symmetric eigen-decomposition they need), and
 * {@link io.ganzoo.trainer.metrics.Evaluation}, which scores a generator against real data with them (and StackedMNIST
 * mode counts), as {@code ganzoo-trainer evaluate} prints them; {@link io.ganzoo.trainer.metrics.Memorisation} finds
 * each sample's nearest training image, to show a generator does not copy its data, and
 * {@link io.ganzoo.trainer.metrics.Exemplars} the samples nearest to chosen real images, for vector arithmetic
 * ({@code ganzoo-trainer exemplars}).
 */
package io.ganzoo.trainer.metrics;
