package io.cirstream.query.http;

import io.cirstream.core.kafka.TopicPartitions;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code cir.results} (committed records only, every partition, from its end at start) and completes the
 * future of each query id an HTTP request waits for. Results of other ids (another instance's requests, other
 * clients of the topic) are skipped. Run it on its own thread.
 */
final class ResultWaiter implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultWaiter.class);
    private static final Duration PARTITION_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Deserializer<QueryResult> RESULTS =
            Topics.RESULTS.valueSerde().deserializer();

    private final Consumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<QueryResult>> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch ready = new CountDownLatch(1);

    ResultWaiter(Consumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    /** The future of this query id's result; register it before the query is sent. */
    CompletableFuture<QueryResult> expect(String queryId) {
        CompletableFuture<QueryResult> future = new CompletableFuture<>();
        if (pending.putIfAbsent(queryId, future) != null) {
            throw new IllegalStateException("query id " + queryId + " is awaited already");
        }
        future.whenComplete((result, error) -> pending.remove(queryId, future));
        return future;
    }

    /** Waits until the reader is positioned at the end of every partition, so that no later result is missed. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many requests wait for their result now. */
    int waiting() {
        return pending.size();
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions =
                    TopicPartitions.await(consumer, Topics.RESULTS.name(), running::get, PARTITION_WAIT);
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    CompletableFuture<QueryResult> future = record.key() == null ? null : pending.get(record.key());
                    if (future != null) {
                        complete(future, record);
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close();
            pending.values()
                    .forEach(future ->
                            future.completeExceptionally(new IllegalStateException("the service is stopping")));
        }
    }

    private static void complete(CompletableFuture<QueryResult> future, ConsumerRecord<String, byte[]> record) {
        try {
            future.complete(RESULTS.deserialize(record.topic(), record.value()));
        } catch (RuntimeException e) {
            LOG.error("result of query {} does not decode: {}", record.key(), e.getMessage());
            future.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }
}
