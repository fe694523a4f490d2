package io.cirstream.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OwnedResourcesTest {

    @Test
    void resourcesCloseInReverseOrderEachOnceAndAFailureDoesNotStopTheRest() {
        List<String> closed = new CopyOnWriteArrayList<>();
        OwnedResources resources = new OwnedResources();
        resources.own(() -> closed.add("first"));
        resources.own(() -> {
            closed.add("failing");
            throw new IllegalStateException("cannot close");
        });
        AutoCloseable last = resources.own(() -> closed.add("last"));
        assertThat(last).isNotNull();

        resources.close();
        resources.close();

        assertThat(closed).containsExactly("last", "failing", "first");
    }

    @Test
    void aStartedLoopIsStoppedAndItsThreadJoinedOnClose() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();
        class Loop implements Runnable, AutoCloseable {
            @Override
            public void run() {
                thread.set(Thread.currentThread());
                running.countDown();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void close() {
                stop.countDown();
            }
        }
        OwnedResources resources = new OwnedResources();
        resources.startThread("owned-loop", new Loop());
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(thread.get().getName()).isEqualTo("owned-loop");

        resources.close();

        assertThat(thread.get().isAlive()).isFalse();
    }
}
