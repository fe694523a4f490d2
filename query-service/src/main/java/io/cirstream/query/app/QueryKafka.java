package io.cirstream.query.app;

import io.cirstream.query.config.QueryConfig;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.topic.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The query service's Kafka clients and the Kafka Streams settings. */
final class QueryKafka {

    /** How long a stream thread's poll blocks when there is nothing to read. */
    static final long POLL_MS = 10;

    private QueryKafka() {}

    static Properties streams(QueryConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                config.stateDirectory().toAbsolutePath().toString());
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 100);
        // A transaction begun right after a commit may find the previous one still ending (CONCURRENT_TRANSACTIONS):
        // retry within milliseconds, not the default 100 ms, or short commit intervals cost latency instead of saving
        // it.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        // a dead letter carries the whole query record, inline image included
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.DEAD_LETTER_MAX_BYTES);
        return props;
    }

    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onUncaught(Throwable error) {
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static KafkaProducer<String, ComposedQuery> queryProducer(String bootstrapServers) {
        return new KafkaProducer<>(
                producerSettings(bootstrapServers, "cirstream-query-http-queries"),
                Topics.QUERIES.keySerde().serializer(),
                Topics.QUERIES.valueSerde().serializer());
    }

    static KafkaProducer<String, LabelledTriplet> tripletProducer(String bootstrapServers) {
        return new KafkaProducer<>(
                producerSettings(bootstrapServers, "cirstream-query-http-feedback"),
                Topics.TRIPLETS.keySerde().serializer(),
                Topics.TRIPLETS.valueSerde().serializer());
    }

    private static Map<String, Object> producerSettings(String bootstrapServers, String clientId) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Topics.IMAGE_RECORD_MAX_BYTES,
                ProducerConfig.CLIENT_ID_CONFIG,
                clientId);
    }

    /** The result reader: no group, committed results only. */
    static KafkaConsumer<String, byte[]> resultConsumer(String bootstrapServers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        10,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "cirstream-query-http-results"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
