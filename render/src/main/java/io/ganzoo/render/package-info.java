/**
 * Rendering many images of a generator into files, deterministically and resumably: image k of a run is a function of
 * (model, seed, k, label) only ({@link io.ganzoo.render.Renderer#generate}), written by an
 * {@link io.ganzoo.render.OutputFormat} (png, npy, WebDataset, or one registered through {@link java.util.ServiceLoader})
 * into a folder held by a lock, with a manifest that lists exactly what is complete. The {@code ganzoo render} command
 * and the Spark job ({@code io.ganzoo.spark}) both sit on this package.
 */
package io.ganzoo.render;
