/**
 * The GAN objectives ({@link io.ganzoo.trainer.loss.Objective}: minimax, non-saturating, Wasserstein, relativistic
 * pairing, hinge; each also says how D's outputs are shown and how the health monitor judges them) and the penalties
 * on the discriminator's input gradient ({@link io.ganzoo.trainer.loss.GradientPenalty}: R1, R2, WGAN-GP), as DJL
 * keeps its losses in {@code ai.djl.training.loss}. Pure functions of D's outputs and input gradients: the loop that
 * applies them is {@code io.ganzoo.trainer.train.GanStep}.
 */
package io.ganzoo.trainer.loss;
