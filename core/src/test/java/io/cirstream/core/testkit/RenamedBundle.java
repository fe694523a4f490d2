package io.cirstream.core.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of a model bundle whose image encoder carries another version: the same weights, so the same features, but
 * a new collection - what a re-embedding after fine-tuning looks like to the store (and a new caption feature cache to
 * the trainer).
 */
public final class RenamedBundle {

    private RenamedBundle() {}

    /** The copy with its image encoder renamed (the bundle's encoder version is the image encoder's). */
    public static Path copyWithImageEncoderVersion(Path bundle, Path target, String version) throws IOException {
        return copy(bundle, target, version, false);
    }

    /** The copy with both encoders renamed, as a stage-1 fine-tuning renames them. */
    public static Path copyWithEncoderVersion(Path bundle, Path target, String version) throws IOException {
        return copy(bundle, target, version, true);
    }

    private static Path copy(Path bundle, Path target, String version, boolean text) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        Path manifest = target.resolve("manifest.json");
        ObjectNode root = (ObjectNode) json.readTree(manifest.toFile());
        ((ObjectNode) root.get("imageEncoder")).put("version", version);
        if (text) {
            ((ObjectNode) root.get("textEncoder")).put("version", version);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
        return target;
    }
}
