package io.ganzoo.render;

import io.ganzoo.sdk.Generator;
import io.ganzoo.sdk.ModelMetadata;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An output format of a render: how images of a run are written ({@link Sink}), how much disk they take, and what it
 * asks of a run. The built-in formats are {@link Formats#PNG}, {@link Formats#NPY} and {@link Formats#WDS}; another
 * format is one class implementing this interface plus one line naming it in
 * {@code META-INF/services/io.ganzoo.render.OutputFormat} ({@link java.util.ServiceLoader}), and then {@code ganzoo
 * render --format NAME} and the Spark job write it like the built-ins.
 */
public interface OutputFormat {
    /** The name users give ({@code --format png}): lower case, unique among the formats. */
    String name();

    /**
     * The sink for images {@code [first, end)} of {@code spec}'s run into folder {@code out}: a whole run's shard
     * ({@code spec.first()..spec.end()}), or a distributed render's task range.
     *
     * @param unit images per unit of a format that writes in units (PNG files are forced to disk a unit at a time)
     * @throws IllegalArgumentException when the range is more than the format can hold
     */
    Sink sink(Generator g, Renderer.Spec spec, long first, long end, Path out, int unit) throws IOException;

    /** About how many bytes of disk one image of a model with this metadata takes, files and their overhead included. */
    long bytesPerImage(ModelMetadata md);

    /**
     * Refuses, before anything is created, a run the format cannot hold.
     *
     * @param images the images one folder (a shard) of the run holds
     * @throws IllegalArgumentException saying what to do
     */
    default void check(long images) {}

    /** Whether the format packs images into archives of {@link Renderer.Spec#perTar} each ({@code --per-tar}). */
    default boolean packs() {
        return false;
    }

    /**
     * Whether a distributed render (the {@code spark} module) can write it: each task's range is a set of files in
     * one folder, which it publishes under {@link #publishedName}. A folder tree of small files is not.
     */
    default boolean distributable() {
        return true;
    }

    /**
     * The name a distributed render publishes a task's file under, given the name the sink wrote it as and the
     * task's first image: names that already hold the first index (tars) stay, others must be made unique.
     */
    default String publishedName(String local, long first) {
        return local;
    }
}
