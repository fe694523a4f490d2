package io.cirstream.trainer.log;

import io.cirstream.core.CirstreamException;

/** The training log cannot be read or written. */
public class TrainingLogException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public TrainingLogException(String message) {
        super(message);
    }

    public TrainingLogException(String message, Throwable cause) {
        super(message, cause);
    }
}
