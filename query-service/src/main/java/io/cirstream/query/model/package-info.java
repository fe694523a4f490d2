/** Provides the Combiner versions a query instance serves: built, warmed up and swapped atomically as the model registry verifies them. */
package io.cirstream.query.model;
