package io.cirstream.standalone.cli;

import io.cirstream.core.CirstreamException;
import io.cirstream.core.config.CommonKeys;
import io.cirstream.core.config.Settings;
import io.cirstream.core.modelstore.ModelCatalog;
import io.cirstream.core.modelstore.ModelStore;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.registry.ModelLoader;
import io.cirstream.core.registry.ModelRejectedException;
import io.cirstream.core.registry.ModelTopicReader;
import io.cirstream.schemas.avro.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Where the model commands find versions: the Kafka cluster (the model topic says what serves) and the model store
 * (what exists). Unset options fall back to the same settings the services read ({@code cirstream.kafka.
 * bootstrap-servers}, {@code cirstream.model-store.*}, in system properties or the environment).
 */
final class ModelStoreOptions {

    @Option(names = "--bootstrap-servers", description = "Kafka (default: cirstream.kafka.bootstrap-servers).")
    String bootstrapServers;

    @Option(
            names = "--model-store",
            description = "A directory or s3://bucket/prefix (default: cirstream.model-store.uri, else data/models);"
                    + " S3 access from cirstream.model-store.s3.*.")
    String modelStore;

    @Option(
            names = "--model-name",
            defaultValue = "combiner",
            description = "The model line (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
    String timeout;

    Settings settings() {
        Map<String, String> overrides = new HashMap<>();
        if (bootstrapServers != null) {
            overrides.put(CommonKeys.BOOTSTRAP_SERVERS.name(), bootstrapServers);
        }
        if (modelStore != null) {
            overrides.put(ModelStoreConfig.LOCATION.name(), modelStore);
        }
        overrides.put("cirstream.cli.timeout", timeout);
        return Settings.fromSystem().withOverrides(overrides);
    }

    String bootstrap() {
        return CommonKeys.BOOTSTRAP_SERVERS.read(settings());
    }

    Duration timeoutDuration() {
        return settings().duration("cirstream.cli.timeout", Duration.ofSeconds(30));
    }

    ModelStoreConfig storeConfig() {
        return ModelStoreConfig.from(settings());
    }

    ModelCatalog catalog() {
        return new ModelCatalog(storeConfig().open(), modelName);
    }

    /** The latest announcement on the model topic. */
    Optional<ModelVersion> serving() {
        return ModelTopicReader.latest(bootstrap(), modelName, timeoutDuration());
    }

    /** Fetches the version's weights and checks their sha256 and shape before anything announces it. */
    void verify(ModelVersion version) {
        ModelStoreConfig config = storeConfig();
        ModelStore store = config.open();
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("cirstream-verify");
            new ModelLoader(store, scratch, config.maxWeightBytes(), Optional.empty(), Optional.empty()).load(version);
        } catch (ModelRejectedException e) {
            throw new CirstreamException("refusing to announce " + version.getVersion() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
