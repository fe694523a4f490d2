package io.cirstream.core.modelstore;

import io.cirstream.core.modelstore.ModelStoreConfig.S3Access;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A model store in an S3-compatible bucket: {@code s3://<bucket>/<prefix>/<model>/<version>/}, through the AWS SDK's
 * S3 client ({@link S3Clients} builds it: default credentials chain or a configured key, path-style and endpoint
 * override for S3-compatible servers, the project's back-off). An object is complete once its PUT (or its multipart
 * upload's completion) returns; every upload carries its SHA-256 ({@code x-amz-checksum-sha256}, per part for a
 * multipart upload), which S3 checks against the bytes it received. Weights larger than {@link
 * Tuning#multipartThreshold()} go up in parts ({@link S3Uploads}).
 */
public final class S3ModelStore implements ModelStore {

    private static final String SCHEME = "s3";

    /**
     * Sizes the store works with.
     *
     * @param pageSize keys asked for per listing page (S3 answers at most 1000)
     * @param multipartThreshold weights of more bytes than this go up as a multipart upload
     * @param partSize the size of each part but the last (S3 wants at least 5 MiB)
     */
    record Tuning(int pageSize, long multipartThreshold, int partSize) {
        static final Tuning DEFAULT = new Tuning(1000, 64L << 20, 16 << 20);
    }

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final String endpoint;
    private final Tuning tuning;

    /**
     * A store reached as {@code access} says.
     *
     * @param bucket the bucket
     * @param prefix the key prefix the store lives under (no leading or trailing slash; empty for the bucket root)
     */
    public static S3ModelStore open(S3Access access, String bucket, String prefix) {
        return new S3ModelStore(S3Clients.client(access), bucket, prefix, S3Clients.describe(access), Tuning.DEFAULT);
    }

    S3ModelStore(S3Client client, String bucket, String prefix, String endpoint, Tuning tuning) {
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix").replaceAll("^/+|/+$", "");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tuning = Objects.requireNonNull(tuning, "tuning");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket of the model store must not be blank");
        }
    }

    @Override
    public URI putFile(String modelName, String version, String fileName, Path file, String sha256) {
        String key = key(modelName, version, ModelStore.requireName("file name", fileName));
        call("put", key, () -> {
            long size = Files.size(file);
            if (size > tuning.multipartThreshold()) {
                S3Uploads.multipart(client, bucket, key, file, size, tuning.partSize());
            } else {
                client.putObject(
                        b -> b.bucket(bucket).key(key).checksumSHA256(S3Uploads.base64(sha256)),
                        RequestBody.fromFile(file));
            }
            return null;
        });
        return uri(key);
    }

    @Override
    public void putRecord(String modelName, String version, byte[] record) {
        String key = key(modelName, version, RECORD_FILE);
        call(
                "put",
                key,
                () -> client.putObject(
                        b -> b.bucket(bucket).key(key).checksumSHA256(S3Uploads.sha256Base64(record)),
                        RequestBody.fromBytes(record)));
    }

    @Override
    public List<String> versions(String modelName) {
        String modelPrefix = keyPrefix() + ModelStore.requireName("model name", modelName) + "/";
        List<String> keys = call("list", modelPrefix, () -> client
                .listObjectsV2Paginator(
                        b -> b.bucket(bucket).prefix(modelPrefix).maxKeys(tuning.pageSize()))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList());
        return keys.stream()
                .map(key -> key.substring(modelPrefix.length()))
                .filter(rest -> rest.endsWith("/" + RECORD_FILE))
                .map(rest -> rest.substring(0, rest.length() - RECORD_FILE.length() - 1))
                .filter(name -> NAME.matcher(name).matches())
                .sorted()
                .toList();
    }

    @Override
    public Optional<byte[]> record(String modelName, String version) {
        String key = key(modelName, version, RECORD_FILE);
        return call("get", key, () -> {
            try (ResponseInputStream<GetObjectResponse> in =
                    client.getObject(b -> b.bucket(bucket).key(key))) {
                byte[] bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
                if (bytes.length > MAX_RECORD_BYTES) {
                    in.abort();
                    throw new ModelStoreException(
                            describe(key) + " has more than the " + MAX_RECORD_BYTES + " bytes allowed");
                }
                return Optional.of(bytes);
            } catch (NoSuchKeyException e) {
                return Optional.<byte[]>empty();
            }
        });
    }

    @Override
    public boolean contains(URI uri) {
        return SCHEME.equals(uri.getScheme())
                && bucket.equals(uri.getHost())
                && uri.getRawPath() != null
                && !uri.getRawPath().contains("/../")
                && uri.getRawPath().startsWith("/" + keyPrefix());
    }

    @Override
    public void fetch(URI uri, Path destination, long maxBytes) {
        if (!contains(uri)) {
            throw new ModelStoreException(uri + " is not in the model store " + describe() + "; refusing to read it");
        }
        String key = uri.getPath().substring(1);
        boolean found = call("get", key, () -> {
            try (ResponseInputStream<GetObjectResponse> in =
                    client.getObject(b -> b.bucket(bucket).key(key))) {
                Long declared = in.response().contentLength();
                if (declared != null && declared > maxBytes) {
                    in.abort();
                    throw new ModelStoreException(
                            describe(key) + " has " + declared + " bytes, more than the " + maxBytes + " allowed");
                }
                copyAtMost(in, destination, maxBytes, key);
                return true;
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                // not there yet: the upload (or the store, as after a restore) may still be on its way
                return false;
            }
        });
        if (!found) {
            throw new ModelStoreUnavailableException(uri + " does not exist in the model store (yet)");
        }
    }

    @Override
    public String describe() {
        return SCHEME + "://" + bucket + "/" + prefix + " at " + endpoint;
    }

    private String key(String modelName, String version, String file) {
        return keyPrefix() + ModelStore.requireName("model name", modelName) + "/"
                + ModelStore.requireName("version", version) + "/" + file;
    }

    private String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    private URI uri(String key) {
        return URI.create(SCHEME + "://" + bucket + "/" + S3Uploads.encodePath(key));
    }

    private String describe(String key) {
        return SCHEME + "://" + bucket + "/" + key;
    }

    private void copyAtMost(ResponseInputStream<?> in, Path destination, long maxBytes, String key) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    in.abort();
                    throw new ModelStoreException(describe(key) + " has more than the " + maxBytes + " bytes allowed");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** One S3 call; its failures become the store's: a server or network failure is unavailable, the rest final. */
    private <T> T call(String operation, String key, S3Call<T> body) {
        String what = "S3 " + operation + " " + describe(key) + " on " + endpoint;
        try {
            return body.run();
        } catch (IOException e) {
            throw new ModelStoreUnavailableException(what + " failed: " + e, e);
        } catch (SdkException e) {
            throw S3Clients.failure(what, e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws IOException;
    }
}
