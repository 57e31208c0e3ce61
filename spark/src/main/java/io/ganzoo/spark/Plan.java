package io.ganzoo.spark;

import io.ganzoo.render.Formats;
import io.ganzoo.render.OutputFormat;
import io.ganzoo.render.Renderer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every task of a render needs, sent from the driver: the run's arguments, the model (by its SHA-256 and the
 * name it was shipped under with {@code SparkContext.addFile}), and how to run it. Shard {@code s} is images
 * {@code [s * perShard, min(count, (s + 1) * perShard))}.
 *
 * @param model       the model as the driver named it ({@code fashion-dcgan@1.0.1}, or a path)
 * @param modelFile   the name the driver shipped the model's bytes under ({@code SparkFiles.get(modelFile)})
 * @param format      the {@link OutputFormat}'s name (formats are found by name on the executors)
 * @param labels      the classes image k cycles through (indices); empty: all the model's classes in turn
 * @param threads     ONNX Runtime threads per task (1: each task runs its batches whole on one thread)
 */
record Plan(
        String model,
        String modelSha256,
        String modelFile,
        long seed,
        long count,
        String format,
        ArrayList<Integer> labels,
        int perShard,
        int batchSize,
        int threads)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Number of shards (tasks). */
    int shards() {
        return (int) (count / perShard + (count % perShard == 0 ? 0 : 1));
    }

    long first(int shard) {
        return (long) shard * perShard;
    }

    long end(int shard) {
        return Math.min(count, first(shard) + perShard);
    }

    /** The output format. */
    OutputFormat outputFormat() {
        return Formats.get(format);
    }

    /**
     * The render library's description of the run, which {@link Renderer#generate} and {@link OutputFormat#sink} read:
     * the seed, the labels, and for formats that pack images the images per archive (one per shard).
     */
    Renderer.Spec spec() {
        return new Renderer.Spec(
                model,
                modelSha256,
                seed,
                count,
                format,
                List.copyOf(labels),
                0,
                1,
                outputFormat().packs() ? perShard : 0);
    }

    /** The name of shard {@code s}'s checksums: the SHA-256 of each of its files, as {@code sha256sum} writes them. */
    String checksums(int shard) {
        return SparkRender.CHECKSUMS + "/" + String.format(Locale.ROOT, "part-%09d.sha256", first(shard));
    }

    /** The name of shard {@code s}'s manifest part, which records that its files are complete. */
    String manifestPart(int shard) {
        return SparkRender.MANIFEST_PARTS + "/" + String.format(Locale.ROOT, "part-%09d.jsonl", first(shard));
    }
}
