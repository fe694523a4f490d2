package io.cirstream.core.modelstore;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where model versions' files live: a directory ({@link DirectoryModelStore}) or S3-compatible object storage
 * ({@link S3ModelStore}). A version is {@code <model>/<version>/} holding the weights and the version's record; the
 * record is written last, so a version without one is incomplete (a crash mid-publication) and is never listed.
 *
 * <p>Readers fetch weights by the URI a {@link io.cirstream.schemas.avro.ModelVersion} names, and only from the store
 * they are configured with: {@link #fetch} refuses any other URI, so an announcement cannot make a reader download
 * from an arbitrary place.
 */
public interface ModelStore {

    /** Model names and versions become path segments: letters, digits, dot, dash, underscore, up to 128. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** The weights file of a version. */
    String WEIGHTS_FILE = "combiner.safetensors";

    /** The record of a version (a {@code ModelVersion} as JSON); its presence marks the version complete. */
    String RECORD_FILE = "version.json";

    /** The largest version record read back. */
    int MAX_RECORD_BYTES = 1 << 20;

    /**
     * Stores the weights file of a version durably and returns its URI. The caller computed the file's SHA-256; the
     * store checks what it wrote against it where it can (the directory store re-reads its copy; AWS S3 checks the signed payload hash).
     */
    default URI putWeights(String modelName, String version, Path weights, String sha256) {
        return putFile(modelName, version, WEIGHTS_FILE, weights, sha256);
    }

    /**
     * Stores a file of a version under {@code fileName} (a model bundle's archive, for example) durably and returns
     * its URI, checked as {@link #putWeights} checks the weights.
     */
    URI putFile(String modelName, String version, String fileName, Path file, String sha256);

    /** Stores the record of a version durably, which makes the version complete. */
    void putRecord(String modelName, String version, byte[] record);

    /** The complete versions of a model (those with a record), sorted by name. */
    List<String> versions(String modelName);

    /** The record of a version, if it is complete. */
    Optional<byte[]> record(String modelName, String version);

    /** Whether {@code uri} names a file of this store. */
    boolean contains(URI uri);

    /**
     * Copies the weights at {@code uri} into {@code destination} (replacing it).
     *
     * @throws ModelStoreException when the URI is not this store's, the file is missing, or it is over
     *     {@code maxBytes}
     */
    void fetch(URI uri, Path destination, long maxBytes);

    /** Where the store is, for messages and health details (no credentials). */
    String describe();

    /** {@code value} if it is a valid model or version name, else an exception naming it. */
    static String requireName(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value
                    + "' is not valid: use 1 to 128 of [A-Za-z0-9._-], starting with a letter or" + " digit");
        }
        return value;
    }
}
