package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cirstream synth --publish}: the catalogue event file lands on the catalogue topic of a real broker. */
@Integration
class SynthPublishCommandTest {

    @TempDir
    Path dir;

    @Test
    void publishesEveryProductToTheCatalogueTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(Topics.CATALOG_PRODUCTS);
            CliRun run = CliRun.of(
                    "synth",
                    "--out",
                    dir.resolve("synth").toString(),
                    "--products",
                    "100",
                    "--image-size",
                    "64",
                    "--publish",
                    kafka.bootstrapServers());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("published 100 events to catalog.products");
            try (Admin admin =
                    Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
                for (int p = 0; p < Topics.CATALOG_PRODUCTS.partitions(); p++) {
                    ends.put(new TopicPartition(Topics.CATALOG_PRODUCTS.name(), p), OffsetSpec.latest());
                }
                long total = 0;
                for (ListOffsetsResult.ListOffsetsResultInfo info :
                        admin.listOffsets(ends).all().get().values()) {
                    total += info.offset();
                }
                assertThat(total).isEqualTo(100);
            }
        }
        assertThat(List.of(dir.resolve("synth/catalog/products.events").toFile().length()))
                .allMatch(n -> n > 0);
    }
}
