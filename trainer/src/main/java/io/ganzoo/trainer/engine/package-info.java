/**
 * The one way into DJL's PyTorch engine: {@link io.ganzoo.trainer.engine.Torch} loads it, checks its convolutions
 * against a float64 loop on this CPU, turns PyTorch's oneDNN kernels off where they compute wrong results, and refuses
 * to train where the engine is still wrong. Every trainer and benchmark entry gets its {@code NDManager} from there.
 */
package io.ganzoo.trainer.engine;
