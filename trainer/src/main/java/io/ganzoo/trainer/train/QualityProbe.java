package io.ganzoo.trainer.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ganzoo.sdk.Classifier;
import io.ganzoo.sdk.Images;
import io.ganzoo.sdk.Noise;
import io.ganzoo.trainer.data.DatasetHash;
import io.ganzoo.trainer.data.ImageDataset;
import io.ganzoo.trainer.metrics.Evaluation;
import io.ganzoo.trainer.metrics.FeatureStats;
import io.ganzoo.trainer.metrics.StrictJson;
import io.ganzoo.zoo.ModelException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training-time quality: every {@code every} steps (and at the last step) draws {@code samples} images from G (from
 * the moving average of its weights when the run keeps one, as an export would), and scores them in an evaluator
 * classifier's feature space against a fixed real set: Frechet distance and precision/recall (k = 3), as
 * {@link Evaluation} does. Each score is a line of {@code quality.jsonl}; the checkpoint of the lowest FD so far is
 * kept in {@code best/} (with the run's data hashes), so {@code export --run RUN/best} exports the best step.
 *
 * <p>The samples use their own noise ({@link #SEED}), not the seed {@code evaluate} scores a model with, so choosing
 * the best step here does not select on the final figures' own samples (the real set is the same). FD from a
 * few thousand samples is biased upward: compare these values with each other, not with a card's.
 */
public final class QualityProbe implements TrainingListener {
    /** The log in the run folder. */
    public static final String FILE = "quality.jsonl";
    /** The folder, in the run folder, of the best step's checkpoint. */
    public static final String BEST = "best";
    /** Noise seed of the probe's samples. */
    public static final long SEED = 2;

    private final int every;
    private final int samples;
    private final Classifier classifier;
    private final ImageDataset real;
    private float[] realFeatures;
    private BufferedWriter out;
    private double best = Double.POSITIVE_INFINITY;
    private long bestStep = -1;

    /**
     * @param every      steps between probes, {@code > 0}
     * @param samples    images drawn per probe, at least {@link Evaluation#MIN_SAMPLES}
     * @param classifier the evaluator whose features are scored (owned by the caller)
     * @param real       the real images scored against
     */
    public QualityProbe(int every, int samples, Classifier classifier, ImageDataset real) {
        if (every <= 0 || samples < Evaluation.MIN_SAMPLES) {
            throw new IllegalArgumentException("quality probe: expected every > 0 steps and at least "
                    + Evaluation.MIN_SAMPLES + " samples, found " + every + " and " + samples);
        }
        this.every = every;
        this.samples = samples;
        this.classifier = classifier;
        this.real = real;
    }

    @Override
    public void onTrainingBegin(TrainingRun run) throws IOException {
        GanModel m = run.model();
        if (real.channels() != m.channels() || real.height() != m.height() || real.width() != m.width()) {
            throw new IllegalArgumentException("quality probe: the real images are " + real.channels() + "x"
                    + real.height() + "x" + real.width() + ", the model draws " + m.channels() + "x" + m.height()
                    + "x" + m.width());
        }
        try {
            realFeatures = classifier.classify(Evaluation.images(real)).features();
        } catch (ModelException e) {
            throw new IOException("quality probe: the classifier failed on the real images: " + e.getMessage(), e);
        }
        Path file = run.runDir().resolve(FILE);
        if (Files.exists(file)) { // a resumed run: the best of what is kept
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                long step;
                double fd;
                try {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    step = o.get("step").getAsLong();
                    fd = o.get("fd").isJsonNull() ? Double.NaN : o.get("fd").getAsDouble(); // never the best
                } catch (RuntimeException e) {
                    throw new IOException(file + ": not a line this probe wrote: " + line, e);
                }
                if (step <= run.startStep() && fd < best) {
                    best = fd;
                    bestStep = step;
                }
            }
        }
        out = MetricsLog.open(file, run.startStep());
    }

    @Override
    public void onBatch(TrainingRun run, StepMetrics m) throws IOException {
        if (m.step() % every == 0 || run.lastStep(m)) {
            probe(run, m);
        }
    }

    @Override
    public void onTrainingEnd(TrainingRun run) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** The step of the lowest FD so far, or -1. */
    public long bestStep() {
        return bestStep;
    }

    private void probe(TrainingRun run, StepMetrics m) throws IOException {
        long start = System.nanoTime();
        GanModel model = run.model();
        int latent = model.config().latentSize();
        float[] z = Noise.standardNormal(SEED, 0, samples, latent);
        int[] labels = model.classes() > 0 ? Evaluation.labelsLike(real.labels(), model.classes(), samples) : null;
        boolean ema = model.ema() != null;
        float[] px = ema ? model.sampleEma(z, labels, samples) : model.sample(z, labels, samples);
        float[] features;
        try {
            features = classifier
                    .classify(Images.of(px, samples, model.channels(), model.height(), model.width(), -1f, 1f))
                    .features();
        } catch (ModelException e) {
            throw new IOException("quality probe: the classifier failed: " + e.getMessage(), e);
        }
        int d = classifier.featureSize();
        double fd = FeatureStats.frechetDistance(features, samples, realFeatures, real.count(), d);
        double[] pr = FeatureStats.precisionRecall(realFeatures, real.count(), features, samples, d, Evaluation.K);
        boolean better = fd < best;
        if (better) {
            best = fd;
            bestStep = m.step();
            Path dir = run.runDir().resolve(BEST);
            Checkpoint.save(dir, new Checkpoint.Header(m.step(), m.seconds(), run.config()), run.state());
            Path hashes = run.runDir().resolve(DatasetHash.RUN_FILE);
            if (Files.exists(hashes)) {
                Files.copy(hashes, dir.resolve(DatasetHash.RUN_FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", m.step());
        line.put("weights", ema ? "ema" : "raw");
        line.put("samples", samples);
        line.put("fd", StrictJson.round(fd, 5));
        line.put("precision", StrictJson.round(pr[0], 4));
        line.put("recall", StrictJson.round(pr[1], 4));
        line.put("best", better);
        line.put("seconds", StrictJson.round(seconds, 2));
        out.write(StrictJson.line(line));
        out.newLine();
        out.flush();
        run.print(
                "quality at step %d (%s weights, %d samples): FD %.3f, precision %.3f, recall %.3f%s",
                m.step(),
                ema ? "averaged" : "raw",
                samples,
                fd,
                pr[0],
                pr[1],
                better
                        ? " (best so far; checkpoint in " + BEST + "/)"
                        : "; best FD " + String.format(Locale.ROOT, "%.3f at step %d", best, bestStep));
    }
}
