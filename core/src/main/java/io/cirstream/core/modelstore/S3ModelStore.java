package io.cirstream.core.modelstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model store in an S3-compatible bucket: {@code s3://<bucket>/<prefix>/<model>/<version>/}. An object is complete
 * once its PUT returns (S3 writes are atomic per object and durable on acknowledgement); every upload is signed with its
 * SHA-256, which AWS S3 checks against the bytes it received.
 */
public final class S3ModelStore implements ModelStore {

    private static final String SCHEME = "s3";

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    /**
     * @param client the S3 client
     * @param bucket the bucket
     * @param prefix the key prefix the store lives under (no leading or trailing slash; empty for the bucket root)
     */
    public S3ModelStore(S3Client client, String bucket, String prefix) {
        this.client = Objects.requireNonNull(client, "client");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = Objects.requireNonNull(prefix, "prefix").replaceAll("^/+|/+$", "");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the S3 bucket of the model store must not be blank");
        }
    }

    @Override
    public URI putFile(String modelName, String version, String fileName, Path weights, String sha256) {
        String key = key(modelName, version, ModelStore.requireName("file name", fileName));
        client.putObject(bucket, key, weights, sha256);
        return uri(key);
    }

    @Override
    public void putRecord(String modelName, String version, byte[] record) {
        client.putObject(bucket, key(modelName, version, RECORD_FILE), record);
    }

    @Override
    public List<String> versions(String modelName) {
        String modelPrefix = keyPrefix() + ModelStore.requireName("model name", modelName) + "/";
        return client.listKeys(bucket, modelPrefix).stream()
                .map(key -> key.substring(modelPrefix.length()))
                .filter(rest -> rest.endsWith("/" + RECORD_FILE))
                .map(rest -> rest.substring(0, rest.length() - RECORD_FILE.length() - 1))
                .filter(name -> NAME.matcher(name).matches())
                .sorted()
                .toList();
    }

    @Override
    public Optional<byte[]> record(String modelName, String version) {
        return client.getObject(bucket, key(modelName, version, RECORD_FILE), MAX_RECORD_BYTES);
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
        if (!client.download(bucket, key, destination, maxBytes)) {
            throw new ModelStoreUnavailableException(uri + " does not exist in the model store (yet)");
        }
    }

    @Override
    public String describe() {
        return SCHEME + "://" + bucket + "/" + prefix + " at " + client.endpoint();
    }

    private String key(String modelName, String version, String file) {
        return keyPrefix() + ModelStore.requireName("model name", modelName) + "/"
                + ModelStore.requireName("version", version) + "/" + file;
    }

    private String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    private URI uri(String key) {
        return URI.create(SCHEME + "://" + bucket + "/" + SigV4Signer.encode(key, true));
    }
}
