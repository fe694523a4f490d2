/** Provides the on-disk cache of image and caption features, keyed by encoder and by content checksum. */
package io.cirstream.core.eval.cache;
