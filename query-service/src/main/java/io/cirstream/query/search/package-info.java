/** Provides the answer to one composed query: validation, reference features, text features through a bounded cache, micro-batched composition with the Combiner, the negative modifier and the filtered search. */
package io.cirstream.query.search;
