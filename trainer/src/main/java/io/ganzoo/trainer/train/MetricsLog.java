package io.ganzoo.trainer.train;

import io.ganzoo.trainer.metrics.StrictJson;
import io.ganzoo.zoo.AtomicFiles;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-step training metrics as JSON lines ({@code metrics.jsonl} in the run folder): step, epoch, both losses, mean
 * D(x) and mean D(G(z)) (as probabilities), D's and G's gradient norms, ADA's overfitting heuristic {@code rt}
 * (left out when the objective has none), the augmentation probability {@code augmentP} of the step (left out
 * without augmentation; it moves when adaptive, {@link AdaptiveAugment}) and elapsed seconds; valid JSON on every line, a loss that became NaN or
 * infinite written as {@code null} and named in {@code "nonFinite"} ({@link StrictJson}). Each line is flushed
 * with its step, so the file always holds every step up to the last checkpoint.
 */
final class MetricsLog implements TrainingListener {
    static final String FILE = "metrics.jsonl";
    private BufferedWriter out;

    @Override
    public void onTrainingBegin(TrainingRun run) throws IOException {
        out = open(run.runDir().resolve(FILE), run.startStep());
    }

    @Override
    public void onBatch(TrainingRun run, StepMetrics m) throws IOException {
        write(m);
        out.flush();
    }

    @Override
    public void onTrainingEnd(TrainingRun run) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /**
     * Opens a JSON-lines log for appending, first dropping lines whose {@code "step"} is past {@code keepUpToStep} (steps a killed run logged after
     * its last checkpoint, which the resumed run will redo).
     */
    static BufferedWriter open(Path file, long keepUpToStep) throws IOException {
        if (Files.exists(file)) {
            List<String> kept = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int i = line.indexOf("\"step\":");
                if (i < 0) {
                    continue;
                }
                int j = i + 7;
                int k = j;
                while (k < line.length() && Character.isDigit(line.charAt(k))) {
                    k++;
                }
                if (k > j && Long.parseLong(line.substring(j, k)) <= keepUpToStep) {
                    kept.add(line);
                }
            }
            AtomicFiles.write(
                    file, (String.join("\n", kept) + (kept.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
        }
        return Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void write(StepMetrics m) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", m.step());
        line.put("epoch", m.epoch());
        line.put("lossD", m.lossD());
        line.put("lossG", m.lossG());
        line.put("dReal", m.dReal());
        line.put("dFake", m.dFake());
        line.put("gradD", m.gradD());
        line.put("gradG", m.gradG());
        if (!Float.isNaN(m.rt())) {
            line.put("rt", m.rt());
        }
        if (!Float.isNaN(m.augmentP())) {
            line.put("augmentP", m.augmentP());
        }
        line.put("seconds", StrictJson.round(m.seconds(), 3));
        out.write(StrictJson.line(line));
        out.newLine();
    }
}
