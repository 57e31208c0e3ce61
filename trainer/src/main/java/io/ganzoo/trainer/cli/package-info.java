/** The {@code ganzoo-trainer} command line: {@code train} and {@code export}. */
package io.ganzoo.trainer.cli;
