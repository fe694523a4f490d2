package io.cirstream.trainer.log;

import io.cirstream.core.InvalidInputException;

/** A triplet record the trainer cannot use; it goes to the triplet dead-letter topic with this message. */
public class InvalidTripletException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidTripletException(String message) {
        super(message);
    }

    public InvalidTripletException(String message, Throwable cause) {
        super(message, cause);
    }
}
