package io.cirstream.query.search;

import io.cirstream.schemas.avro.QueryResult;

/** Hears every answer of the engine (for metrics). */
public interface QueryListener {
    QueryListener NONE = (result, nanos) -> {};

    /** {@code result} was produced in {@code nanos} of the engine's own time. */
    void answered(QueryResult result, long nanos);
}
