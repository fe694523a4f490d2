package io.cirstream.schemas.topic;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of cirstream, as immutable constants. Keys are the entity id as a UTF-8 string, except on the
 * dead-letter topics, whose key is the failed record's original key bytes.
 */
public final class Topics {
    /** Partitions of the topics that carry per-entity streams; the most instances one consumer group can use. */
    public static final int DEFAULT_PARTITIONS = 6;

    /** How long queries and results are kept: they are answered in seconds, the rest is for debugging. */
    public static final Duration REQUEST_RETENTION = Duration.ofDays(1);

    /** How long dead letters are kept for inspection and replay. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    /**
     * The largest record batch the catalogue and query topics accept ({@code max.message.bytes}): product and query
     * images travel inline. Producers to them need {@code max.request.size} at least this large.
     */
    public static final int IMAGE_RECORD_MAX_BYTES = 8 * 1024 * 1024;

    /** The largest dead letter: the original record plus room for the error and its coordinates. */
    public static final int DEAD_LETTER_MAX_BYTES = IMAGE_RECORD_MAX_BYTES + 1024 * 1024;

    private static final String RETENTION_MS = "retention.ms";
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    /**
     * The catalogue, keyed by product id: {@link CatalogEvent}s (upserts and deletes). Compacted, so the topic is the
     * whole current catalogue and a new encoder version re-embeds it from offset 0; a {@code null} value (tombstone)
     * after a delete lets compaction drop the product entirely.
     */
    public static final Topic<String, CatalogEvent> CATALOG_PRODUCTS = new Topic<>(
            "catalog.products",
            Serdes.String(),
            AvroSerde.of(CatalogEvent.class),
            CleanupPolicy.COMPACT,
            DEFAULT_PARTITIONS,
            Map.of(MAX_MESSAGE_BYTES, Integer.toString(IMAGE_RECORD_MAX_BYTES)));

    /** Composed queries, keyed by query id. */
    public static final Topic<String, ComposedQuery> QUERIES = new Topic<>(
            "cir.queries",
            Serdes.String(),
            AvroSerde.of(ComposedQuery.class),
            CleanupPolicy.DELETE,
            DEFAULT_PARTITIONS,
            Map.of(
                    RETENTION_MS,
                    Long.toString(REQUEST_RETENTION.toMillis()),
                    MAX_MESSAGE_BYTES,
                    Integer.toString(IMAGE_RECORD_MAX_BYTES)));

    /** One result per query, keyed by query id. */
    public static final Topic<String, QueryResult> RESULTS = new Topic<>(
            "cir.results",
            Serdes.String(),
            AvroSerde.of(QueryResult.class),
            CleanupPolicy.DELETE,
            DEFAULT_PARTITIONS,
            Map.of(RETENTION_MS, Long.toString(REQUEST_RETENTION.toMillis())));

    /**
     * Labelled triplets, keyed by triplet id: the training data of the Combiner. Compacted, so it is kept forever and
     * a re-sent triplet replaces itself instead of being counted twice.
     */
    public static final Topic<String, LabelledTriplet> TRIPLETS = new Topic<>(
            "cir.triplets",
            Serdes.String(),
            AvroSerde.of(LabelledTriplet.class),
            CleanupPolicy.COMPACT,
            DEFAULT_PARTITIONS,
            Map.of());

    /**
     * Model version announcements, keyed by model name. Compacted and one partition: the latest record per model name
     * is the version to serve, and every query instance reads the whole topic.
     */
    public static final Topic<String, ModelVersion> MODELS = new Topic<>(
            "cir.models", Serdes.String(), AvroSerde.of(ModelVersion.class), CleanupPolicy.COMPACT, 1, Map.of());

    /** Catalogue events the ingest service could not process. */
    public static final Topic<byte[], DeadLetter> CATALOG_PRODUCTS_DLQ = deadLetters(CATALOG_PRODUCTS);

    /** Queries the query service could not read. */
    public static final Topic<byte[], DeadLetter> QUERIES_DLQ = deadLetters(QUERIES);

    /** Triplets the trainer could not read. */
    public static final Topic<byte[], DeadLetter> TRIPLETS_DLQ = deadLetters(TRIPLETS);

    /** Model announcements a query instance could not read. */
    public static final Topic<byte[], DeadLetter> MODELS_DLQ = deadLetters(MODELS);

    /** Every topic of the system, the dead-letter topics included. */
    public static final List<Topic<?, ?>> ALL = List.of(
            CATALOG_PRODUCTS,
            QUERIES,
            RESULTS,
            TRIPLETS,
            MODELS,
            CATALOG_PRODUCTS_DLQ,
            QUERIES_DLQ,
            TRIPLETS_DLQ,
            MODELS_DLQ);

    private static final Map<String, Topic<byte[], DeadLetter>> DEAD_LETTERS_BY_SOURCE = Map.of(
            CATALOG_PRODUCTS.name(), CATALOG_PRODUCTS_DLQ,
            QUERIES.name(), QUERIES_DLQ,
            TRIPLETS.name(), TRIPLETS_DLQ,
            MODELS.name(), MODELS_DLQ);

    private static final Map<String, Topic<?, ?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Topic::name, Function.identity()));

    private Topics() {}

    /** The dead-letter topic of a topic that services consume, if it has one. */
    public static Optional<Topic<byte[], DeadLetter>> deadLettersOf(Topic<?, ?> source) {
        return Optional.ofNullable(DEAD_LETTERS_BY_SOURCE.get(source.name()));
    }

    /** The topic with this name, if it is one of {@link #ALL}. */
    public static Optional<Topic<?, ?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Topic<byte[], DeadLetter> deadLetters(Topic<?, ?> source) {
        return new Topic<>(
                source.name() + ".dlq",
                Serdes.ByteArray(),
                AvroSerde.of(DeadLetter.class),
                CleanupPolicy.DELETE,
                1,
                Map.of(
                        RETENTION_MS,
                        Long.toString(DEAD_LETTER_RETENTION.toMillis()),
                        MAX_MESSAGE_BYTES,
                        Integer.toString(DEAD_LETTER_MAX_BYTES)));
    }
}
