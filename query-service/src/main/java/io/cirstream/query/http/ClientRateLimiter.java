package io.cirstream.query.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (by address): {@code rate} requests a second sustained, bursts of up to one second's
 * worth (at least one request). Buckets idle long enough to be full again are dropped when many clients are known,
 * so the map stays bounded by the clients of the last seconds.
 */
final class ClientRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PRUNE_ABOVE = 10_000;

    private final double rate;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    ClientRateLimiter(double rate, LongSupplier nanoTime) {
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.nanoTime = nanoTime;
    }

    /** Whether this client may make a request now (and takes its token). */
    boolean tryAcquire(String client) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > PRUNE_ABOVE) {
            buckets.values().removeIf(bucket -> refilled(bucket, now) >= capacity);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
        synchronized (bucket) {
            bucket.tokens = refilled(bucket, now);
            bucket.updated = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    /** Seconds until this client has a token again (for Retry-After), at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (long) Math.ceil(1 / rate));
    }

    private double refilled(Bucket bucket, long now) {
        double elapsed = (double) (now - bucket.updated) / NANOS_PER_SECOND;
        return Math.min(capacity, bucket.tokens + elapsed * rate);
    }
}
