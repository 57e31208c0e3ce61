/** Training data: the IDX reader, Fashion-MNIST, in-memory image datasets and synthetic data for dry runs. */
package io.ganzoo.trainer.data;
