package io.cirstream.core.kafka;

import io.cirstream.core.CirstreamException;

/** A dead letter could not be written: the original record must not be committed. */
public final class DeadLetterException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public DeadLetterException(String message, Throwable cause) {
        super(message, cause);
    }
}
