package io.cirstream.query.http;

import io.cirstream.query.catalog.CatalogView;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.RankedHits;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/search}: the request read into a query, sent through the topology, its result awaited and
 * answered with the hits (and their products) or the error's HTTP status.
 */
final class SearchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SearchHandler.class);

    private final QueryGateway gateway;
    private final CatalogView catalog;
    private final SearchRequests searches;
    private final Clock clock;
    private final Duration resultTimeout;

    SearchHandler(
            QueryGateway gateway, CatalogView catalog, SearchRequests searches, Clock clock, Duration resultTimeout) {
        this.gateway = gateway;
        this.catalog = catalog;
        this.searches = searches;
        this.clock = clock;
        this.resultTimeout = resultTimeout;
    }

    void search(Context ctx) throws InterruptedException {
        ComposedQuery query = searches.read(ctx, clock.instant());
        QueryResult result;
        try {
            result = gateway.submit(query).get(resultTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(
                    504,
                    QueryErrorCode.TIMEOUT.name(),
                    "no result for query " + query.getQueryId() + " within " + resultTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            LOG.error("query {} could not be sent", query.getQueryId(), e.getCause());
            throw new ApiException(
                    503,
                    "UNAVAILABLE",
                    "the query could not be sent: " + e.getCause().getMessage());
        }
        switch (result.getOutcome()) {
            case RankedHits ranked -> ApiJson.respond(ctx, 200, ApiJson.hits(result, ranked, catalog));
            case QueryError error -> ApiJson.respond(ctx, status(error.getCode()), ApiJson.error(result, error));
            default -> throw new IllegalStateException("unknown outcome " + result.getOutcome());
        }
    }

    /** The HTTP status of an error result. */
    static int status(QueryErrorCode code) {
        return switch (code) {
            case INVALID_QUERY -> 400;
            case REFERENCE_NOT_FOUND -> 404;
            case IMAGE_UNREADABLE -> 422;
            case MODEL_UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case INTERNAL -> 500;
        };
    }
}
