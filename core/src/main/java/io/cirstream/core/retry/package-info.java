/** Provides the project's one exponential back-off, {@link io.cirstream.core.retry.RetryBackoff}. */
package io.cirstream.core.retry;
