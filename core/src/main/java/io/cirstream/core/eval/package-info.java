/** Provides evaluation of composed image retrieval: exact cosine ranking over an index and recall@K. */
package io.cirstream.core.eval;
