package io.cirstream.core.registry;

import io.cirstream.core.CirstreamException;

/** An announced model version that cannot be served: its weights are missing, altered or of the wrong shape. */
public class ModelRejectedException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
