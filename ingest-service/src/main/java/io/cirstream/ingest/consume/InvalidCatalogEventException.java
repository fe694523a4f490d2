package io.cirstream.ingest.consume;

import io.cirstream.core.InvalidInputException;

/** A catalogue record that decodes but breaks the catalogue's rules: a missing key, a field out of range. */
public final class InvalidCatalogEventException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidCatalogEventException(String message) {
        super(message);
    }
}
