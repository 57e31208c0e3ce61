/**
 * Studies of the objectives beyond one training run: mode coverage on 2-D Gaussian mixtures
 * ({@link io.ganzoo.trainer.analysis.MixtureBenchmark}, {@link io.ganzoo.trainer.analysis.Mixture}) and on StackedMNIST
 * ({@link io.ganzoo.trainer.analysis.StackedMnistBenchmark}), and the pointwise dynamics of each objective
 * ({@link io.ganzoo.trainer.analysis.Dynamics}, drawn by {@link io.ganzoo.trainer.analysis.PhasePortrait}): what
 * {@code ganzoo-trainer benchmark} and {@code dynamics} reproduce for docs/evaluation.md and docs/dynamics.md.
 */
package io.ganzoo.trainer.analysis;
