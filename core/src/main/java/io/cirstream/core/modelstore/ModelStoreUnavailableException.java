package io.cirstream.core.modelstore;

/**
 * The model store could not give a file now: unreachable, failing, or not (yet) showing a file that was announced.
 * Unlike the other {@link ModelStoreException}s (a refusal: outside the store, too large) trying again may succeed.
 */
public class ModelStoreUnavailableException extends ModelStoreException {
    private static final long serialVersionUID = 1L;

    public ModelStoreUnavailableException(String message) {
        super(message);
    }

    public ModelStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
