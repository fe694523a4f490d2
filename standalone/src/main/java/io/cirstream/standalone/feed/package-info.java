/** Feeding the system's topics from files: a dataset's labelled triplets onto {@code cir.triplets}. */
package io.cirstream.standalone.feed;
