/**
 * Sample GAN generators on the JVM and Android with ONNX Runtime: {@link io.ganzoo.sdk.Generator} loads a model
 * from the zoo or a file and draws {@link io.ganzoo.sdk.Images}; {@link io.ganzoo.sdk.Picture} encodes PNGs with no
 * {@code java.awt}. No DJL, no Python.
 */
package io.ganzoo.sdk;
