/** Provides the trainer service's one validated configuration record, read from settings. */
package io.cirstream.trainer.config;
