package io.cirstream.query.topology;

import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.QueryResult;

/** Answers one decoded query; never throws: a failure is an error result (the query engine). */
@FunctionalInterface
public interface QueryAnswerer {

    /** The result of the query read under record key {@code key}. */
    QueryResult answer(String key, ComposedQuery query);
}
