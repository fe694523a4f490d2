package io.cirstream.core.store;

/**
 * The vector store did not answer (down, unreachable or too slow): the request may succeed when tried again, unlike a
 * {@link VectorStoreException} the store answered with. A service answers it as "unavailable" (HTTP 503), not as its
 * own failure.
 */
public class VectorStoreUnavailableException extends VectorStoreException {
    private static final long serialVersionUID = 1L;

    public VectorStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
