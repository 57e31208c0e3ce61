/**
 * The model zoo: a versioned index of generator files ({@code name@version}), each checked by SHA-256 before it is
 * handed out, resolved from repositories in order (the models on the class path, a folder, an HTTP server) through a
 * cache that never holds an unverified file. The default zoo reads the models artifact ({@code ganzoo-models}) on the
 * class path, so it works offline.
 */
package io.ganzoo.zoo;
