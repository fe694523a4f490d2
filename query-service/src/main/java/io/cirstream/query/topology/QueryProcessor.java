package io.cirstream.query.topology;

import io.cirstream.core.kafka.DeadLetters;
import io.cirstream.query.search.QueryResults;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.avro.QueryErrorCode;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each query record once: a query id already answered (a client's resend; with exactly-once processing a
 * redelivery after a crash never gets this far) is skipped, a record that does not decode goes to the dead-letter
 * topic and, when it has a key, gets an error result, and every other query gets the answerer's result. Answered ids
 * are forgotten after the retention by a wall-clock punctuation that reads only the expired ones (a second store
 * orders the ids by answer time).
 */
final class QueryProcessor implements Processor<String, byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryProcessor.class);
    private static final Deserializer<ComposedQuery> QUERIES =
            Topics.QUERIES.valueSerde().deserializer();
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final QueryAnswerer answerer;
    private final Clock clock;
    private final Duration retention;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, Long> answered;
    private KeyValueStore<String, String> answeredByTime;

    QueryProcessor(QueryAnswerer answerer, Clock clock, Duration retention) {
        this.answerer = answerer;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Object, Object> processorContext) {
        this.context = processorContext;
        this.answered = processorContext.getStateStore(QueryTopology.ANSWERED_STORE);
        this.answeredByTime = processorContext.getStateStore(QueryTopology.ANSWERED_BY_TIME_STORE);
        processorContext.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key != null && answered.get(key) != null) {
            LOG.info("query {} was answered already: no second result", key);
            return;
        }
        ComposedQuery query;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("the record has no value (a tombstone is no query)");
            }
            query = QUERIES.deserialize(Topics.QUERIES.name(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, e);
            if (key != null && !key.isEmpty()) {
                emit(
                        key,
                        QueryResults.error(
                                key,
                                QueryErrorCode.INVALID_QUERY,
                                "the query record does not decode as a ComposedQuery: " + e.getMessage(),
                                -1,
                                clock.instant()));
            }
            return;
        }
        if (key == null || key.isEmpty()) {
            deadLetter(record, new IllegalArgumentException("a query record needs its query id as key"));
            return;
        }
        emit(key, answerer.answer(key, query));
    }

    private void emit(String key, QueryResult result) {
        long now = clock.millis();
        context.forward(new Record<>(key, result, now), QueryTopology.RESULTS_SINK);
        answered.put(key, now);
        answeredByTime.put(timeKey(now, key), key);
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException reason) {
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.QUERIES.name());
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        long offset = context.recordMetadata().map(RecordMetadata::offset).orElse(-1L);
        DeadLetter letter = DeadLetters.of(
                new ConsumerRecord<>(topic, partition, offset, key, record.value()), reason, clock.instant());
        LOG.warn("query record at {}-{}@{} to the dead letters: {}", topic, partition, offset, reason.getMessage());
        context.forward(new Record<>(key, letter, clock.millis()), QueryTopology.DEAD_LETTER_SINK);
    }

    private void purge(long now) {
        String firstKept = timeKey(now - retention.toMillis(), "");
        List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> old = answeredByTime.range(null, firstKept)) {
            old.forEachRemaining(expired::add);
        }
        for (KeyValue<String, String> entry : expired) {
            answeredByTime.delete(entry.key);
            answered.delete(entry.value);
        }
    }

    /** Sorts by time as text: the millis zero-padded to 13 digits (enough until the year 2286), then the id. */
    static String timeKey(long millis, String queryId) {
        return String.format("%013d|%s", Math.max(0, millis), queryId);
    }
}
