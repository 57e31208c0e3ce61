/** The training loop, objectives, optimiser state, checkpoints, metrics and progress. */
package io.ganzoo.trainer.train;
