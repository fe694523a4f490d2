package io.cirstream.query.search;

import io.cirstream.schemas.avro.Hit;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.QueryTimings;
import io.cirstream.schemas.avro.RankedHits;
import java.time.Instant;
import java.util.List;

/** Builds the {@link QueryResult} records: ranked hits or an error, with the timings. */
public final class QueryResults {

    private QueryResults() {}

    /** A successful answer. */
    public static QueryResult hits(
            String queryId, List<Hit> hits, String modelVersion, QueryTimings timings, Instant at) {
        return QueryResult.newBuilder()
                .setQueryId(queryId)
                .setOutcome(new RankedHits(hits, modelVersion))
                .setTimings(timings)
                .setCompletedAt(at)
                .build();
    }

    /** An error answer; {@code submittedAtMillis} may be unknown (negative) for a record that did not decode. */
    public static QueryResult error(
            String queryId, QueryErrorCode code, String message, long submittedAtMillis, Instant at) {
        long total = submittedAtMillis < 0 ? 0 : Math.max(0, at.toEpochMilli() - submittedAtMillis);
        return QueryResult.newBuilder()
                .setQueryId(queryId)
                .setOutcome(new QueryError(code, message))
                .setTimings(new QueryTimings(total, 0L, 0L, total))
                .setCompletedAt(at)
                .build();
    }
}
