/**
 * The model zoo: a versioned index of generator files ({@code name@version}), each checked by SHA-256 before it is
 * handed out, resolved from repositories in order. The default zoo holds the models embedded in this jar, so it
 * works offline.
 */
package io.ganzoo.zoo;
