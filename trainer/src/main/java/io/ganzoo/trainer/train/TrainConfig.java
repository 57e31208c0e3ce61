package io.ganzoo.trainer.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Everything that decides a training run, with the DCGAN paper's defaults (Radford et al. 2016: Adam lr 2e-4,
 * beta1 0.5, batch 64, latent 100 standard normal, weights N(0, 0.02)) and a fixed default seed. Immutable;
 * stored in checkpoints and, as JSON, in the exported model's metadata.
 *
 * @param name            model name in the zoo, e.g. {@code fashion-dcgan}
 * @param version         model version, e.g. {@code 1.0.0}
 * @param family          GAN family, e.g. {@code dcgan}
 * @param objective       loss, e.g. {@code non-saturating}
 * @param dataset         dataset name recorded in the metadata
 * @param latentSize      size of z
 * @param ngf             generator base width
 * @param ndf             discriminator base width
 * @param batchSize       images per step
 * @param epochs          passes over the data (used when {@code steps} is 0)
 * @param steps           total steps, or 0 for {@code epochs} full passes
 * @param learningRateG   Adam learning rate of G
 * @param learningRateD   Adam learning rate of D
 * @param beta1           Adam beta1
 * @param beta2           Adam beta2
 * @param seed            seed of everything random: initial weights, data order, noise
 * @param sampleEvery     steps between sample grids; 0 means once per epoch
 * @param checkpointEvery steps between checkpoints
 */
public record TrainConfig(String name, String version, String family, String objective, String dataset,
                          int latentSize, int ngf, int ndf, int batchSize, int epochs, long steps,
                          float learningRateG, float learningRateD, float beta1, float beta2, long seed,
                          int sampleEvery, int checkpointEvery) {

    private static final Gson GSON = new GsonBuilder().create();

    public TrainConfig {
        require(latentSize > 0, "latentSize", "> 0", latentSize);
        require(ngf > 0, "ngf", "> 0", ngf);
        require(ndf > 0, "ndf", "> 0", ndf);
        require(batchSize > 0, "batchSize", "> 0", batchSize);
        require(epochs > 0 || steps > 0, "epochs or steps", "> 0", epochs);
        require(steps >= 0, "steps", ">= 0", steps);
        require(learningRateG > 0 && learningRateD > 0, "learning rates", "> 0", learningRateG + "/" + learningRateD);
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas", "in [0, 1)", beta1 + "/" + beta2);
        require(sampleEvery >= 0, "sampleEvery", ">= 0", sampleEvery);
        require(checkpointEvery > 0, "checkpointEvery", "> 0", checkpointEvery);
    }

    /** The DCGAN paper's defaults for Fashion-MNIST. */
    public static TrainConfig dcganDefaults() {
        return new TrainConfig("fashion-dcgan", "1.0.0", "dcgan", "non-saturating", "fashion-mnist/train",
                100, 64, 64, 64, 20, 0, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L, 0, 500);
    }

    /** Total steps for a dataset of {@code n} images (the last incomplete batch of an epoch is dropped). */
    public long totalSteps(int n) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch(n);
    }

    /** Full batches per epoch for a dataset of {@code n} images. */
    public int stepsPerEpoch(int n) {
        int s = n / batchSize;
        if (s == 0) {
            throw new IllegalArgumentException("dataset of " + n + " images is smaller than one batch of " + batchSize);
        }
        return s;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TrainConfig fromJson(String json) {
        return GSON.fromJson(json, TrainConfig.class);
    }

    private static void require(boolean ok, String what, String expected, Object found) {
        if (!ok) {
            throw new IllegalArgumentException(what + ": expected " + expected + ", found " + found);
        }
    }
}
