package io.cirstream.query.search;

import io.cirstream.core.store.VectorStore;

/**
 * The bounds a query must stay within.
 *
 * @param maxK the most hits a query may ask for
 * @param maxCaptionChars the longest caption (and negative caption), in characters
 * @param maxImageBytes the largest uploaded reference image, in bytes (its pixels are bounded by the image limits)
 */
public record QueryLimits(int maxK, int maxCaptionChars, long maxImageBytes) {

    public QueryLimits {
        if (maxK < 1 || maxK > VectorStore.MAX_K) {
            throw new IllegalArgumentException("maxK must be 1.." + VectorStore.MAX_K + ", got " + maxK);
        }
        if (maxCaptionChars < 1) {
            throw new IllegalArgumentException("maxCaptionChars must be >= 1, got " + maxCaptionChars);
        }
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be >= 1, got " + maxImageBytes);
        }
    }
}
