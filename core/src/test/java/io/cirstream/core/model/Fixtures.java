package io.cirstream.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.testkit.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed fixtures (tiny bundle, images, PyTorch references) made by tools/make_fixtures.sh. */
final class Fixtures {

    private Fixtures() {}

    /** The repository's fixtures/ directory, from the module directory surefire runs in or the repository root. */
    static Path root() {
        for (Path candidate : new Path[] {Path.of("../fixtures"), Path.of("fixtures")}) {
            if (Files.isDirectory(candidate.resolve("tiny-bundle"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException(
                "fixtures/ not found from " + Path.of("").toAbsolutePath());
    }

    static Path tinyBundle() {
        return root().resolve("tiny-bundle");
    }

    static JsonNode reference(String name) {
        try {
            return new ObjectMapper()
                    .readTree(root().resolve("reference").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        return Vectors.cosine(a, b);
    }
}
