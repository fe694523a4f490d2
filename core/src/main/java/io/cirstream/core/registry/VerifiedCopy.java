package io.cirstream.core.registry;

import io.cirstream.core.io.DurableFiles;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreException;
import io.cirstream.core.modelstore.ModelStoreUnavailableException;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local copy of an announced version's file, fetched from the model store (only from it: the store refuses other
 * URIs) and kept only when its SHA-256 is the announced one. A copy already in the cache with the right hash is not
 * fetched again.
 */
final class VerifiedCopy {

    private static final String PARTIAL_SUFFIX = ".partial";

    private VerifiedCopy() {}

    /**
     * The verified copy of {@code version}'s file at {@code file}.
     *
     * @throws ModelUnavailableException when it cannot be fetched now (the store unreachable, the cache unwritable)
     * @throws ModelRejectedException when the URI is invalid or not the store's, the file is missing or too large,
     *     or its hash is not the announced one
     */
    static Path fetch(ModelStore store, ModelVersion version, Path file, long maxBytes) {
        String name = version.getModelName() + " " + version.getVersion();
        URI uri;
        try {
            uri = new URI(version.getUri());
        } catch (URISyntaxException e) {
            throw new ModelRejectedException(name + " names its files at an invalid URI: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file) || !ModelBundle.sha256(file).equals(version.getSha256())) {
            download(store, name, uri, file, maxBytes);
        }
        String actual = ModelBundle.sha256(file);
        if (!actual.equals(version.getSha256())) {
            deleteQuietly(file);
            throw new ModelRejectedException(name + ": the file at " + uri + " has sha256 " + actual
                    + " but the announcement says " + version.getSha256() + " (altered or replaced file)");
        }
        return file;
    }

    private static void download(ModelStore store, String name, URI uri, Path file, long maxBytes) {
        Path partial = file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
        try {
            Files.createDirectories(file.getParent());
            store.fetch(uri, partial, maxBytes);
            DurableFiles.move(partial, file);
        } catch (ModelStoreUnavailableException e) {
            throw new ModelUnavailableException(name + ": " + e.getMessage(), e);
        } catch (ModelStoreException e) {
            throw new ModelRejectedException(name + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ModelUnavailableException(name + ": cannot cache its file in " + file.getParent() + ": " + e, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next load replaces it
        }
    }
}
