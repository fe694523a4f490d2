package io.cirstream.core.registry;

/**
 * An announced version whose weights could not be fetched now (the model store unreachable or not yet showing them,
 * the local cache not writable): nothing is wrong with the version itself, and the {@link ModelRegistry} tries again.
 */
public class ModelUnavailableException extends ModelRejectedException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
