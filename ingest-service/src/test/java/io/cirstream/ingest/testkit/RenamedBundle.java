package io.cirstream.ingest.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of a model bundle whose image encoder carries another version: the same weights, so the same features, but
 * a new collection - what a re-embedding after fine-tuning looks like to the store.
 */
public final class RenamedBundle {

    private RenamedBundle() {}

    public static Path copyWithImageEncoderVersion(Path bundle, Path target, String version) throws IOException {
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
        json.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
        return target;
    }
}
