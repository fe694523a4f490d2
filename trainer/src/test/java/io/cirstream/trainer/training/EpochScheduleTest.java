package io.cirstream.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochScheduleTest {

    @Test
    void everyEpochIsAFreshPermutationCutIntoFullBatches() {
        int[] oneVariantEach = new int[10];
        Arrays.fill(oneVariantEach, 1);
        EpochSchedule schedule = new EpochSchedule(oneVariantEach, 4, 1);
        EpochSchedule.Epoch first = schedule.next();
        EpochSchedule.Epoch second = schedule.next();

        assertThat(schedule.batchesPerEpoch()).isEqualTo(2);
        assertThat(schedule.leftOutPerEpoch()).isEqualTo(2);
        assertThat(first.order()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(second.order()).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(second.order()).isNotEqualTo(first.order());
        Set<Integer> batched = new HashSet<>();
        for (int batch = 0; batch < schedule.batchesPerEpoch(); batch++) {
            assertThat(first.examples(batch)).hasSize(4);
            Arrays.stream(first.examples(batch)).forEach(batched::add);
        }
        assertThat(batched).hasSize(8);
    }

    @Test
    void theSameSeedGivesTheSameEpochs() {
        EpochSchedule a = new EpochSchedule(new int[] {1, 4, 2, 1, 4}, 2, 42);
        EpochSchedule b = new EpochSchedule(new int[] {1, 4, 2, 1, 4}, 2, 42);
        for (int epoch = 0; epoch < 5; epoch++) {
            EpochSchedule.Epoch x = a.next();
            EpochSchedule.Epoch y = b.next();
            assertThat(x.order()).isEqualTo(y.order());
            assertThat(x.variants()).isEqualTo(y.variants());
        }
    }

    @Test
    void captionVariantsAreSampledUniformlyPerEpoch() {
        int examples = 200;
        int[] counts = new int[examples];
        Arrays.fill(counts, 4);
        counts[0] = 1;
        EpochSchedule schedule = new EpochSchedule(counts, examples, 7);
        int[] seen = new int[4];
        int epochs = 100;
        for (int epoch = 0; epoch < epochs; epoch++) {
            EpochSchedule.Epoch order = schedule.next();
            for (int i = 0; i < examples; i++) {
                if (order.order()[i] == 0) {
                    assertThat(order.variants()[i]).isZero();
                } else {
                    seen[order.variants()[i]]++;
                }
            }
        }
        double total = (examples - 1.0) * epochs;
        for (int variant = 0; variant < 4; variant++) {
            assertThat(seen[variant] / total).isCloseTo(0.25, within(0.01));
        }
    }
}
