package io.cirstream.core.modelstore;

import java.util.Objects;
import java.util.Optional;

/**
 * An access key for S3-compatible storage, with the session token of temporary credentials (STS) if it is one.
 * {@link #toString()} never shows the secret or the token.
 *
 * @param accessKeyId the access key id (not secret; it appears in every request)
 * @param secretAccessKey the secret key that signs requests
 * @param sessionToken the session token of temporary credentials; empty for a long-term key
 */
public record S3Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key id and secret key must not be blank");
        }
        if (sessionToken.isPresent() && sessionToken.get().isBlank()) {
            throw new IllegalArgumentException("an S3 session token must not be blank");
        }
    }

    /** A long-term key (no session token). */
    public S3Credentials(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, Optional.empty());
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + (sessionToken.isPresent() ? ", sessionToken=****" : "") + "]";
    }
}
