package io.cirstream.core.eval.dataset;

/** What a loader does when image files named by a dataset are not on disk. Either way they are counted. */
public enum MissingImagePolicy {
    /** Refuse the dataset, naming the count and the first missing files (the default: numbers must not drift). */
    FAIL,
    /** Leave the missing images out of the index and drop the triplets that need them; the report counts both. */
    SKIP;

    /** Parses {@code fail} or {@code skip}, case-insensitively. */
    public static MissingImagePolicy parse(String value) {
        for (MissingImagePolicy policy : values()) {
            if (policy.name().equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("missing-image policy must be 'fail' or 'skip', got '" + value + "'");
    }
}
