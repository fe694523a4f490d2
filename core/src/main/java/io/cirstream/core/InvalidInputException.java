package io.cirstream.core;

/**
 * An input that cirstream refuses: an undecodable or oversized image, an over-long caption, a feature of the wrong
 * dimension. The message names the input and the limit it broke, so the caller (or a dead-letter record) can say why.
 */
public class InvalidInputException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
