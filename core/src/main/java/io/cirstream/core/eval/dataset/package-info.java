/** Provides the FashionIQ and CIRR loaders, exactly as released, and the dataset-neutral model they produce. */
package io.cirstream.core.eval.dataset;
