package io.cirstream.core.model;

import io.cirstream.core.CirstreamException;

/** A model bundle that cannot be used: missing, corrupt, inconsistent, or of an unsupported format. */
public class ModelBundleException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public ModelBundleException(String message) {
        super(message);
    }

    public ModelBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
