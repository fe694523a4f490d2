package io.cirstream.core.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in tests for something another thread or process does, with a deadline and a message when it passes. */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails the test if it does not within {@code wait}.
     *
     * @param what what is awaited, for the failure message
     */
    public static void until(String what, Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not met within " + wait);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted while waiting", e);
            }
        }
    }
}
