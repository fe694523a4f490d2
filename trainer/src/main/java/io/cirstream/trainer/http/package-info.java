/** Provides the trainer's HTTP routes: request a run, follow its progress, read its report. */
package io.cirstream.trainer.http;
