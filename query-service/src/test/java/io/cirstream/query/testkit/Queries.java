package io.cirstream.query.testkit;

import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.ProductReference;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryFilters;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.RankedHits;
import java.nio.ByteBuffer;
import java.time.Instant;

/** Composed queries and reading results, for tests. */
public final class Queries {

    private Queries() {}

    /** A query for product {@code productId} changed by {@code caption}, k hits. */
    public static ComposedQuery.Builder byProduct(String queryId, String productId, String caption, int k) {
        return ComposedQuery.newBuilder()
                .setQueryId(queryId)
                .setReference(new ProductReference(productId))
                .setCaption(caption)
                .setK(k)
                .setFilters(QueryFilters.newBuilder().build())
                .setSubmittedAt(Instant.now());
    }

    /** A query for an uploaded image changed by {@code caption}, k hits. */
    public static ComposedQuery.Builder byImage(String queryId, byte[] image, String caption, int k) {
        return byProduct(queryId, "unused", caption, k).setReference(ByteBuffer.wrap(image));
    }

    /** The hits of a result; fails if it is an error. */
    public static RankedHits hits(QueryResult result) {
        if (result.getOutcome() instanceof RankedHits hits) {
            return hits;
        }
        throw new AssertionError("expected hits for " + result.getQueryId() + ", got " + result.getOutcome());
    }

    /** The error of a result; fails if it has hits. */
    public static QueryError error(QueryResult result) {
        if (result.getOutcome() instanceof QueryError error) {
            return error;
        }
        throw new AssertionError("expected an error for " + result.getQueryId() + ", got " + result.getOutcome());
    }

    /** The error code of a result, or null for hits. */
    public static QueryErrorCode code(QueryResult result) {
        return result.getOutcome() instanceof QueryError error ? error.getCode() : null;
    }
}
