package io.cirstream.query.http;

import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.avro.QueryResult;
import io.cirstream.schemas.topic.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The HTTP API's way into the stream: a query is produced to {@code cir.queries} under its id and its result awaited
 * from {@code cir.results}, where the topology puts it. No query is answered any other way. Feedback triplets are
 * produced to {@code cir.triplets}.
 */
public final class QueryGateway implements AutoCloseable {

    private final Producer<String, ComposedQuery> queries;
    private final Producer<String, LabelledTriplet> triplets;
    private final ResultWaiter waiter;
    private final Thread waiterThread;

    /**
     * @param queries a producer to the query topic (acks=all)
     * @param triplets a producer to the triplet topic (acks=all)
     * @param results a consumer for the result topic, without a group, reading committed records only
     */
    public QueryGateway(
            Producer<String, ComposedQuery> queries,
            Producer<String, LabelledTriplet> triplets,
            Consumer<String, byte[]> results) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.triplets = Objects.requireNonNull(triplets, "triplets");
        this.waiter = new ResultWaiter(Objects.requireNonNull(results, "results"));
        this.waiterThread = Thread.ofPlatform().name("query-results").start(waiter);
    }

    /** Waits until results can be awaited (the result reader is positioned); false after {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return waiter.awaitReady(timeout);
    }

    /** Sends the query and returns its result's future; it fails if the query cannot be sent. */
    public CompletableFuture<QueryResult> submit(ComposedQuery query) {
        CompletableFuture<QueryResult> result = waiter.expect(query.getQueryId());
        queries.send(new ProducerRecord<>(Topics.QUERIES.name(), query.getQueryId(), query), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    /** Sends a triplet and waits for the broker's acknowledgement. */
    public void publish(LabelledTriplet triplet, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        triplets.send(new ProducerRecord<>(Topics.TRIPLETS.name(), triplet.getTripletId(), triplet))
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests waiting for their result now. */
    public int waiting() {
        return waiter.waiting();
    }

    @Override
    public void close() {
        waiter.close();
        try {
            waiterThread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queries.close(Duration.ofSeconds(10));
        triplets.close(Duration.ofSeconds(10));
    }
}
