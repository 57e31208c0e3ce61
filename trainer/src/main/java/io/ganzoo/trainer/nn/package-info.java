/** Networks described as data ({@link io.ganzoo.trainer.nn.Layer}), built as DJL blocks; the project's own transposed convolution. */
package io.ganzoo.trainer.nn;
