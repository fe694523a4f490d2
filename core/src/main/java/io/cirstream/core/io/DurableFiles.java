package io.cirstream.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash: a file is written beside its destination, forced to disk, moved over the destination
 * atomically, and the directory entry is forced too. A reader sees the old file or the new one, never a torn one.
 */
public final class DurableFiles {

    private static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFiles() {}

    /** Replaces {@code destination} with {@code bytes} atomically and durably, creating parent directories. */
    public static void write(Path destination, byte[] bytes) throws IOException {
        Path target = destination.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), TEMPORARY_SUFFIX);
        try {
            Files.write(temporary, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            force(temporary);
            move(temporary, target);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a complete, forced file into place atomically and forces the directory entry. */
    public static void move(Path source, Path destination) throws IOException {
        try {
            Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, destination, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(destination.toAbsolutePath().getParent());
    }

    /** Forces a file's contents and metadata to disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Forces a directory's entries to disk, so that a file created, renamed or deleted in it stays so after a crash.
     * Where the platform cannot open a directory for syncing (Windows), the rename is as durable as it gets.
     */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (Files.isDirectory(directory)
                    && System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
