package io.cirstream.ingest.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.store.SourceVersion;
import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.serde.RecordDecodingException;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class CatalogRecordDecoderTest {

    private static final String TOPIC = Topics.CATALOG_PRODUCTS.name();
    private final CatalogRecordDecoder decoder = new CatalogRecordDecoder(10_000);

    @Test
    void anUpsertBecomesTheProductsStateVersionedByEventTimeThenOffset() {
        byte[] image = TestImages.png(1, 8);
        CatalogChange change = decoder.decode(record(
                "p1",
                encode(Upsert.of("p1", image)
                        .price(1_234)
                        .currency("JPY")
                        .attributes(Map.of("colour", "red"))
                        .declaredSha("0".repeat(64))
                        .at(5_000)
                        .event()),
                42,
                9_999));

        CatalogChange.Upsert upsert = (CatalogChange.Upsert) change;
        assertThat(upsert.productId()).isEqualTo("p1");
        assertThat(upsert.version()).isEqualTo(new SourceVersion(5_000, 42));
        assertThat(upsert.priceMinorUnits()).isEqualTo(1_234);
        assertThat(upsert.currency()).isEqualTo("JPY");
        assertThat(upsert.attributes()).containsEntry("colour", "red");
        assertThat(upsert.declaredImageSha256()).contains("0".repeat(64));
        assertThat(((CatalogChange.ImageRef.Inline) upsert.image()).bytes()).isEqualTo(image);
    }

    @Test
    void aDeleteEventAndATombstoneBothRemoveTheProduct() {
        CatalogChange deleted = decoder.decode(
                record("p1", encode(new CatalogEvent(new ProductDeleted("p1", Instant.ofEpochMilli(7_000)))), 3, 1));
        CatalogChange tombstone = decoder.decode(record("p2", null, 4, 8_000));

        assertThat(deleted).isEqualTo(new CatalogChange.Removal("p1", new SourceVersion(7_000, 3)));
        assertThat(tombstone)
                .as("a tombstone is versioned by the record timestamp")
                .isEqualTo(new CatalogChange.Removal("p2", new SourceVersion(8_000, 4)));
    }

    @Test
    void recordsWithoutAUsableKeyAreRefused() {
        byte[] value = encode(Upsert.of("p1", TestImages.png(1, 8)).event());
        assertThatThrownBy(() -> decoder.decode(new ConsumerRecord<>(TOPIC, 0, 5, null, value)))
                .isInstanceOf(InvalidCatalogEventException.class)
                .hasMessageContaining("catalog.products-0@5 has no key");
        assertThatThrownBy(
                        () -> decoder.decode(new ConsumerRecord<>(TOPIC, 0, 6, new byte[] {(byte) 0xC3, 0x28}, value)))
                .isInstanceOf(InvalidCatalogEventException.class)
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> decoder.decode(record(" ", null, 7, 1)))
                .isInstanceOf(InvalidCatalogEventException.class)
                .hasMessageContaining("not blank");
    }

    @Test
    void fieldsOutOfRangeAreRefusedNamingTheFieldAndValue() {
        byte[] image = TestImages.png(1, 8);
        assertRefused(Upsert.of("p", image).price(-5), "negative priceMinorUnits -5");
        assertRefused(Upsert.of("p", image).currency("Euro"), "currency 'Euro'");
        assertRefused(Upsert.of("p", image).category(""), "empty category");
        assertRefused(Upsert.of("p", image).at(-1), "negative eventTime -1");
        assertRefused(Upsert.of("p", image).declaredSha("ABC"), "imageSha256 'ABC'");
        assertRefused(Upsert.of("p", image).attributes(Map.of("", "x")), "attribute with an empty name");
        assertRefused(Upsert.of("p", new byte[0]), "empty inline image");
        assertRefused(Upsert.of("p", new byte[10_001]), "10001 bytes, over the limit of 10000");
        assertRefused(Upsert.byUri("p", " "), "empty image URI");
    }

    @Test
    void bytesThatAreNotACatalogEventAreRefusedAsUndecodable() {
        assertThatThrownBy(() -> decoder.decode(record("p", "{json}".getBytes(StandardCharsets.UTF_8), 1, 1)))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("NOT_SINGLE_OBJECT_ENCODED");
    }

    private void assertRefused(Upsert upsert, String reason) {
        assertThatThrownBy(() -> decoder.decode(record("p", encode(upsert.event()), 1, 1)))
                .isInstanceOf(InvalidCatalogEventException.class)
                .hasMessageContaining(reason);
    }

    private static byte[] encode(CatalogEvent event) {
        return Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize(TOPIC, event);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value, long offset, long timestamp) {
        return new ConsumerRecord<>(
                TOPIC,
                0,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                -1,
                value == null ? -1 : value.length,
                key.getBytes(StandardCharsets.UTF_8),
                value,
                new RecordHeaders(),
                Optional.empty());
    }
}
