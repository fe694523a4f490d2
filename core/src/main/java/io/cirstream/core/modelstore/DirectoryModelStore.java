package io.cirstream.core.modelstore;

import io.cirstream.core.io.DurableFiles;
import io.cirstream.core.model.ModelBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The default model store: a local (or mounted) directory, {@code <root>/<model>/<version>/}. Files are copied in
 * beside their final name, forced to disk and moved into place atomically, and the directory entries are forced too.
 */
public final class DirectoryModelStore implements ModelStore {

    private static final String PARTIAL_SUFFIX = ".partial";

    private final Path root;

    public DirectoryModelStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    @Override
    public URI putFile(String modelName, String version, String fileName, Path weights, String sha256) {
        Path destination = versionDir(modelName, version).resolve(ModelStore.requireName("file name", fileName));
        Path partial = destination.resolveSibling(fileName + PARTIAL_SUFFIX);
        try {
            Files.createDirectories(destination.getParent());
            DurableFiles.syncDirectory(destination.getParent().getParent());
            Files.copy(weights, partial, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.force(partial);
            String written = ModelBundle.sha256(partial);
            if (!written.equals(sha256)) {
                throw new ModelStoreException("the copy of " + weights + " in " + partial + " has sha256 " + written
                        + ", not the expected " + sha256);
            }
            DurableFiles.move(partial, destination);
            return destination.toUri();
        } catch (IOException e) {
            throw new ModelStoreException(
                    "cannot store " + fileName + " of " + modelName + " " + version + " in " + destination + ": "
                            + e.getMessage(),
                    e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public void putRecord(String modelName, String version, byte[] record) {
        Path file = versionDir(modelName, version).resolve(RECORD_FILE);
        try {
            DurableFiles.write(file, record);
        } catch (IOException e) {
            throw new ModelStoreException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> versions(String modelName) {
        Path modelDir = root.resolve(ModelStore.requireName("model name", modelName));
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(modelDir)) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve(RECORD_FILE)))
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> NAME.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelStoreException("cannot list the versions in " + modelDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> record(String modelName, String version) {
        Path file = versionDir(modelName, version).resolve(RECORD_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            if (Files.size(file) > MAX_RECORD_BYTES) {
                throw new ModelStoreException(file + " is larger than " + MAX_RECORD_BYTES + " bytes");
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ModelStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean contains(URI uri) {
        if (!"file".equals(uri.getScheme())) {
            return false;
        }
        try {
            return Path.of(uri).normalize().startsWith(root);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void fetch(URI uri, Path destination, long maxBytes) {
        if (!contains(uri)) {
            throw new ModelStoreException(uri + " is not in the model store " + describe() + "; refusing to read it");
        }
        Path source = Path.of(uri).normalize();
        try {
            long size = Files.size(source);
            if (size > maxBytes) {
                throw new ModelStoreException(
                        source + " has " + size + " bytes, more than the " + maxBytes + " allowed");
            }
            Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ModelStoreUnavailableException("cannot read " + source + ": " + e, e);
        }
    }

    @Override
    public String describe() {
        return root.toUri().toString();
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    private Path versionDir(String modelName, String version) {
        return root.resolve(ModelStore.requireName("model name", modelName))
                .resolve(ModelStore.requireName("version", version));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover partial file is never listed, and the next put of the version replaces it
        }
    }
}
