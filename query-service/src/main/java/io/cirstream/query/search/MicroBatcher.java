package io.cirstream.query.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Groups requests that arrive concurrently (one per stream thread or HTTP caller) into batches for one call of a
 * batch function: the first request of a batch waits at most the latency budget for others, and a batch is cut at
 * the maximum size. One worker thread runs the batches, so a model sees one batch at a time. A batch function that
 * throws fails every request of its batch with that error; the next batch goes on.
 *
 * @param <I> a request
 * @param <O> its answer
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private record Pending<I, O>(I request, CompletableFuture<O> answer) {}

    private final Function<List<I>, List<O>> batchFunction;
    private final int maxBatch;
    private final long budgetNanos;
    private final IntConsumer batchSizes;
    private final LinkedBlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private volatile boolean running = true;

    /**
     * @param name the worker thread's name
     * @param batchFunction answers a batch, one answer per request, in order
     * @param maxBatch the largest batch
     * @param budget how long the first request of a batch waits for more
     * @param batchSizes hears the size of every batch run
     */
    public MicroBatcher(
            String name,
            Function<List<I>, List<O>> batchFunction,
            int maxBatch,
            Duration budget,
            IntConsumer batchSizes) {
        this.batchFunction = Objects.requireNonNull(batchFunction, "batchFunction");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("the latency budget must not be negative, got " + budget);
        }
        this.maxBatch = maxBatch;
        this.budgetNanos = budget.toNanos();
        this.batchSizes = Objects.requireNonNull(batchSizes, "batchSizes");
        this.worker = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /**
     * The answer to one request, computed in a batch with the requests that arrive within the budget.
     *
     * @throws RuntimeException what the batch function threw
     */
    public O submit(I request) {
        CompletableFuture<O> answer = new CompletableFuture<>();
        if (!running) {
            throw new IllegalStateException("the batcher is closed");
        }
        queue.add(new Pending<>(request, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + budgetNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                running = false;
            }
            if (!batch.isEmpty()) {
                runBatch(batch);
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<I, O>> batch) {
        batchSizes.accept(batch.size());
        try {
            List<O> answers =
                    batchFunction.apply(batch.stream().map(Pending::request).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException(
                        "the batch function gave " + answers.size() + " answers to " + batch.size() + " requests");
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers.get(i));
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.answer().completeExceptionally(e));
        }
    }

    /** Answers what is queued, then stops the worker. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
