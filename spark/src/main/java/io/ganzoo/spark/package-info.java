/**
 * Rendering data sets across a Spark cluster: {@link io.ganzoo.spark.SparkRender} (the API: render into any folder
 * Hadoop reaches, or a data frame of images) and {@link io.ganzoo.spark.RenderJob} (the main class for {@code
 * spark-submit}), on the render library {@code ganzoo render} also runs on ({@link io.ganzoo.render}): image k is
 * {@link io.ganzoo.render.Renderer#generate}'s, and tasks write the tars and arrays of its
 * {@link io.ganzoo.render.OutputFormat}s, committed whole by renaming.
 */
package io.ganzoo.spark;
