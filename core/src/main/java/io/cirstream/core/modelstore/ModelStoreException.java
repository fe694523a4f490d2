package io.cirstream.core.modelstore;

import io.cirstream.core.CirstreamException;

/** The model store cannot write, find or hand out a model's files. */
public class ModelStoreException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
