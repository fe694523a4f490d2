package io.cirstream.core.modelstore;

import java.util.Objects;

/**
 * An access key for S3-compatible storage. {@link #toString()} never shows the secret.
 *
 * @param accessKeyId the access key id (not secret; it appears in every request)
 * @param secretAccessKey the secret key that signs requests
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {

    public S3Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("S3 access key id and secret key must not be blank");
        }
    }

    @Override
    public String toString() {
        return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
    }
}
