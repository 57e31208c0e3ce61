/** The {@code ganzoo} command line: sampling generators and, later, managing the zoo. */
package io.ganzoo.cli;
