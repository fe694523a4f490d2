/** Provides the evaluation of composed image retrieval: exact ranking, recall and the published protocols. */
package io.cirstream.core.eval;
