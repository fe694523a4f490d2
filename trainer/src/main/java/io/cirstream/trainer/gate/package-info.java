/** Provides the evaluation gate: candidate and serving versions side by side on the held-out set, and the decision. */
package io.cirstream.trainer.gate;
