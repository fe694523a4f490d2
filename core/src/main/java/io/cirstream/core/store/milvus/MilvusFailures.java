package io.cirstream.core.store.milvus;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.store.VectorStoreException;
import io.cirstream.core.store.VectorStoreUnavailableException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;

/**
 * How the store classifies a failed Milvus call: unreachable (retry later: {@link VectorStoreUnavailableException}) or
 * answered ({@link VectorStoreException}).
 */
final class MilvusFailures {

    private MilvusFailures() {}

    /** Whether the call failed for want of an answer (the server is down or slow), not with an answer. */
    static boolean unreachable(RuntimeException e) {
        return e instanceof MilvusClientException client
                && (client.getErrorCode() == ErrorCode.RPC_ERROR || client.getErrorCode() == ErrorCode.TIMEOUT);
    }

    static VectorStoreException failure(String what, RuntimeException e) {
        if (e instanceof VectorStoreException vse) {
            return vse;
        }
        if (e instanceof InvalidInputException iie) {
            throw iie;
        }
        if (unreachable(e)) {
            return new VectorStoreUnavailableException(what + ": Milvus did not answer (" + e.getMessage() + ")", e);
        }
        return new VectorStoreException(what + ": " + e.getMessage(), e);
    }
}
