package io.cirstream.core.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's committed files are, from a module's tests (which run in the module's directory). */
public final class Repository {

    private Repository() {}

    /** The repository root: the nearest directory at or above the working directory that holds the fixtures. */
    public static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("fixtures").resolve("tiny-bundle"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no fixtures/tiny-bundle at or above " + start);
    }

    /** A committed file or directory, by its path from the repository root. */
    public static Path file(String relative) {
        return root().resolve(relative);
    }
}
