package io.cirstream.query.search;

import io.cirstream.schemas.avro.QueryErrorCode;
import java.util.Objects;

/** Why a query gets an error result instead of hits: a code for machines and a message safe to show the client. */
public final class QueryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final QueryErrorCode code;

    public QueryFailure(QueryErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public QueryFailure(QueryErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The error code of the result. */
    public QueryErrorCode code() {
        return code;
    }

    /** A query that breaks a rule of the contract (caption, k, filters, ids). */
    static QueryFailure invalid(String message) {
        return new QueryFailure(QueryErrorCode.INVALID_QUERY, message);
    }
}
