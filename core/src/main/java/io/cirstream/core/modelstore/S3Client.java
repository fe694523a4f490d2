package io.cirstream.core.modelstore;

import io.cirstream.core.retry.RetryBackoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A small client of the S3 protocol over {@link HttpClient}, signed with {@link SigV4Signer}: put, get, list and delete
 * objects, and create a bucket. Enough for a model store, and for any S3-compatible server (AWS, MinIO, Ceph, moto).
 * Every payload is signed with its SHA-256 ({@code x-amz-content-sha256}); AWS S3 refuses an upload whose bytes do
 * not match it (moto, the test server, does not check it; readers verify the SHA-256 of what they download anyway). Requests that fail with a
 * server error or an I/O error are retried a few times (all the operations are idempotent).
 *
 * <p>Thread-safe. Credentials never appear in messages or logs.
 */
public final class S3Client {

    /** Attempts per request before the failure is reported. */
    static final int MAX_ATTEMPTS = 3;

    private static final RetryBackoff RETRY_BACKOFF = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
    private static final int HTTP_OK_MIN = 200;
    private static final int HTTP_OK_MAX = 299;
    private static final int HTTP_NOT_FOUND = 404;
    private static final int HTTP_SERVER_ERROR = 500;
    private static final String SERVICE = "s3";
    /** S3's own page limit for listings. */
    private static final int MAX_KEYS_PER_PAGE = 1000;

    private final URI endpoint;
    private final boolean pathStyle;
    private final SigV4Signer signer;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    /**
     * @param endpoint the server, e.g. {@code https://s3.eu-west-1.amazonaws.com} or {@code http://127.0.0.1:9000}
     * @param region the signing region ({@code us-east-1} for most S3-compatible servers)
     * @param pathStyle {@code endpoint/bucket/key} (MinIO, moto) instead of {@code bucket.endpoint/key} (AWS)
     * @param credentials the access key
     * @param timeout the limit for connecting and for each request
     */
    public S3Client(URI endpoint, String region, boolean pathStyle, S3Credentials credentials, Duration timeout) {
        this(endpoint, region, pathStyle, credentials, timeout, Clock.systemUTC());
    }

    S3Client(URI endpoint, String region, boolean pathStyle, S3Credentials credentials, Duration timeout, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("S3 endpoint must be an http or https URI, got " + endpoint);
        }
        this.pathStyle = pathStyle;
        this.signer = new SigV4Signer(credentials, region, SERVICE);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Creates a bucket; one that exists and is owned by the caller is fine. */
    public void createBucket(String bucket) {
        HttpResponse<byte[]> response = send(
                "PUT",
                objectUri(bucket, ""),
                HttpRequest.BodyPublishers.noBody(),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256);
        if (!ok(response.statusCode())) {
            String error = S3Responses.error(response.body());
            if (!error.startsWith("BucketAlreadyOwnedByYou")) {
                throw failure("create bucket " + bucket, response.statusCode(), error);
            }
        }
    }

