package io.cirstream.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The small file naming the active collection. It is replaced by writing a temporary file, forcing it to disk and
 * moving it over the old one atomically, so a crash leaves either the old or the new name, never a torn one.
 */
final class ActiveCollectionPointer {

    static final String FILE_NAME = "ACTIVE";

    private final Path file;

    ActiveCollectionPointer(Path root) {
        this.file = root.resolve(FILE_NAME);
    }

    Optional<String> read() {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String name = Files.readString(file, StandardCharsets.UTF_8).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            throw new VectorStoreException("cannot read the active-collection pointer " + file, e);
        }
    }

    void write(String encoderVersion) {
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            Files.writeString(temp, encoderVersion + "\n", StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new VectorStoreException(
                    "cannot switch the active-collection pointer " + file + " to " + encoderVersion, e);
        }
    }
}
