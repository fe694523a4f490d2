package io.cirstream.ingest.fetch;

import io.cirstream.core.InvalidInputException;
import java.util.Objects;

/** A product image that could not be had from its URI: not allowed, unreachable, too large, or refused by the host. */
public final class ImageFetchException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** Why the image could not be fetched. */
    public enum Reason {
        /** The URI is not on the allow-list (or not a URI the fetcher accepts at all). */
        NOT_ALLOWED,
        /** The host or file could not be reached or read in time. */
        UNREACHABLE,
        /** The image is larger than the limit. */
        TOO_LARGE,
        /** The host answered, but not with the image (an HTTP error status, a redirect). */
        REFUSED
    }

    private final Reason reason;

    public ImageFetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ImageFetchException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
