package io.cirstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.SampleRecords;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.serde.AvroSerde;
import io.cirstream.schemas.serde.RecordDecodingException;
import io.cirstream.schemas.serde.SchemaHistory;
import io.cirstream.schemas.topic.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The evolution rules of SCHEMAS.md at work on real records: ProductUpserted v1 (kept in the history) lacks
 * {@code imageSha256}, which v2 (current) adds with a default; an imagined v3 (a test resource) adds {@code brand}.
 */
class SchemaEvolutionTest {
    private static final Schema PRODUCT_V1 =
            SchemaHistory.recorded("ProductUpserted").getFirst();
    private static final Schema CATALOG_V1 =
            SchemaHistory.recorded("CatalogEvent").getFirst();

    @Test
    void theNewReaderReadsAnOldRecordOffTheCatalogTopicAndFillsTheDefault() {
        GenericRecord oldUpsert = productV1();
        GenericRecord oldEvent =
                new GenericRecordBuilder(CATALOG_V1).set("event", oldUpsert).build();
        byte[] written = encode(CATALOG_V1, oldEvent);

        CatalogEvent read =
                Topics.CATALOG_PRODUCTS.valueSerde().deserializer().deserialize("catalog.products", written);

        ProductUpserted upsert = (ProductUpserted) read.getEvent();
        assertThat(upsert.getProductId()).isEqualTo("p-1");
        assertThat(upsert.getTitle()).isEqualTo("Red summer dress");
        assertThat(upsert.getPriceMinorUnits()).isEqualTo(4_999L);
        assertThat(upsert.getEventTime()).isEqualTo(SampleRecords.TIME);
        assertThat(upsert.getAttributes()).containsEntry("colour", "red");
        assertThat(upsert.getImageSha256())
                .as("the default of the field v2 added")
                .isNull();
    }

    @Test
    void theOldReaderReadsANewRecordAndIgnoresTheAddedField() {
        byte[] written = AvroSerde.of(ProductUpserted.class).serialize("t", SampleRecords.upsertInline());
        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), PRODUCT_V1);
        oldReader.addSchema(ProductUpserted.getClassSchema()); // an old reader that has been told the new schema

        GenericRecord read = decode(oldReader, written);

        assertThat(read.getSchema().getField("imageSha256")).isNull();
        assertThat(read.get("productId").toString()).isEqualTo("p-1");
        assertThat(read.get("priceMinorUnits")).isEqualTo(4_999L);
        assertThat(read.get("eventTime")).isEqualTo(SampleRecords.TIME.toEpochMilli());
        assertThat(read.get("image")).isEqualTo(SampleRecords.upsertInline().getImage());
    }

    @Test
    void theOldCatalogReaderReadsANewCatalogEvent() {
        CatalogEvent event = SampleRecords.catalogEvent(SampleRecords.upsertInline());
        byte[] written = Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize("catalog.products", event);
        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), CATALOG_V1);
        oldReader.addSchema(CatalogEvent.getClassSchema());

        GenericRecord upsert = (GenericRecord) decode(oldReader, written).get("event");

        assertThat(upsert.get("title").toString()).isEqualTo("Red summer dress");
        assertThat(upsert.getSchema().getField("imageSha256")).isNull();
    }

    @Test
    void theCurrentReaderReadsAFutureRecordOnceItKnowsItsSchemaAndRefusesItBefore() throws IOException {
        Schema future = futureProduct();
        GenericRecord futureRecord = new GenericRecordBuilder(future)
                .set("productId", "p-7")
                .set("image", ByteBuffer.wrap(new byte[] {1, 2}))
                .set("title", "Blue shirt")
                .set("category", "shirt")
                .set("priceMinorUnits", 2_500L)
                .set("currency", "USD")
                .set("inStock", false)
                .set("eventTime", SampleRecords.TIME.toEpochMilli())
                .set("imageSha256", "cd".repeat(32))
                .set("brand", "Acme")
                .build();
        byte[] written = encode(future, futureRecord);
        SchemaStore.Cache toldTheFuture = new SchemaStore.Cache();
        toldTheFuture.addSchema(future);
        BinaryMessageDecoder<ProductUpserted> currentReader = new BinaryMessageDecoder<>(
                SpecificData.getForClass(ProductUpserted.class), ProductUpserted.getClassSchema(), toldTheFuture);

        ProductUpserted read = currentReader.decode(written);

        assertThat(read.getProductId()).isEqualTo("p-7");
        assertThat(read.getImageSha256()).isEqualTo("cd".repeat(32));
        assertThat(read.getInStock()).isFalse();
        assertThatThrownBy(() -> AvroSerde.of(ProductUpserted.class).deserialize("t", written))
                .as("the shipped serde does not know v3 yet: readers are deployed first")
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("UNKNOWN_SCHEMA");
    }

    @Test
    void theSerdeNumbersTheVersionsItReads() {
        SchemaHistory history = AvroSerde.of(CatalogEvent.class).history();

        assertThat(history.versions()).hasSize(2);
        assertThat(history.versionOf(SchemaHistory.fingerprint(CATALOG_V1))).hasValue(1);
        assertThat(history.versionOf(SchemaHistory.fingerprint(CatalogEvent.getClassSchema())))
                .hasValue(2);
        assertThat(history.versionOf(SchemaHistory.fingerprint(PRODUCT_V1))).isEmpty();
    }

    private static GenericRecord productV1() {
        ProductUpserted sample = SampleRecords.upsertInline();
        return new GenericRecordBuilder(PRODUCT_V1)
                .set("productId", sample.getProductId())
                .set("image", sample.getImage())
                .set("title", sample.getTitle())
                .set("category", sample.getCategory())
                .set("priceMinorUnits", sample.getPriceMinorUnits())
                .set("currency", sample.getCurrency())
                .set("inStock", sample.getInStock())
                .set("attributes", Map.copyOf(sample.getAttributes()))
                .set("eventTime", sample.getEventTime().toEpochMilli())
                .build();
    }

    private static Schema futureProduct() throws IOException {
        try (InputStream in =
                SchemaEvolutionTest.class.getResourceAsStream("/evolution/ProductUpserted-v3-future.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static GenericRecord decode(BinaryMessageDecoder<GenericRecord> decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
