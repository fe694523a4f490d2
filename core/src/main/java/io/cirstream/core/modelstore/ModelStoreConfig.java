package io.cirstream.core.modelstore;

import io.cirstream.core.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where model versions are stored and read, the same for the trainer, the query service and the CLI.
 *
 * @param location a directory ({@code file:} URI) or a bucket and prefix ({@code s3://bucket/prefix})
 * @param s3 how to reach the bucket, for an {@code s3:} location
 * @param maxWeightBytes the largest weights file a reader downloads
 */
public record ModelStoreConfig(URI location, Optional<S3Access> s3, long maxWeightBytes) {

    /** A directory path, a {@code file:} URI or {@code s3://bucket/prefix}. */
    public static final String LOCATION = "cirstream.model-store.uri";

    public static final String S3_ENDPOINT = "cirstream.model-store.s3.endpoint";
    public static final String S3_REGION = "cirstream.model-store.s3.region";
    public static final String S3_PATH_STYLE = "cirstream.model-store.s3.path-style";
    public static final String S3_ACCESS_KEY_ID = "cirstream.model-store.s3.access-key-id";
    public static final String S3_SECRET_ACCESS_KEY = "cirstream.model-store.s3.secret-access-key";
    public static final String S3_SESSION_TOKEN = "cirstream.model-store.s3.session-token";
    public static final String S3_TIMEOUT = "cirstream.model-store.s3.timeout";
    public static final String MAX_WEIGHT_BYTES = "cirstream.model-store.max-weight-bytes";

    public static final Path DEFAULT_DIRECTORY = Path.of("data", "models");
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_S3_TIMEOUT = Duration.ofMinutes(5);

    /** 4 GiB: an RN50x4 Combiner is 236 MB in float32, an RN50 one about 600 MB. */
    public static final long DEFAULT_MAX_WEIGHT_BYTES = 4L << 30;

    /**
     * How to reach an S3-compatible server.
     *
     * @param endpoint an S3-compatible server; empty: AWS S3 in the region, as the SDK resolves it
     * @param region the signing region
     * @param pathStyle {@code endpoint/bucket/key} addressing (MinIO and most S3-compatible servers)
     * @param credentials the access key; empty: the AWS SDK's default credentials chain (environment, system
     *     properties, profile, web identity / IRSA, container and instance profiles)
     * @param timeout the limit for connecting and for each wait on the server
     */
    public record S3Access(
            Optional<URI> endpoint,
            String region,
            boolean pathStyle,
            Optional<S3Credentials> credentials,
            Duration timeout) {
        public S3Access {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(timeout, "timeout");
        }

        /** What {@code --check} prints: the endpoint or AWS, and the key id but never a secret. */
        @Override
        public String toString() {
            return "S3Access[endpoint=" + endpoint.map(URI::toString).orElse("AWS S3 (" + region + ")")
                    + ", region=" + region + ", pathStyle=" + pathStyle + ", credentials="
                    + credentials.map(S3Credentials::toString).orElse("the AWS default credentials chain")
                    + ", timeout=" + timeout + "]";
        }
    }

    public ModelStoreConfig {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(s3, "s3");
        if (!"file".equals(location.getScheme()) && !"s3".equals(location.getScheme())) {
            throw new IllegalArgumentException(
                    LOCATION + " must be a directory or an s3://bucket/prefix URI, got " + location);
        }
        if ("s3".equals(location.getScheme()) && s3.isEmpty()) {
            throw new IllegalArgumentException("an s3 model store needs its S3 access (endpoint, region, credentials)");
        }
        if (maxWeightBytes < 1) {
            throw new IllegalArgumentException(MAX_WEIGHT_BYTES + " must be >= 1, got " + maxWeightBytes);
        }
    }

    /** A directory store. */
    public static ModelStoreConfig directory(Path directory) {
        return new ModelStoreConfig(directory.toAbsolutePath().toUri(), Optional.empty(), DEFAULT_MAX_WEIGHT_BYTES);
    }

    /** The store the settings name; {@code data/models} when none is set. */
    public static ModelStoreConfig from(Settings settings) {
        String raw = settings.string(LOCATION, DEFAULT_DIRECTORY.toString());
        URI location = raw.startsWith("s3://") || raw.startsWith("file:")
                ? URI.create(raw)
                : Path.of(raw).toAbsolutePath().toUri();
        long maxBytes = settings.longValue(MAX_WEIGHT_BYTES, DEFAULT_MAX_WEIGHT_BYTES);
        if (!"s3".equals(location.getScheme())) {
            return new ModelStoreConfig(location, Optional.empty(), maxBytes);
        }
        String region = settings.string(S3_REGION, DEFAULT_REGION);
        Optional<URI> endpoint = settings.optionalString(S3_ENDPOINT).map(URI::create);
        endpoint.ifPresent(uri -> {
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(S3_ENDPOINT + " must be an http or https URI, got " + uri);
            }
        });
        Optional<String> keyId = settings.optionalString(S3_ACCESS_KEY_ID);
        Optional<String> secret = settings.secret(S3_SECRET_ACCESS_KEY).map(Settings.Secret::reveal);
        Optional<String> token = settings.secret(S3_SESSION_TOKEN).map(Settings.Secret::reveal);
        if (keyId.isPresent() != secret.isPresent() || (token.isPresent() && keyId.isEmpty())) {
            throw new IllegalArgumentException("set both " + S3_ACCESS_KEY_ID + " and " + S3_SECRET_ACCESS_KEY
                    + " (and " + S3_SESSION_TOKEN + " for temporary credentials), or none of them for the AWS"
                    + " default credentials chain");
        }
        Optional<S3Credentials> credentials = keyId.map(id -> new S3Credentials(id, secret.orElseThrow(), token));
        return new ModelStoreConfig(
                location,
                Optional.of(new S3Access(
                        endpoint,
                        region,
                        settings.bool(S3_PATH_STYLE, false),
                        credentials,
                        settings.duration(S3_TIMEOUT, DEFAULT_S3_TIMEOUT))),
                maxBytes);
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return List.of(
                LOCATION,
                S3_ENDPOINT,
                S3_REGION,
                S3_PATH_STYLE,
                S3_ACCESS_KEY_ID,
                S3_SECRET_ACCESS_KEY,
                S3_SESSION_TOKEN,
                S3_TIMEOUT,
                MAX_WEIGHT_BYTES);
    }

    /** The configured store. */
    public ModelStore open() {
        if ("file".equals(location.getScheme())) {
            return new DirectoryModelStore(Path.of(location));
        }
        S3Access access = s3.orElseThrow();
        String bucket = location.getHost();
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(LOCATION + " " + location + " names no bucket");
        }
        String prefix = location.getPath() == null ? "" : location.getPath();
        return S3ModelStore.open(access, bucket, prefix);
    }
}
