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
        String quality) {
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
