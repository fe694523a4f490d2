package io.cirstream.ingest.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * How images given by URI are fetched.
 *
 * @param allowList which URIs may be fetched at all
 * @param maxBytes the largest image fetched; a longer body is cut off and refused
 * @param connectTimeout how long to wait for a connection to an image host
 * @param timeout how long one fetch may take in all, body included
 * @param concurrency how many images are fetched at once
 */
public record FetchConfig(
        UriAllowList allowList, long maxBytes, Duration connectTimeout, Duration timeout, int concurrency) {

    /** The most fetches at once that the configuration accepts. */
    public static final int MAX_CONCURRENCY = 256;

    public FetchConfig {
        Objects.requireNonNull(allowList, "allowList");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("fetch maxBytes must be >= 1, got " + maxBytes);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "fetch timeouts must be positive, got connect " + connectTimeout + " and total " + timeout);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException(
                    "fetch concurrency must be 1.." + MAX_CONCURRENCY + ", got " + concurrency);
        }
    }
}
