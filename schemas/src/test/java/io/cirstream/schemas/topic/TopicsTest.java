package io.cirstream.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.SampleRecords;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.serde.AvroSerde;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void theSystemsTopicsHaveUniqueNames() {
        Set<String> names = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());

        assertThat(names)
                .hasSize(Topics.ALL.size())
                .contains(
                        "catalog.products",
                        "cir.queries",
                        "cir.results",
                        "cir.triplets",
                        "cir.models",
                        "catalog.products.dlq",
                        "cir.queries.dlq",
                        "cir.triplets.dlq",
                        "cir.models.dlq");
    }

    @Test
    void theModelTopicIsCompactedWithOnePartition() {
        assertThat(Topics.MODELS.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(Topics.MODELS.partitions()).isOne();
        assertThat(Topics.MODELS.topicConfigs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void theCatalogueIsCompactedSoItCanBeReplayedFromTheStart() {
        assertThat(Topics.CATALOG_PRODUCTS.topicConfigs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.CATALOG_PRODUCTS.partitions()).isEqualTo(Topics.DEFAULT_PARTITIONS);
    }

    @Test
    void requestTopicsExpireAndDeadLettersAreKeptLonger() {
        assertThat(Topics.QUERIES.topicConfigs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", "86400000");
        assertThat(Topics.CATALOG_PRODUCTS_DLQ.topicConfigs()).containsEntry("retention.ms", "2592000000");
    }

    @Test
    void everyConsumedTopicHasADeadLetterTopic() {
        assertThat(Topics.deadLettersOf(Topics.CATALOG_PRODUCTS)).contains(Topics.CATALOG_PRODUCTS_DLQ);
        assertThat(Topics.deadLettersOf(Topics.QUERIES)).contains(Topics.QUERIES_DLQ);
        assertThat(Topics.deadLettersOf(Topics.TRIPLETS)).contains(Topics.TRIPLETS_DLQ);
        assertThat(Topics.deadLettersOf(Topics.MODELS)).contains(Topics.MODELS_DLQ);
        assertThat(Topics.deadLettersOf(Topics.RESULTS)).isEmpty();
        assertThat(Topics.CATALOG_PRODUCTS_DLQ.name()).isEqualTo("catalog.products.dlq");
    }

    @Test
    void topicsAreFoundByName() {
        assertThat(Topics.byName("cir.models")).contains(Topics.MODELS);
        assertThat(Topics.byName("nope")).isEmpty();
    }

    @Test
    void theDescriptorCarriesTheSerdesOfItsTypes() {
        ModelVersion model = SampleRecords.modelVersion();
        byte[] key = Topics.MODELS.keySerde().serializer().serialize(Topics.MODELS.name(), "combiner");
        byte[] value = Topics.MODELS.valueSerde().serializer().serialize(Topics.MODELS.name(), model);

        assertThat(Topics.MODELS.keySerde().deserializer().deserialize(Topics.MODELS.name(), key))
                .isEqualTo("combiner");
        assertThat(Topics.MODELS.valueSerde().deserializer().deserialize(Topics.MODELS.name(), value))
                .isEqualTo(model);
    }

    @Test
    void withPartitionsChangesOnlyThePartitionCount() {
        Topic<String, ModelVersion> wider = Topics.MODELS.withPartitions(3);

        assertThat(wider.partitions()).isEqualTo(3);
        assertThat(wider.name()).isEqualTo(Topics.MODELS.name());
        assertThat(wider.topicConfigs()).isEqualTo(Topics.MODELS.topicConfigs());
        assertThat(Topics.MODELS.partitions()).isOne();
    }

    @Test
    void invalidDescriptorsAreRefusedWithTheReason() {
        AvroSerde<ModelVersion> serde = AvroSerde.of(ModelVersion.class);

        assertThatThrownBy(() -> new Topic<>("bad name", Serdes.String(), serde, CleanupPolicy.DELETE, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad name' is not legal");
        assertThatThrownBy(() -> new Topic<>("..", Serdes.String(), serde, CleanupPolicy.DELETE, 1, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Topic<>("t", Serdes.String(), serde, CleanupPolicy.DELETE, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions of topic t must be >= 1, got 0");
        assertThatThrownBy(() -> new Topic<>(
                        "t", Serdes.String(), serde, CleanupPolicy.DELETE, 1, Map.of("cleanup.policy", "compact")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleanupPolicy component");
    }

    @Test
    void configsAreImmutable() {
        assertThatThrownBy(() -> Topics.QUERIES.configs().put("retention.ms", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Topics.ALL.add(Topics.QUERIES)).isInstanceOf(UnsupportedOperationException.class);
    }
}
