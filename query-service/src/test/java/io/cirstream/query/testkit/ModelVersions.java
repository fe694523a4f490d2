package io.cirstream.query.testkit;

import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.combiner.FloatTensor;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.modelstore.DirectoryModelStore;
import io.cirstream.core.registry.ModelAnnouncer;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Combiner versions for tests, published as the trainer publishes them: weights into a directory model store, then
 * an announcement on the model topic. Each version's weights are the tiny bundle's with the output bias shifted, so
 * versions compose differently.
 */
public final class ModelVersions {

    private final DirectoryModelStore store;
    private final Path scratch;
    private final String modelName;

    public ModelVersions(Path storeRoot, Path scratch, String modelName) {
        this.store = new DirectoryModelStore(storeRoot);
        this.scratch = scratch;
        this.modelName = modelName;
    }

    /** Stores a valid version whose output bias is shifted by {@code shift}. */
    public ModelVersion valid(String version, float shift, String encoderVersion) throws IOException {
        CombinerWeights base = CombinerWeights.load(ModelParts.BUNDLE.resolve("combiner.safetensors"));
        Map<String, FloatTensor> state = new LinkedHashMap<>(base.stateDict());
        FloatTensor bias = state.get("output_layer.bias");
        float[] shifted = bias.values().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += shift * ((i % 3) - 1);
        }
        state.put("output_layer.bias", FloatTensor.of(shifted, bias.shape()));
        Files.createDirectories(scratch);
        Path file = scratch.resolve(version + ".safetensors");
        CombinerWeights.fromStateDict(state).save(file);
        String sha256 = ModelBundle.sha256(file);
        URI uri = store.putWeights(modelName, version, file, sha256);
        return ModelVersion.newBuilder()
                .setModelName(modelName)
                .setVersion(version)
                .setParentVersion(null)
                .setUri(uri.toString())
                .setSha256(sha256)
                .setFeatureDim(base.dims().featureDim())
                .setProjectionDim(base.dims().projectionDim())
                .setHiddenDim(base.dims().hiddenDim())
                .setEncoderVersion(encoderVersion)
                .setMetrics(Map.of("recall_at_10", 0.1 + shift))
                .setTrainingSetSize(100)
                .setCreatedAt(Instant.now())
                .build();
    }

    /** Stores a version, then alters bytes of its stored weights: the announced SHA-256 no longer matches. */
    public ModelVersion corrupt(String version, String encoderVersion) throws IOException {
        ModelVersion announced = valid(version, 0.3f, encoderVersion);
        Path stored = Path.of(URI.create(announced.getUri()));
        try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
            file.seek(file.length() - 16);
            file.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        return announced;
    }

    /** Announces a version on the model topic (the last step of a publication, or a rollback). */
    public static void announce(String bootstrapServers, ModelVersion version) {
        try (ModelAnnouncer announcer = ModelAnnouncer.connect(bootstrapServers, Map.of())) {
            announcer.announce(version);
        }
    }
}
