package io.cirstream.standalone.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts the pipeline started, stopped in reverse order of their start (the trainer before the store it reads, the
 * store before the broker ...). A part that fails to stop is logged and the others are still stopped.
 */
final class ShutdownStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownStack.class);

    private record Part(String name, AutoCloseable resource) {}

    private final Deque<Part> parts = new ArrayDeque<>();
    private final List<String> stopped = new ArrayList<>();

    /** Registers a started part; returns it. */
    synchronized <T extends AutoCloseable> T push(String name, T resource) {
        parts.push(new Part(name, resource));
        return resource;
    }

    /** The parts stopped so far, in the order they were stopped. */
    synchronized List<String> stopped() {
        return List.copyOf(stopped);
    }

    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            Part part = parts.pop();
            try {
                part.resource().close();
                stopped.add(part.name());
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.name(), e.toString());
                stopped.add(part.name() + " (failed: " + e.getMessage() + ")");
            }
        }
    }
}
