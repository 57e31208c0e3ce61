/**
 * The {@code ganzoo} command line (an application: no library depends on it): sampling generators ({@code sample},
 * {@code interpolate}, {@code walk}, {@code arithmetic}), rendering data sets ({@code render}, on the {@code
 * io.ganzoo.render} library), reading an image's provenance ({@code info}) and managing the zoo ({@code zoo list,
 * info, pull, verify, publish, selftest, ...}).
 */
package io.ganzoo.cli;
