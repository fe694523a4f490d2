package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.eval.dataset.CirTriplet;
import io.cirstream.core.eval.dataset.DatasetKind;
import io.cirstream.core.eval.dataset.MissingImagePolicy;
import io.cirstream.core.kafka.TopicReplay;
import io.cirstream.core.testkit.Integration;
import io.cirstream.demo.kafka.EmbeddedKafka;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cirstream triplets publish}: a dataset split in its official layout lands on {@code cir.triplets} of a real
 * broker, one record per triplet with the dataset's names and the protocol's caption, under ids that a second publish
 * repeats; bad input is refused with exit code 2.
 */
@Integration
class TripletsCommandTest {

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Topics.TRIPLETS);
        CliRun synth =
                CliRun.of("synth", "--out", dir.resolve("synth").toString(), "--products", "100", "--image-size", "64");
        assertThat(synth.exitCode()).as(synth.err()).isZero();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theCirrTrainSplitIsPublishedOnceAndRepublishedUnderTheSameIds() {
        Path cirr = dir.resolve("synth").resolve(DatasetKind.SYNTHETIC_CIRR);
        List<CirTriplet> expected =
                DatasetKind.CIRR.load(cirr, "train", MissingImagePolicy.FAIL).triplets();
        assertThat(expected).isNotEmpty();

        CliRun run = publish("--dataset", "cirr", "--path", cirr.toString(), "--source", "curated");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("published " + expected.size() + " curated triplets (cirr train");

        List<LabelledTriplet> records = readAll("cirr-train-");
        assertThat(records).hasSize(expected.size());
        Map<String, LabelledTriplet> byId =
                records.stream().collect(Collectors.toMap(LabelledTriplet::getTripletId, r -> r));
        CirTriplet first = expected.get(0);
        LabelledTriplet record = byId.get("cirr-train-" + first.id());
        assertThat(record).isNotNull();
        assertThat(record.getReferenceId()).isEqualTo(first.reference());
        assertThat(record.getTargetId()).isEqualTo(first.target());
        assertThat(record.getCaption()).isEqualTo(first.captions().evaluation());
        assertThat(record.getSource()).isEqualTo(TripletSource.CURATED);

        CliRun again = publish("--dataset", "cirr", "--path", cirr.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        List<LabelledTriplet> twice = readAll("cirr-train-");
        assertThat(twice).hasSize(2 * expected.size());
        assertThat(twice.stream().map(LabelledTriplet::getTripletId).distinct()).hasSize(expected.size());
    }

    @Test
    void theFashionIqLayoutOfTheSyntheticSetIsPublishedWithItsFixedCaptionForm() {
        List<CirTriplet> expected = DatasetKind.SYNTHETIC
                .load(dir.resolve("synth"), "val", MissingImagePolicy.FAIL)
                .triplets();
        CliRun run =
                publish("--dataset", "synthetic", "--path", dir.resolve("synth").toString(), "--split", "val");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("published " + expected.size() + " dataset triplets (synthetic val");
        assertThat(readAll("synthetic-val-")).hasSize(expected.size()).allSatisfy(r -> assertThat(r.getCaption())
                .contains(" and "));
    }

    @Test
    void badInputIsRefusedWithExitCodeTwo() {
        CliRun missing = publish(
                "--dataset", "cirr", "--path", dir.resolve("nothing-here").toString());
        assertThat(missing.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(missing.err()).contains("nothing-here");

        Path cirr = dir.resolve("synth").resolve(DatasetKind.SYNTHETIC_CIRR);
        CliRun source = publish("--dataset", "cirr", "--path", cirr.toString(), "--source", "clicks");
        assertThat(source.exitCode()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(source.err()).contains("--source must be dataset or curated");

        CliRun testSplit = publish("--dataset", "cirr", "--path", cirr.toString(), "--split", "test1");
        assertThat(testSplit.exitCode()).as(testSplit.err()).isEqualTo(CirstreamCli.EXIT_INVALID);
        assertThat(testSplit.err()).contains("withholds the targets");
        assertThat(readAll("cirr-test1-")).isEmpty();
    }

    private static CliRun publish(String... args) {
        return CliRun.of(new String[] {"triplets", "publish", "--bootstrap-servers", kafka.bootstrapServers()}, args);
    }

    /** Every record on the topic whose id starts with {@code prefix} (the tests share the broker). */
    private static List<LabelledTriplet> readAll(String prefix) {
        List<LabelledTriplet> records = new ArrayList<>();
        TopicReplay.readToEnd(
                new KafkaConsumer<>(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        Topics.TRIPLETS.keySerde().deserializer(),
                        Topics.TRIPLETS.valueSerde().deserializer()),
                Topics.TRIPLETS.name(),
                Duration.ofMinutes(1),
                r -> {
                    if (r.value().getTripletId().startsWith(prefix)) {
                        records.add(r.value());
                    }
                });
        return records;
    }
}
