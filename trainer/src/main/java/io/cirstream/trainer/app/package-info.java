/** Provides the trainer service: one training run end to end, its report, metrics, wiring and {@code main}. */
package io.cirstream.trainer.app;
