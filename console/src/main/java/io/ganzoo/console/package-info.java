/**
 * What the two command lines, {@code ganzoo} (module cli) and {@code ganzoo-trainer} (module trainer), share: one
 * exit-code table ({@link io.ganzoo.console.ExitCode}, mapped from {@link io.ganzoo.zoo.ModelException} reasons),
 * one way to start, report errors and exit ({@link io.ganzoo.console.Console}), and the progress display of long
 * jobs ({@link io.ganzoo.console.Progress}). Depends on the zoo and picocli only.
 */
package io.ganzoo.console;
