package io.cirstream.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    @Test
    void concurrentRequestsShareOneBatchCutAtTheMaximumSize() throws Exception {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        // A budget far longer than the test: the batch is cut by its size, not by time.
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(
                        "test",
                        batch -> batch.stream().map(i -> i * 10).toList(),
                        4,
                        Duration.ofMinutes(5),
                        sizes::add);
                ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int request = i;
                answers.add(callers.submit(() -> batcher.submit(request)));
            }
            for (int i = 0; i < 4; i++) {
                assertThat(answers.get(i).get()).isEqualTo(i * 10);
            }
        }
        assertThat(sizes).containsExactly(4);
    }

    @Test
    void aZeroBudgetRunsWhatIsQueuedAndAFailedBatchFailsOnlyItsRequests() {
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (MicroBatcher<Integer, Integer> batcher = new MicroBatcher<>(
                "test",
                batch -> {
                    if (batch.contains(13)) {
                        throw new IllegalArgumentException("unlucky");
                    }
                    return batch;
                },
                8,
                Duration.ZERO,
                sizes::add)) {
            assertThat(batcher.submit(1)).isEqualTo(1);
            assertThatThrownBy(() -> batcher.submit(13)).hasMessage("unlucky");
            assertThat(batcher.submit(2)).isEqualTo(2);
        }
        assertThat(sizes).containsExactly(1, 1, 1);
    }
}
