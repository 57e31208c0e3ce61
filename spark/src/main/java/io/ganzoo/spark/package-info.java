/**
 * Rendering data sets across a Spark cluster: {@link io.ganzoo.spark.SparkRender} (the API: render into any folder
 * Hadoop reaches, or a data frame of images) and {@link io.ganzoo.spark.RenderJob} (the main class for {@code
 * spark-submit}). Image k is the cli's ({@code io.ganzoo.cli.render.Renderer#generate}); tasks write the cli's tars and
 * arrays, committed whole by renaming.
 */
package io.ganzoo.spark;
