package io.cirstream.ingest.embed;

import io.cirstream.core.model.ImageEmbedder;
import io.cirstream.core.model.ImageEmbedding;
import io.cirstream.core.model.ImageInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Embeds a micro-batch's images through core's {@link ImageEmbedder}, each distinct image (by hash) once, so products
 * sharing an image share its feature. An image the embedder refuses (corrupt, over a limit) is reported for itself.
 */
public final class DistinctImageEmbedder {

    private final ImageEmbedder embedder;

    public DistinctImageEmbedder(ImageEmbedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    /** The encoder version the features belong to: the collection they are written to. */
    public String encoderVersion() {
        return embedder.version();
    }

    /** The features' dimension. */
    public int dimension() {
        return embedder.featureDim();
    }

    /**
     * The outcome per image hash.
     *
     * @param images image bytes by their hash; each is embedded once
     * @param names a name per hash for error messages (a product id)
     */
    public Map<String, ImageEmbedding> embed(Map<String, byte[]> images, Map<String, String> names) {
        if (images.isEmpty()) {
            return Map.of();
        }
        List<String> hashes = new ArrayList<>(images.keySet());
        List<ImageInput> inputs = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            inputs.add(new ImageInput(names.getOrDefault(hash, hash), images.get(hash)));
        }
        List<ImageEmbedding> outcomes = embedder.embedAll(inputs);
        Map<String, ImageEmbedding> byHash = new LinkedHashMap<>();
        for (int i = 0; i < hashes.size(); i++) {
            byHash.put(hashes.get(i), outcomes.get(i));
        }
        return byHash;
    }
}
