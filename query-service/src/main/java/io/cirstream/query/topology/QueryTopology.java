package io.cirstream.query.topology;

import io.cirstream.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The query service's topology, built by a pure function: {@code cir.queries} (keyed by query id) through the {@link
 * QueryProcessor} to {@code cir.results} (same key), queries that do not decode to {@code cir.queries.dlq} as well, and
 * a global store that holds the catalogue as {@code catalog.products} has it (product details and images for the HTTP
 * API). Run it with {@code processing.guarantee=exactly_once_v2}: the result, the answered-query mark and the input
 * offset are committed in one transaction, so a query read again after a crash or a rebalance yields one result.
 */
public final class QueryTopology {

    /** The processor's store of answered query ids (with when they were answered); changelogged. */
    public static final String ANSWERED_STORE = "answered-queries";

    /**
     * The same ids by when they were answered ({@code <13-digit millis>|<id>}), so that forgetting the expired ones
     * reads only those; changelogged.
     */
    public static final String ANSWERED_BY_TIME_STORE = "answered-queries-by-time";

    /** The global store of the catalogue: product id to the latest catalogue event's bytes. */
    public static final String CATALOG_STORE = "catalog-view";

    /** How long an answered query id is remembered: as long as the query topic keeps queries. */
    public static final Duration ANSWERED_RETENTION = Topics.REQUEST_RETENTION;

    static final String QUERIES_SOURCE = "queries";
    static final String ANSWER_PROCESSOR = "answer";
    static final String RESULTS_SINK = "results";
    static final String DEAD_LETTER_SINK = "dead-letters";

    private QueryTopology() {}

    /**
     * The topology.
     *
     * @param answerer answers each decoded query (the query engine)
     * @param clock the time of results and dead letters
     * @param answeredRetention how long answered query ids are remembered against duplicates
     */
    public static Topology build(QueryAnswerer answerer, Clock clock, Duration answeredRetention) {
        Objects.requireNonNull(answerer, "answerer");
        Objects.requireNonNull(clock, "clock");
        Topology topology = new Topology();
        topology.addSource(
                QUERIES_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.QUERIES.name());
        topology.addProcessor(
                ANSWER_PROCESSOR, () -> new QueryProcessor(answerer, clock, answeredRetention), QUERIES_SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ANSWERED_STORE), Serdes.String(), Serdes.Long()),
                ANSWER_PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(ANSWERED_BY_TIME_STORE), Serdes.String(), Serdes.String()),
                ANSWER_PROCESSOR);
        topology.addSink(
                RESULTS_SINK,
                Topics.RESULTS.name(),
                Topics.RESULTS.keySerde().serializer(),
                Topics.RESULTS.valueSerde().serializer(),
                ANSWER_PROCESSOR);
        topology.addSink(
                DEAD_LETTER_SINK,
                Topics.QUERIES_DLQ.name(),
                Topics.QUERIES_DLQ.keySerde().serializer(),
                Topics.QUERIES_DLQ.valueSerde().serializer(),
                ANSWER_PROCESSOR);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CATALOG_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                "catalog-source",
                new StringDeserializer(),
                new ByteArrayDeserializer(),
                Topics.CATALOG_PRODUCTS.name(),
                "catalog-view-writer",
                CatalogViewWriter::new);
        return topology;
    }
}
