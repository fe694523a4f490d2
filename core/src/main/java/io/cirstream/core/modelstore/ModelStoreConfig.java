package io.cirstream.core.modelstore;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
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

    public static final Path DEFAULT_DIRECTORY = Path.of("data", "models");
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_S3_TIMEOUT = Duration.ofMinutes(5);

    /** 4 GiB: an RN50x4 Combiner is 236 MB in float32, an RN50 one about 600 MB. */
    public static final long DEFAULT_MAX_WEIGHT_BYTES = 4L << 30;

    /** A directory path, a {@code file:} URI or {@code s3://bucket/prefix}. */
    public static final ConfigKey<String> LOCATION = ConfigKey.of("cirstream.model-store.uri", ConfigKey.STRING)
            .withDefault(DEFAULT_DIRECTORY.toString())
            .doc("where model versions are stored: a directory, a `file:` URI, or `s3://bucket/prefix`");

    public static final ConfigKey<URI> S3_ENDPOINT = ConfigKey.of(
                    "cirstream.model-store.s3.endpoint", ConfigKey.URI_TYPE)
            .check(new ConfigKey.Check<>(
                    "an http or https URI", uri -> "http".equals(uri.getScheme()) || "https".equals(uri.getScheme())))
            .shownDefault("AWS S3 in the region")
            .doc("an S3-compatible server (MinIO: `http://minio:9000`)");
    public static final ConfigKey<String> S3_REGION = ConfigKey.of("cirstream.model-store.s3.region", ConfigKey.STRING)
            .withDefault(DEFAULT_REGION)
            .doc("the region (and SigV4 signing region)");
    public static final ConfigKey<Boolean> S3_PATH_STYLE = ConfigKey.of(
                    "cirstream.model-store.s3.path-style", ConfigKey.BOOLEAN)
            .withDefault(false)
            .doc("`endpoint/bucket/key` addressing (MinIO and most S3-compatible servers)");
    public static final ConfigKey<String> S3_ACCESS_KEY_ID = ConfigKey.of(
                    "cirstream.model-store.s3.access-key-id", ConfigKey.STRING)
            .shownDefault("(none: the AWS default credentials chain)")
            .doc("the access key");
    public static final ConfigKey<Settings.Secret> S3_SECRET_ACCESS_KEY = ConfigKey.of(
                    "cirstream.model-store.s3.secret-access-key", ConfigKey.SECRET)
            .shownDefault("(with the key id)")
            .doc("the secret key (never logged)");
    public static final ConfigKey<Settings.Secret> S3_SESSION_TOKEN = ConfigKey.of(
                    "cirstream.model-store.s3.session-token", ConfigKey.SECRET)
            .doc("the session token of temporary credentials (never logged)");
    public static final ConfigKey<Duration> S3_TIMEOUT = ConfigKey.of(
                    "cirstream.model-store.s3.timeout", ConfigKey.DURATION)
            .withDefault(DEFAULT_S3_TIMEOUT)
            .doc("the limit for connecting and for each wait on the server");
    public static final ConfigKey<Long> MAX_WEIGHT_BYTES = ConfigKey.of(
                    "cirstream.model-store.max-weight-bytes", ConfigKey.BYTES)
            .withDefault(DEFAULT_MAX_WEIGHT_BYTES)
            .check(ConfigKey.Check.atLeast(1))
            .doc("the largest weights file a reader downloads");

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
        MAX_WEIGHT_BYTES.check(maxWeightBytes);
    }

    /** A directory store. */
    public static ModelStoreConfig directory(Path directory) {
        return new ModelStoreConfig(directory.toAbsolutePath().toUri(), Optional.empty(), DEFAULT_MAX_WEIGHT_BYTES);
    }

    /** The store the settings name; {@code data/models} when none is set. */
    public static ModelStoreConfig from(Settings settings) {
        String raw = LOCATION.read(settings);
        URI location = raw.startsWith("s3://") || raw.startsWith("file:")
                ? URI.create(raw)
                : Path.of(raw).toAbsolutePath().toUri();
        long maxBytes = MAX_WEIGHT_BYTES.read(settings);
        if (!"s3".equals(location.getScheme())) {
            return new ModelStoreConfig(location, Optional.empty(), maxBytes);
        }
        String region = S3_REGION.read(settings);
        Optional<URI> endpoint = S3_ENDPOINT.readOptional(settings);
        Optional<String> keyId = S3_ACCESS_KEY_ID.readOptional(settings);
        Optional<String> secret = S3_SECRET_ACCESS_KEY.readOptional(settings).map(Settings.Secret::reveal);
        Optional<String> token = S3_SESSION_TOKEN.readOptional(settings).map(Settings.Secret::reveal);
        if (keyId.isPresent() != secret.isPresent() || (token.isPresent() && keyId.isEmpty())) {
            throw new IllegalArgumentException("set both " + S3_ACCESS_KEY_ID + " and " + S3_SECRET_ACCESS_KEY
                    + " (and " + S3_SESSION_TOKEN + " for temporary credentials), or none of them for the AWS"
                    + " default credentials chain");
        }
        Optional<S3Credentials> credentials = keyId.map(id -> new S3Credentials(id, secret.orElseThrow(), token));
        return new ModelStoreConfig(
                location,
                Optional.of(new S3Access(
                        endpoint, region, S3_PATH_STYLE.read(settings), credentials, S3_TIMEOUT.read(settings))),
                maxBytes);
    }

    /** The declarations of every key {@link #from(Settings)} reads, in table order. */
    public static List<ConfigKey<?>> declared() {
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

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
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
