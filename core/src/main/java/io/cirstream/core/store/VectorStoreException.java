package io.cirstream.core.store;

import io.cirstream.core.CirstreamException;

/** A vector store could not do what was asked: its storage failed, or the collection named does not exist. */
public class VectorStoreException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public VectorStoreException(String message) {
        super(message);
    }

    public VectorStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
