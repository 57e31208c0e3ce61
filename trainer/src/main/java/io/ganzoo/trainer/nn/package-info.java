/**
 * Networks described as data ({@link io.ganzoo.trainer.nn.Layer}, residual blocks included), built as DJL blocks; the
 * architectures ({@link io.ganzoo.trainer.nn.Backbone}: DCGAN and ResNet); the project's own transposed convolution
 * and spectral normalisation.
 */
package io.ganzoo.trainer.nn;
