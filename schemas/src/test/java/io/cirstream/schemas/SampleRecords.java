package io.cirstream.schemas;

import io.cirstream.schemas.avro.AttributeEquals;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.Hit;
import io.cirstream.schemas.avro.ImageUri;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.Lineage;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.PriceRange;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductReference;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryFilters;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.avro.QueryTimings;
import io.cirstream.schemas.avro.RankedHits;
import io.cirstream.schemas.avro.TripletSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in example of every record, for the serde and evolution tests. */
public final class SampleRecords {
    /** A millisecond instant: timestamp-millis keeps nothing finer. */
    public static final Instant TIME = Instant.ofEpochMilli(1_790_000_000_123L);

    private SampleRecords() {}

    public static ProductUpserted upsertInline() {
        return ProductUpserted.newBuilder()
                .setProductId("p-1")
                .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00, 0x7F}))
                .setTitle("Red summer dress")
                .setCategory("dress")
                .setPriceMinorUnits(4_999L)
                .setCurrency("EUR")
                .setInStock(true)
                .setAttributes(Map.of("colour", "red", "sleeves", "long"))
                .setEventTime(TIME)
                .setImageSha256("ab".repeat(32))
                .build();
    }

    public static ProductUpserted upsertByUri() {
        return ProductUpserted.newBuilder(upsertInline())
                .setProductId("p-2")
                .setImage(new ImageUri("https://images.example.com/p-2.jpg"))
                .setImageSha256(null)
                .setAttributes(Map.of())
                .build();
    }

    public static ProductDeleted delete() {
        return new ProductDeleted("p-3", TIME);
    }

    public static CatalogEvent catalogEvent(Object event) {
        return new CatalogEvent(event);
    }

    public static ComposedQuery queryByProduct() {
        return ComposedQuery.newBuilder()
                .setQueryId("q-1")
                .setReference(new ProductReference("p-1"))
                .setCaption("is blue and has short sleeves")
                .setK(25)
                .setFilters(QueryFilters.newBuilder()
                        .setCategories(List.of("dress", "shirt"))
                        .setPrice(new PriceRange("EUR", 1_000L, null))
                        .setInStock(true)
                        .setAttributes(List.of(new AttributeEquals("material", "cotton' or 1==1")))
                        .build())
                .setModelVersion("combiner-7")
                .setNegativeCaption("less formal")
                .setIncludeReference(true)
                .setSubmittedAt(TIME)
                .build();
    }

    public static ComposedQuery queryByImage() {
        return ComposedQuery.newBuilder()
                .setQueryId("q-2")
                .setReference(ByteBuffer.wrap("not really a png".getBytes(StandardCharsets.UTF_8)))
                .setCaption("in green")
                .setSubmittedAt(TIME)
                .build();
    }

    private static final Lineage LINEAGE = new Lineage("rn50x4-a1b2", "combiner-7", "rn50x4-a1b2");

    public static QueryResult resultWithHits() {
        return QueryResult.newBuilder()
                .setQueryId("q-1")
                .setOutcome(new RankedHits(
                        List.of(new Hit("p-9", 0.91f, LINEAGE), new Hit("p-4", 0.87f, LINEAGE)), "combiner-7"))
                .setTimings(new QueryTimings(3L, 12L, 2L, 18L))
                .setCompletedAt(TIME)
                .build();
    }

    public static QueryResult resultWithError() {
        return QueryResult.newBuilder()
                .setQueryId("q-2")
                .setOutcome(new QueryError(QueryErrorCode.IMAGE_UNREADABLE, "the reference image is not a JPEG"))
                .setTimings(new QueryTimings(1L, 0L, 0L, 1L))
                .setCompletedAt(TIME)
                .build();
    }

    public static LabelledTriplet triplet() {
        return new LabelledTriplet("t-1", "p-1", "is blue", "p-9", TripletSource.CLICK, TIME);
    }

    public static ModelVersion modelVersion() {
        return ModelVersion.newBuilder()
                .setModelName("combiner")
                .setVersion("combiner-7")
                .setParentVersion("combiner-6")
                .setUri("file:///var/lib/cirstream/models/combiner-7.safetensors")
                .setSha256("0f".repeat(32))
                .setFeatureDim(640)
                .setProjectionDim(2560)
                .setHiddenDim(5120)
                .setEncoderVersion("RN50x4-fiq-1")
                .setMetrics(Map.of("recall_at_10", 0.41, "recall_at_50", 0.67))
                .setTrainingSetSize(18_000L)
                .setCreatedAt(TIME)
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap("p-1".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setTopic("catalog.products")
                .setPartition(3)
                .setOffset(42L)
                .setErrorClass("io.cirstream.schemas.serde.RecordDecodingException")
                .setErrorMessage("NOT_SINGLE_OBJECT_ENCODED: ...")
                .setFailedAt(TIME)
                .build();
    }

    public static DeadLetter tombstoneDeadLetter() {
        return DeadLetter.newBuilder(deadLetter())
                .setOriginalKey(null)
                .setOriginalValue(null)
                .build();
    }
}
