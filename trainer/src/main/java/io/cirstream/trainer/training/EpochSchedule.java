package io.cirstream.trainer.training;

import java.util.SplittableRandom;

/**
 * Which examples each batch of each epoch holds, and with which caption variant, from one seeded generator: every
 * epoch shuffles the examples anew and samples each example's caption variant uniformly. Batches are full: an epoch
 * has {@code floor(N / B)} of them and the last {@code N mod B} shuffled examples sit that epoch out (as CLIP4Cir's
 * {@code DataLoader(shuffle=True, drop_last=True)}); the shuffle makes them different examples every epoch.
 */
final class EpochSchedule {

    private final int[] variantCounts;
    private final int batchSize;
    private final SplittableRandom random;

    EpochSchedule(int[] variantCounts, int batchSize, long seed) {
        if (batchSize < 1 || batchSize > variantCounts.length) {
            throw new IllegalArgumentException(
                    "batch size %d for %d examples".formatted(batchSize, variantCounts.length));
        }
        this.variantCounts = variantCounts.clone();
        this.batchSize = batchSize;
        this.random = new SplittableRandom(seed);
    }

    /** Batches per epoch. */
    int batchesPerEpoch() {
        return variantCounts.length / batchSize;
    }

    /** Examples that sit out each epoch (the partial last batch). */
    int leftOutPerEpoch() {
        return variantCounts.length % batchSize;
    }

    /** The batch size. */
    int batchSize() {
        return batchSize;
    }

    /** The next epoch's order: a fresh permutation and a fresh caption variant per example. */
    Epoch next() {
        int count = variantCounts.length;
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] variants = new int[count];
        for (int i = 0; i < count; i++) {
            variants[i] = variantCounts[order[i]] == 1 ? 0 : random.nextInt(variantCounts[order[i]]);
        }
        return new Epoch(order, variants, batchSize);
    }

    /** One epoch's order of examples and their caption variants. */
    record Epoch(int[] order, int[] variants, int batchSize) {

        /** The examples of batch {@code index}. */
        int[] examples(int index) {
            return slice(order, index);
        }

        /** The caption variants of batch {@code index}'s examples. */
        int[] variants(int index) {
            return slice(variants, index);
        }

        private int[] slice(int[] values, int index) {
            int[] batch = new int[batchSize];
            System.arraycopy(values, index * batchSize, batch, 0, batchSize);
            return batch;
        }
    }
}
