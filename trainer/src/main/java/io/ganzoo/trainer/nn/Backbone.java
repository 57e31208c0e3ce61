package io.ganzoo.trainer.nn;

import java.util.List;

/**
 * An architecture: the generator and discriminator layers of a GAN for an image size. One class per architecture,
 * registered by one line in {@code io.ganzoo.trainer.train.BackboneType}, which names it on the command line
 * ({@code --backbone}) and in saved configurations.
 */
public interface Backbone {

    /** Whether this architecture builds networks for images of {@code height x width}. */
    boolean supports(int height, int width);

    /** The image sizes it supports, for messages, e.g. {@code 28x28 or 64x64}. */
    String sizes();

    /**
     * The generator: a vector of {@code inputs} values (latent size, plus the classes of a conditional model) to
     * images {@code channels x height x width} in [-1, 1].
     *
     * @param ngf base width
     */
    List<Layer> generator(int inputs, int channels, int height, int width, int ngf);

    /**
     * The discriminator: images of {@code channels} (plus the label planes of a conditional model) x {@code height}
     * x {@code width} to one raw output per sample.
     *
     * @param ndf       base width
     * @param batchNorm whether to normalise its hidden layers' batches (never with gradient penalties or spectral
     *                  normalisation)
     */
    List<Layer> discriminator(int channels, int height, int width, int ndf, boolean batchNorm);
}
