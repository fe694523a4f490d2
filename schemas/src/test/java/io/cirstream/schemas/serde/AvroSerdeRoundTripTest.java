package io.cirstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.schemas.SampleRecords;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.avro.QueryResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeRoundTripTest {

    static Stream<Arguments> everyRecord() {
        return Stream.of(
                Arguments.of("upsert with inline image", SampleRecords.upsertInline()),
                Arguments.of("upsert with image uri", SampleRecords.upsertByUri()),
                Arguments.of("delete", SampleRecords.delete()),
                Arguments.of("catalog upsert", SampleRecords.catalogEvent(SampleRecords.upsertInline())),
                Arguments.of("catalog upsert by uri", SampleRecords.catalogEvent(SampleRecords.upsertByUri())),
                Arguments.of("catalog delete", SampleRecords.catalogEvent(SampleRecords.delete())),
                Arguments.of("query by product with filters", SampleRecords.queryByProduct()),
                Arguments.of("query by image, defaults", SampleRecords.queryByImage()),
                Arguments.of("result with hits", SampleRecords.resultWithHits()),
                Arguments.of("result with error", SampleRecords.resultWithError()),
                Arguments.of("triplet", SampleRecords.triplet()),
                Arguments.of("model version", SampleRecords.modelVersion()),
                Arguments.of("dead letter", SampleRecords.deadLetter()),
                Arguments.of("dead letter of a keyless tombstone", SampleRecords.tombstoneDeadLetter()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecord")
    void everyRecordSurvivesARoundTripThroughTheKafkaSerde(String description, SpecificRecord record) {
        AvroSerde<SpecificRecord> serde = serdeFor(record);

        byte[] bytes = serde.serializer().serialize("some.topic", record);
        SpecificRecord back = serde.deserializer().deserialize("some.topic", bytes);

        assertThat(back).isEqualTo(record).isNotSameAs(record);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecord")
    void bytesAreSingleObjectEncodedWithTheCurrentSchemasFingerprint(String description, SpecificRecord record) {
        AvroSerde<SpecificRecord> serde = serdeFor(record);

        byte[] bytes = serde.serialize("some.topic", record);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertThat(fingerprint).isEqualTo(SchemaHistory.fingerprint(record.getSchema()));
    }

    @Test
    void unionBranchesComeBackAsTheirGeneratedClasses() {
        AvroSerde<CatalogEvent> serde = AvroSerde.of(CatalogEvent.class);

        CatalogEvent upsert =
                serde.deserialize("t", serde.serialize("t", SampleRecords.catalogEvent(SampleRecords.upsertByUri())));
        CatalogEvent delete =
                serde.deserialize("t", serde.serialize("t", SampleRecords.catalogEvent(SampleRecords.delete())));

        assertThat(upsert.getEvent()).isInstanceOf(ProductUpserted.class);
        assertThat(((ProductUpserted) upsert.getEvent()).getImage())
                .isInstanceOf(io.cirstream.schemas.avro.ImageUri.class);
        assertThat(delete.getEvent()).isInstanceOf(ProductDeleted.class);
    }

    @Test
    void defaultsFillWhatAQueryLeavesOut() {
        ComposedQuery query = SampleRecords.queryByImage();

        assertThat(query.getK()).isEqualTo(10);
        assertThat(query.getModelVersion()).isNull();
        assertThat(query.getFilters().getCategories()).isEmpty();
        assertThat(query.getFilters().getPrice()).isNull();
        assertThat(query.getFilters().getInStock()).isNull();
        assertThat(query.getFilters().getAttributes()).isEmpty();
    }

    @Test
    void nullIsATombstoneBothWays() {
        AvroSerde<ModelVersion> serde = AvroSerde.of(ModelVersion.class);

        assertThat(serde.serializer().serialize("cir.models", null)).isNull();
        assertThat(serde.deserializer().deserialize("cir.models", null)).isNull();
    }

    @Test
    void everySerdeKnowsItsType() {
        assertThat(AvroSerde.of(QueryResult.class).type()).isEqualTo(QueryResult.class);
        assertThat(AvroSerde.of(ModelVersion.class).history().previous()).isEmpty();
        // v2 added the FEEDBACK source; v1 stays readable
        assertThat(AvroSerde.of(LabelledTriplet.class).history().previous())
                .singleElement()
                .satisfies(v1 -> assertThat(v1.getField("source").schema().getEnumSymbols())
                        .doesNotContain("FEEDBACK"));
        assertThat(AvroSerde.of(DeadLetter.class).toString()).contains("DeadLetter");
    }

    @SuppressWarnings("unchecked")
    private static AvroSerde<SpecificRecord> serdeFor(SpecificRecord record) {
        return AvroSerde.of((Class<SpecificRecord>) record.getClass());
    }
}
