package io.cirstream.core.modelstore;

import io.cirstream.core.modelstore.ModelStoreConfig.S3Access;
import io.cirstream.core.retry.RetryBackoff;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the AWS SDK's S3 client for a model store and turns its failures into the store's. Credentials: the
 * configured access key (with its session token, if any), else the SDK's default chain (environment, system
 * properties, profile, web identity / IRSA, container and instance profiles). Never shows a secret.
 */
final class S3Clients {

    /** Attempts per request before the failure is reported. */
    static final int MAX_ATTEMPTS = 3;

    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private static final int HTTP_SERVER_ERROR = 500;
    private static final int MAX_ERROR_TEXT = 300;

    private S3Clients() {}

    static S3Client client(S3Access access) {
        RetryStrategy retries = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(MAX_ATTEMPTS)
                .backoffStrategy(BACKOFF::delay)
                .throttlingBackoffStrategy(BACKOFF::delay)
                .build();
        var builder = S3Client.builder()
                .region(Region.of(access.region()))
                .forcePathStyle(access.pathStyle())
                .credentialsProvider(credentials(access))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(access.timeout())
                        .socketTimeout(access.timeout()))
                // Checksums where S3 requires them, and ours (SHA-256) on every upload: S3-compatible servers that
                // do not know the SDK's default CRC32 trailers still work.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(retries));
        access.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Where requests go, for messages: the endpoint, or AWS S3 in the region. */
    static String describe(S3Access access) {
        return access.endpoint().map(Object::toString).orElse("AWS S3 (" + access.region() + ")");
    }

    /** An SDK failure as the store's: a server error or a network failure is unavailable (try again), the rest final. */
    static ModelStoreException failure(String what, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null
                    ? "?"
                    : service.awsErrorDetails().errorCode();
            String message = service.awsErrorDetails() == null
                    ? ""
                    : service.awsErrorDetails().errorMessage();
            String text = what + " failed with HTTP " + service.statusCode() + ": " + shorten(code + ": " + message);
            return service.statusCode() >= HTTP_SERVER_ERROR
                    ? new ModelStoreUnavailableException(text, e)
                    : new ModelStoreException(text, e);
        }
        return new ModelStoreUnavailableException(what + " failed: " + shorten(String.valueOf(e.getMessage())), e);
    }

    private static AwsCredentialsProvider credentials(S3Access access) {
        return access.credentials()
                .<AwsCredentialsProvider>map(key -> {
                    AwsCredentials credentials = key.sessionToken()
                            .<AwsCredentials>map(token ->
                                    AwsSessionCredentials.create(key.accessKeyId(), key.secretAccessKey(), token))
                            .orElseGet(() -> AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
                    return StaticCredentialsProvider.create(credentials);
                })
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }
}
