/** ONNX export of trained generators with their metadata and provenance. */
package io.ganzoo.trainer.export;
