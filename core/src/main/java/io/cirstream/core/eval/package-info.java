/** Provides evaluation of composed image retrieval: exact cosine ranking over an index, recall@K and the published protocols. */
package io.cirstream.core.eval;
