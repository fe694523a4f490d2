package io.cirstream.core.modelstore;

import io.cirstream.schemas.avro.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of one model that the model store holds, oldest first (version names sort by creation time), as the
 * model commands list, promote and roll back through them. Only complete versions (those with a record) appear.
 */
public final class ModelCatalog {

    private final ModelStore store;
    private final String modelName;

    public ModelCatalog(ModelStore store, String modelName) {
        this.store = Objects.requireNonNull(store, "store");
        this.modelName = ModelStore.requireName("model name", modelName);
    }

    /** Every stored version's record, oldest first. */
    public List<ModelVersion> versions() {
        List<ModelVersion> versions = new ArrayList<>();
        for (String name : store.versions(modelName)) {
            store.record(modelName, name).map(ModelVersionJson::read).ifPresent(versions::add);
        }
        return versions;
    }

    /** A stored version's record. */
    public Optional<ModelVersion> version(String version) {
        return store.record(modelName, ModelStore.requireName("version", version))
                .map(ModelVersionJson::read);
    }

    /** The newest stored version older than {@code version}: what a rollback from it returns to. */
    public Optional<ModelVersion> before(String version) {
        ModelVersion previous = null;
        for (ModelVersion candidate : versions()) {
            if (candidate.getVersion().compareTo(version) >= 0) {
                break;
            }
            previous = candidate;
        }
        return Optional.ofNullable(previous);
    }
}
