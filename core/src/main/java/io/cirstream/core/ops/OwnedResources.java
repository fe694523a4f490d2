package io.cirstream.core.ops;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service opened and started, closed in reverse order on {@link #close()}: each resource once, a failure to
 * close one logged and the rest closed still. A loop started with {@link #startThread} is stopped (closed, when it is
 * {@link AutoCloseable}) and its thread joined for at most {@value #JOIN_SECONDS} s.
 */
public final class OwnedResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OwnedResources.class);
    private static final long JOIN_SECONDS = 30;

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Takes {@code resource} over: it is closed before everything owned earlier. */
    public synchronized <T extends AutoCloseable> T own(T resource) {
        resources.push(resource);
        return resource;
    }

    /** Runs {@code loop} on a platform thread named {@code name}, stopped and joined on close. */
    public void startThread(String name, Runnable loop) {
        Thread thread = Thread.ofPlatform().name(name).start(loop);
        AutoCloseable stop = loop instanceof AutoCloseable closeable ? closeable : () -> {};
        own(() -> {
            stop.close();
            thread.join(Duration.ofSeconds(JOIN_SECONDS));
        });
    }

    @Override
    public void close() {
        while (true) {
            AutoCloseable resource;
            synchronized (this) {
                if (resources.isEmpty()) {
                    return;
                }
                resource = resources.pop();
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
