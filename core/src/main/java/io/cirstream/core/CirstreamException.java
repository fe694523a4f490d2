package io.cirstream.core;

/** Root of cirstream's own exceptions: every failure the product reports on purpose is one of these. */
public class CirstreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CirstreamException(String message) {
        super(message);
    }

    public CirstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
