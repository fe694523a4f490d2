package io.cirstream.ingest.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The collections this service will drop once their grace period is over, with when: kept in a file of its data
 * directory ({@value #FILE_NAME}) so that a drop pending when the process stops is done after it starts again. Each
 * change rewrites the file whole (a temporary file moved over it), so a crash leaves the old list or the new one.
 */
final class PendingDrops {

    static final String FILE_NAME = "pending-drops.properties";

    private final Path file;

    PendingDrops(Path dataDirectory) {
        this.file = Objects.requireNonNull(dataDirectory, "dataDirectory").resolve(FILE_NAME);
    }

    /** Every pending drop: collection → when it is due. */
    synchronized Map<String, Instant> all() {
        Map<String, Instant> drops = new TreeMap<>();
        if (!Files.exists(file)) {
            return drops;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pending drops in " + file, e);
        }
        for (String collection : properties.stringPropertyNames()) {
            try {
                drops.put(collection, Instant.ofEpochMilli(Long.parseLong(properties.getProperty(collection))));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("the pending drops in " + file + " name " + collection
                        + " with a due time that is not epoch milliseconds: " + properties.getProperty(collection));
            }
        }
        return drops;
    }

    /** Records that {@code collection} is to be dropped at {@code due} (replacing an earlier time). */
    synchronized void add(String collection, Instant due) {
        Map<String, Instant> drops = all();
        drops.put(collection, due);
        write(drops);
    }

    /** Forgets {@code collection} (dropped, or not to be dropped any more). */
    synchronized void remove(String collection) {
        Map<String, Instant> drops = all();
        if (drops.remove(collection) != null) {
            write(drops);
        }
    }

    private void write(Map<String, Instant> drops) {
        Properties properties = new Properties();
        drops.forEach((collection, due) -> properties.setProperty(collection, Long.toString(due.toEpochMilli())));
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
            try (OutputStream out = Files.newOutputStream(temporary)) {
                properties.store(out, "collections to drop: name = due time (epoch milliseconds)");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pending drops to " + file, e);
        }
    }
}
