package io.cirstream.standalone.cli;

import io.cirstream.query.http.QueryGateway;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.ProductReference;
import io.cirstream.schemas.avro.QueryError;
import io.cirstream.schemas.avro.QueryFilters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives composed queries through the query service's topology (produced to {@code cir.queries}, results read from
 * {@code cir.results}, as the HTTP API does) and measures each query's latency from send to result: closed loop (a
 * fixed number in flight: the saturation throughput) or open loop (sends on a fixed schedule at a target rate).
 */
final class QueryLoad {

    /** The figures of one load level. */
    record Level(
            String name, double offeredPerSecond, double achievedPerSecond, int queries, int errors, double[] millis) {
        double percentile(double p) {
            if (millis.length == 0) {
                return Double.NaN;
            }
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
        }
    }

    private static final Duration DRAIN = Duration.ofSeconds(120);

    private final QueryGateway gateway;
    private final List<String> captions;
    private final int products;
    private final Random random = new Random(11);

    QueryLoad(QueryGateway gateway, List<String> captions, int products) {
        this.gateway = gateway;
        this.captions = captions;
        this.products = products;
    }

    private synchronized ComposedQuery next() {
        return ComposedQuery.newBuilder()
                .setQueryId(UUID.randomUUID().toString())
                .setReference(new ProductReference("p" + random.nextInt(products)))
                .setCaption(captions.get(random.nextInt(captions.size())))
                .setK(10)
                .setFilters(QueryFilters.newBuilder().build())
                .setSubmittedAt(Instant.now())
                .build();
    }

    /** {@code inFlight} queries outstanding at all times for {@code duration}. */
    Level closed(String name, int inFlight, Duration duration) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                continue;
            }
            sent.add(send(millis, errors).whenComplete((r, e) -> slots.release()));
        }
        drain(sent);
        double seconds = (System.nanoTime() - start) / 1e9;
        return level(name, Double.NaN, millis, errors, seconds);
    }

    /** Sends at {@code perSecond} for {@code duration}, whatever the latency. */
    Level open(String name, double perSecond, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        int count = (int) Math.max(1, Math.round(perSecond * duration.toMillis() / 1000.0));
        List<CompletableFuture<?>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sent.add(send(millis, errors));
        }
        drain(sent);
        double seconds = (System.nanoTime() - start) / 1e9;
        return level(name, perSecond, millis, errors, seconds);
    }

    private CompletableFuture<?> send(ConcurrentLinkedQueue<Double> millis, AtomicInteger errors) {
        long sentAt = System.nanoTime();
        return gateway.submit(next()).whenComplete((result, error) -> {
            if (error != null || result.getOutcome() instanceof QueryError) {
                errors.incrementAndGet();
            } else {
                millis.add((System.nanoTime() - sentAt) / 1e6);
            }
        });
    }

    private static void drain(List<CompletableFuture<?>> sent) throws InterruptedException {
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .get(DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("queries still unanswered " + DRAIN.toSeconds() + " s after the load", e);
        }
    }

    private static Level level(
            String name, double offered, ConcurrentLinkedQueue<Double> millis, AtomicInteger errors, double seconds) {
        double[] values = millis.stream().mapToDouble(Double::doubleValue).toArray();
        return new Level(name, offered, (values.length + errors.get()) / seconds, values.length, errors.get(), values);
    }
}
