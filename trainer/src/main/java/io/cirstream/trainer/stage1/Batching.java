package io.cirstream.trainer.stage1;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an epoch's triplets are put into batches. The loss's negatives are the other targets of the batch, so this
 * decides which negatives a query meets.
 */
public enum Batching {
    /** A uniform shuffle, as CLIP4Cir trains: negatives are mostly unrelated images. */
    RANDOM,
    /**
     * Triplets of the same group (CIRR's image set: a reference's near-duplicates; else the same reference) kept
     * together in a shuffled order of groups: the batch then holds the images that differ from the target in one
     * attribute, hard negatives that teach what the caption changes. Not the published recipe.
     */
    GROUPED;

    /** The command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name. */
    public static Batching parse(String name) {
        return Arrays.stream(values())
                .filter(v -> v.cliName().equals(name.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown batching '" + name + "': random or grouped"));
    }
}