    /** Uploads a file whose SHA-256 the caller computed; the server refuses the upload if the bytes differ. */
    public void putObject(String bucket, String key, Path file, String sha256Hex) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + file + " to upload it: " + e.getMessage(), e);
        }
        expectOk("put s3://" + bucket + "/" + key, send("PUT", objectUri(bucket, key), body, Map.of(), sha256Hex));
    }

    /** Uploads small contents. */
    public void putObject(String bucket, String key, byte[] contents) {
        expectOk(
                "put s3://" + bucket + "/" + key,
                send(
                        "PUT",
                        objectUri(bucket, key),
                        HttpRequest.BodyPublishers.ofByteArray(contents),
                        Map.of(),
                        SigV4Signer.sha256Hex(contents)));
    }

    /** The contents of a small object, or empty when there is none; refuses objects over {@code maxBytes}. */
    public Optional<byte[]> getObject(String bucket, String key, int maxBytes) {
        HttpResponse<byte[]> response = send(
                "GET",
                objectUri(bucket, key),
                HttpRequest.BodyPublishers.noBody(),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256);
        if (response.statusCode() == HTTP_NOT_FOUND) {
            return Optional.empty();
        }
        expectOk("get s3://" + bucket + "/" + key, response);
        if (response.body().length > maxBytes) {
            throw new ModelStoreException("s3://" + bucket + "/" + key + " has " + response.body().length
                    + " bytes, more than the " + maxBytes + " allowed");
        }
        return Optional.of(response.body());
    }

    /**
     * Downloads an object into {@code destination} (replaced), refusing more than {@code maxBytes}.
     *
     * @return false when there is no such object
     */
    public boolean download(String bucket, String key, Path destination, long maxBytes) {
        URI uri = objectUri(bucket, key);
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> response = http.send(
                        request(
                                "GET",
                                uri,
                                HttpRequest.BodyPublishers.noBody(),
                                Map.of(),
                                SigV4Signer.EMPTY_PAYLOAD_SHA256),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    int status = response.statusCode();
                    if (status == HTTP_NOT_FOUND) {
                        return false;
                    }
                    if (!ok(status)) {
                        String error = S3Responses.error(in.readNBytes(64 * 1024));
                        if (status >= HTTP_SERVER_ERROR && attempt < MAX_ATTEMPTS) {
                            pause(attempt);
                            continue;
                        }
                        throw failure("get s3://" + bucket + "/" + key, status, error);
                    }
                    long declared = response.headers()
                            .firstValueAsLong("Content-Length")
                            .orElse(-1);
                    if (declared > maxBytes) {
                        throw new ModelStoreException("s3://" + bucket + "/" + key + " has " + declared
                                + " bytes, more than the " + maxBytes + " allowed");
                    }
                    copyAtMost(in, destination, maxBytes, "s3://" + bucket + "/" + key);
                    return true;
                }
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ModelStoreUnavailableException(
                            "cannot get s3://" + bucket + "/" + key + " from " + endpoint + ": " + e, e);
                }
                pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelStoreException("interrupted while getting s3://" + bucket + "/" + key, e);
            }
        }
    }

    /** Every key under {@code prefix}, in the server's (lexicographic) order, across as many pages as it takes. */
    public List<String> listKeys(String bucket, String prefix) {
        return listKeys(bucket, prefix, MAX_KEYS_PER_PAGE);
    }

    /** The same, asking for pages of at most {@code pageSize} keys. */
    List<String> listKeys(String bucket, String prefix, int pageSize) {
        List<String> keys = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Map<String, String> query = new TreeMap<>();
            query.put("list-type", "2");
            query.put("max-keys", Integer.toString(pageSize));
            query.put("prefix", prefix);
            token.ifPresent(t -> query.put("continuation-token", t));
            StringBuilder raw = new StringBuilder();
            query.forEach((name, value) -> raw.append(raw.isEmpty() ? "" : "&")
                    .append(SigV4Signer.encode(name, false))
                    .append('=')
                    .append(SigV4Signer.encode(value, false)));
            URI uri = URI.create(objectUri(bucket, "") + "?" + raw);
            HttpResponse<byte[]> response =
                    send("GET", uri, HttpRequest.BodyPublishers.noBody(), Map.of(), SigV4Signer.EMPTY_PAYLOAD_SHA256);
            expectOk("list s3://" + bucket + "/" + prefix, response);
            S3Responses.ListPage page = S3Responses.listPage(response.body());
            keys.addAll(page.keys());
            token = page.nextContinuationToken();
        } while (token.isPresent());
        return keys;
    }

    /** Deletes an object; a missing one is fine. */
    public void deleteObject(String bucket, String key) {
        HttpResponse<byte[]> response = send(
                "DELETE",
                objectUri(bucket, key),
                HttpRequest.BodyPublishers.noBody(),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256);
        if (response.statusCode() != HTTP_NOT_FOUND) {
            expectOk("delete s3://" + bucket + "/" + key, response);
        }
    }

    /** The endpoint requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    URI objectUri(String bucket, String key) {
        String encodedKey = SigV4Signer.encode(key, true);
        String base = endpoint.toString().replaceAll("/+$", "");
        if (pathStyle) {
            return URI.create(base + "/" + SigV4Signer.encode(bucket, false) + "/" + encodedKey);
        }
        String port = endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort();
        return URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getHost() + port + "/" + encodedKey);
    }

    private HttpResponse<byte[]> send(
            String method, URI uri, HttpRequest.BodyPublisher body, Map<String, String> headers, String sha256) {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<byte[]> response =
                        http.send(request(method, uri, body, headers, sha256), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() >= HTTP_SERVER_ERROR && attempt < MAX_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                return response;
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ModelStoreUnavailableException(
                            "S3 " + method + " " + uri.getRawPath() + " on " + endpoint + " failed: " + e, e);
                }
                pause(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelStoreException("interrupted during S3 " + method + " " + uri.getRawPath(), e);
            }
        }
    }

    private HttpRequest request(
            String method, URI uri, HttpRequest.BodyPublisher body, Map<String, String> headers, String sha256) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(timeout).method(method, body);
        signer.sign(method, uri, headers, sha256, clock.instant()).forEach(builder::header);
        return builder.build();
    }

    private static void copyAtMost(InputStream in, Path destination, long maxBytes, String what) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ModelStoreException(what + " has more than the " + maxBytes + " bytes allowed");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private void expectOk(String what, HttpResponse<byte[]> response) {
        if (!ok(response.statusCode())) {
            throw failure(what, response.statusCode(), S3Responses.error(response.body()));
        }
    }

    private ModelStoreException failure(String what, int status, String error) {
        String message = "S3 " + what + " on " + endpoint + " failed with HTTP " + status + ": " + error;
        return status >= HTTP_SERVER_ERROR
                ? new ModelStoreUnavailableException(message)
                : new ModelStoreException(message);
    }

    private static boolean ok(int status) {
        return status >= HTTP_OK_MIN && status <= HTTP_OK_MAX;
    }

    private static void pause(int attempt) {
        if (!RETRY_BACKOFF.sleep(attempt)) {
            throw new ModelStoreException("interrupted while waiting to retry an S3 request");
        }
    }
}
