/**
 * The {@code ganzoo-trainer} command line (picocli): {@code train}, {@code export}, {@code classifier},
 * {@code evaluate}, {@code exemplars}, {@code benchmark mixtures|stacked-mnist}, {@code dynamics}, {@code reexport} and
 * {@code check}, with the options some of them share as mixins. Commands parse and check their options and call the
 * other packages; the work itself is done there.
 */
package io.ganzoo.trainer.cli;
