package io.ganzoo.zoo;

/**
 * What a person needs to know about a model before using it.
 *
 * @param title           one-line description
 * @param dataset         training data
 * @param architecture    networks, in a sentence
 * @param objective       training objective
 * @param trainingSteps   optimisation steps
 * @param trainingSeconds training wall time
 * @param recipe          the command that reproduces the model
 * @param sampleGrid      path of a sample grid in the project docs
 * @param license         license of the weights
 * @param quality         measured quality in one line (e.g. Frechet distance, KID, precision and recall in the
 *                        evaluator's feature space beside the real-data floor, with the protocol); {@code null} when
 *                        not measured
 * @param selftest        the model's reference render, which {@code ganzoo zoo selftest} draws again on the machine
 *                        it runs on; {@code null} when none was recorded
 */
public record ModelCard(
        String title,
        String dataset,
        String architecture,
        String objective,
        long trainingSteps,
        double trainingSeconds,
        String recipe,
        String sampleGrid,
        String license,
        String quality,
        Selftest selftest) {
    /**
     * A fixed reference render of a generator: its first {@code images} images of seed {@code seed} ({@link
     * ModelFormat}'s latent prior; a conditional model's labels in turn), as 8-bit pixels (each image height x width x
     * channels, images one after another), and a lossless copy of them in the repository beside the model.
     *
     * @param seed       the seed, e.g. 0
     * @param images     how many images, e.g. 16
     * @param sha256     lower-case hex SHA-256 of the pixels
     * @param file       the reference render's file in the repository: a PNG of the images stacked top to bottom
     * @param fileSha256 lower-case hex SHA-256 of that file
     * @param fileSize   its size, bytes
     */
    public record Selftest(long seed, int images, String sha256, String file, String fileSha256, long fileSize) {}

    /** A card without a reference render. */
    public ModelCard(
            String title,
            String dataset,
            String architecture,
            String objective,
            long trainingSteps,
            double trainingSeconds,
            String recipe,
            String sampleGrid,
            String license,
            String quality) {
        this(
                title,
                dataset,
                architecture,
                objective,
                trainingSteps,
                trainingSeconds,
                recipe,
                sampleGrid,
                license,
                quality,
                null);
    }

    /** This card with {@code selftest} as its reference render. */
    public ModelCard withSelftest(Selftest selftest) {
        return new ModelCard(
                title,
                dataset,
                architecture,
                objective,
                trainingSteps,
                trainingSeconds,
                recipe,
                sampleGrid,
                license,
                quality,
                selftest);
    }

    /** A card without quality figures. */
    public ModelCard(
            String title,
            String dataset,
            String architecture,
            String objective,
            long trainingSteps,
            double trainingSeconds,
            String recipe,
            String sampleGrid,
            String license) {
        this(
                title,
                dataset,
                architecture,
                objective,
                trainingSteps,
                trainingSeconds,
                recipe,
                sampleGrid,
                license,
                null);
    }
}
