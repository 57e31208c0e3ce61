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
 * @param optimizer       {@code adam} or {@code rmsprop} (both networks)
 * @param criticSteps     D updates per G update (5 for WGAN)
 * @param clip            clip D's weights to [-clip, clip] after each update (WGAN); 0 for none
 * @param gpWeight        lambda of the WGAN-GP penalty on interpolates; 0 for none
 * @param r1r2Gamma       gamma of R3GAN's gamma/2 (R1 + R2) penalty; 0 for none
 */
public record TrainConfig(String name, String version, String family, String objective, String dataset,
                          int latentSize, int ngf, int ndf, int batchSize, int epochs, long steps,
                          float learningRateG, float learningRateD, float beta1, float beta2, long seed,
                          int sampleEvery, int checkpointEvery, String optimizer, int criticSteps, float clip,
                          float gpWeight, float r1r2Gamma) {

    /** GAN families the trainer builds. */
    public static final java.util.List<String> FAMILIES = java.util.List.of("dcgan", "cgan", "wgan", "rpgan");

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
        require(optimizer.equals("adam") || optimizer.equals("rmsprop"), "optimizer", "adam or rmsprop", optimizer);
        require(criticSteps > 0, "criticSteps", "> 0", criticSteps);
        require(clip >= 0 && gpWeight >= 0 && r1r2Gamma >= 0, "clip, gpWeight, r1r2Gamma", ">= 0",
                clip + "/" + gpWeight + "/" + r1r2Gamma);
        require(FAMILIES.contains(family), "family", "one of " + FAMILIES, family);
    }

    /**
     * The papers' defaults for a family on Fashion-MNIST:
     * <ul>
     *   <li>{@code dcgan}: non-saturating loss, Adam 2e-4 (0.5, 0.999), BatchNorm in D (Radford et al. 2016);</li>
     *   <li>{@code cgan}: the same, class-conditional (Mirza and Osindero 2014): G sees z and a one-hot label,
     *       D sees the image and the label as constant planes;</li>
     *   <li>{@code wgan} with {@code gp}: Wasserstein loss, 5 critic steps, lambda 10, Adam 1e-4 (0, 0.9)
     *       (Gulrajani et al. 2017); with {@code clip}: clip 0.01, RMSProp 5e-5 (Arjovsky et al. 2017);</li>
     *   <li>{@code rpgan}: relativistic pairing loss with gamma/2 (R1 + R2), Adam 2e-4 (0, 0.99) as in R3GAN.</li>
     * </ul>
     *
     * @param lipschitz {@code gp} or {@code clip}; used by {@code wgan} only
     */
    public static TrainConfig defaults(String family, String lipschitz) {
        TrainConfig d = dcganDefaults();
        return switch (family) {
            case "dcgan" -> d;
            case "cgan" -> new TrainConfig("fashion-cgan", d.version, "cgan", d.objective, d.dataset, d.latentSize, d.ngf,
                    d.ndf, d.batchSize, d.epochs, d.steps, d.learningRateG, d.learningRateD, d.beta1, d.beta2, d.seed,
                    d.sampleEvery, d.checkpointEvery, d.optimizer, d.criticSteps, d.clip, d.gpWeight, d.r1r2Gamma);
            case "wgan" -> lipschitz.equals("clip")
                    ? d.with("fashion-wgan-clip", "wasserstein", 5e-5f, 5e-5f, 0f, 0.9f, "rmsprop", 5, 0.01f, 0f, 0f)
                    : d.with("fashion-wgan", "wasserstein", 1e-4f, 1e-4f, 0f, 0.9f, "adam", 5, 0f, 10f, 0f);
            case "rpgan" -> d.with("fashion-rpgan", "relativistic", 2e-4f, 2e-4f, 0f, 0.99f, "adam", 1, 0f, 0f, 0.1f);
            default -> throw new IllegalArgumentException("family: expected one of " + FAMILIES + ", found " + family);
        };
    }

    private TrainConfig with(String name, String objective, float lrG, float lrD, float b1, float b2, String opt,
                             int critic, float clip, float gp, float gamma) {
        String fam = objective.equals("wasserstein") ? "wgan" : objective.equals("relativistic") ? "rpgan" : family;
        return new TrainConfig(name, version, fam, objective, dataset, latentSize, ngf, ndf, batchSize, epochs, steps,
                lrG, lrD, b1, b2, seed, sampleEvery, checkpointEvery, opt, critic, clip, gp, gamma);
    }

    /** Whether G and D are class-conditional. */
    public boolean conditional() {
        return family.equals("cgan");
    }

    /** Whether D uses BatchNorm (not with gradient penalties, whose input gradient must be per sample). */
    public boolean discriminatorBatchNorm() {
        return gpWeight == 0 && r1r2Gamma == 0 && clip == 0;
    }

    /** The DCGAN paper's defaults for Fashion-MNIST. */
    public static TrainConfig dcganDefaults() {
        return new TrainConfig("fashion-dcgan", "1.0.0", "dcgan", "non-saturating", "fashion-mnist/train",
                100, 64, 64, 64, 20, 0, 2e-4f, 2e-4f, 0.5f, 0.999f, 7L, 0, 500, "adam", 1, 0f, 0f, 0f);
    }

    /**
     * Total G steps for a dataset of {@code n} images. An epoch is a pass over the data in D batches, so with
     * {@code criticSteps} D updates per G step an epoch has {@code stepsPerEpoch / criticSteps} G steps.
     */
    public long totalSteps(int n) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch(n) / criticSteps;
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
