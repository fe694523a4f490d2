/** Provides what starts a training run (new triplets, a schedule, a request) and the rule of one run at a time. */
package io.cirstream.trainer.trigger;
