/**
 * ONNX export and import: {@link io.ganzoo.trainer.export.OnnxExporter} writes a network as an ONNX graph (the
 * inference form: BatchNorm folded, polyphase upsampling; or one node per layer), {@link
 * io.ganzoo.trainer.export.GeneratorExport} and {@link io.ganzoo.trainer.export.ClassifierExport} add the model's
 * metadata and provenance ({@link io.ganzoo.zoo.ModelFormat}'s keys, the training-data hashes), and {@link
 * io.ganzoo.trainer.export.OnnxImporter} reads a ganzoo generator back into DJL (reexport, benchmarks).
 */
package io.ganzoo.trainer.export;
