package io.cirstream.standalone.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.config.Settings;
import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.model.RuntimeConfig;
import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.config.VectorStoreConfig;
import io.cirstream.ingest.config.IngestConfig;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.trainer.config.TrainerConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The key lists of the configuration records ({@code keys()}, what {@code serve} accepts and the deployment files are
 * checked against) are exactly the keys {@code from(Settings)} reads, over every branch of the configuration (Lucene
 * or Milvus, a directory or an S3 model store); that each is documented is {@link ConfigDocsTest}'s.
 */
class ServiceKeysTest {

    private static final Map<String, String> REQUIRED = Map.of(
            IngestConfig.BOOTSTRAP_SERVERS.name(), "kafka:9092",
            IngestConfig.BUNDLE.name(), "/bundle");

    private static final List<Map<String, String>> BRANCHES = List.of(
            Map.of(VectorStoreConfig.KIND.name(), "lucene"),
            Map.of(
                    VectorStoreConfig.KIND.name(), "milvus",
                    VectorStoreConfig.MILVUS_URI.name(), "http://milvus:19530",
                    ModelStoreConfig.LOCATION.name(), "s3://bucket/models",
                    ModelStoreConfig.S3_ACCESS_KEY_ID.name(), "key",
                    ModelStoreConfig.S3_SECRET_ACCESS_KEY.name(), "secret"));

    private static Set<String> readByIngest() {
        Set<String> reads = new TreeSet<>();
        for (Map<String, String> branch : BRANCHES) {
            IngestConfig.from(settings(branch).withReadListener(reads::add));
        }
        return reads;
    }

    private static Set<String> readByTrainer() {
        Set<String> reads = new TreeSet<>();
        for (Map<String, String> branch : BRANCHES) {
            TrainerConfig.from(settings(branch).withReadListener(reads::add));
        }
        return reads;
    }

    private static Set<String> readByQuery() {
        Set<String> reads = new TreeSet<>();
        for (Map<String, String> branch : BRANCHES) {
            QueryConfig.from(settings(branch).withReadListener(reads::add));
        }
        return reads;
    }

    private static Settings settings(Map<String, String> branch) {
        return Settings.of(REQUIRED).withOverrides(branch);
    }

    @Test
    void theIngestKeysAreExactlyWhatItsConfigurationReads() {
        assertThat(IngestConfig.keys()).containsExactlyElementsOf(readByIngest());
        assertThat(IngestConfig.keys()).contains(RuntimeConfig.DEVICE_KEY.name(), ImageLimits.MAX_BYTES_KEY.name());
    }

    @Test
    void theTrainerKeysAreExactlyWhatItsConfigurationReads() {
        assertThat(TrainerConfig.keys()).containsExactlyElementsOf(readByTrainer());
        assertThat(TrainerConfig.keys())
                .contains(ModelStoreConfig.S3_SECRET_ACCESS_KEY.name(), VectorStoreConfig.MILVUS_URI.name());
    }

    @Test
    void theQueryKeysAreExactlyWhatItsConfigurationReads() {
        assertThat(QueryConfig.keys()).containsExactlyElementsOf(readByQuery());
        assertThat(QueryConfig.keys()).contains(ImageLimits.MAX_PIXELS_KEY.name(), ModelStoreConfig.LOCATION.name());
    }

    @Test
    void theServedServicesAcceptTheirRecordsKeys() {
        assertThat(ServedService.QUERY.keys().keys())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.Stream.concat(
                                QueryConfig.keys().stream(), io.cirstream.query.web.WebDemoConfig.keys().stream())
                        .toList());
        assertThat(ServedService.INGEST.keys().keys()).containsExactlyInAnyOrderElementsOf(IngestConfig.keys());
        assertThat(ServedService.TRAINER.keys().keys()).containsExactlyInAnyOrderElementsOf(TrainerConfig.keys());
    }
}
