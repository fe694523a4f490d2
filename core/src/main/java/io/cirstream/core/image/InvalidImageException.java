package io.cirstream.core.image;

import io.cirstream.core.InvalidInputException;

/**
 * An image cirstream refuses: empty, too large, of an unknown format, truncated or corrupt. The message names the
 * image and the limit or the fault.
 */
public class InvalidImageException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
