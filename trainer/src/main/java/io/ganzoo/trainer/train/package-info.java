/**
 * Training: the GAN loop ({@link io.ganzoo.trainer.train.GanTrainer}, one D and G update in
 * {@link io.ganzoo.trainer.train.GanStep}) and what follows a run as a
 * {@link io.ganzoo.trainer.train.TrainingListener} (metrics log, divergence check, health monitor, diversity, sample
 * grids, checkpoints, progress); the configuration ({@link io.ganzoo.trainer.train.TrainConfig}: a builder, the
 * families' presets, and the choices {@link io.ganzoo.trainer.train.Family},
 * {@link io.ganzoo.trainer.train.ObjectiveType}, {@link io.ganzoo.trainer.train.Lipschitz},
 * {@link io.ganzoo.trainer.train.OptimizerType} under their wire names); the model, optimisers with checkpointable
 * state, and the trainer of the evaluator classifiers ({@link io.ganzoo.trainer.train.ClassifierTrainer}).
 */
package io.ganzoo.trainer.train;
