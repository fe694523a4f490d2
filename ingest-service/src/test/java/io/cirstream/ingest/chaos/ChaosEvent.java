package io.cirstream.ingest.chaos;

import java.nio.charset.StandardCharsets;

/**
 * One catalogue record the matrix sends, with what it means.
 *
 * @param seq its place in the generated catalogue
 * @param producer which producer sends it (0 or 1; producer 1's clock may be skewed)
 * @param productId the product it is about
 * @param kind what kind of event it is
 * @param bad for {@link Kind#BAD}, which kind of bad; else null
 * @param value the record value (null for a tombstone)
 * @param eventTime its version: the event's time, or a tombstone's record timestamp
 * @param look what an upsert sets; null for removals and bad events
 */
record ChaosEvent(
        int seq, int producer, String productId, Kind kind, BadKind bad, byte[] value, long eventTime, Look look) {

    /** What the event is. */
    enum Kind {
        NEW,
        SCALAR_UPDATE,
        IMAGE_CHANGE,
        DELETE,
        TOMBSTONE,
        LATE,
        DUPLICATE,
        BAD
    }

    /**
     * What an upsert sets.
     *
     * @param pattern which of the catalogue's images
     */
    record Look(int pattern, long price, String category, boolean inStock) {}

    /** The record key: the product id, except for a bad event whose key is empty. */
    byte[] key() {
        return bad != null && !bad.keyed() ? new byte[0] : productId.getBytes(StandardCharsets.UTF_8);
    }

    boolean isBad() {
        return bad != null;
    }

    /** Whether a valid event removes the product (a delete event or a tombstone). */
    boolean removes() {
        return !isBad() && look == null;
    }

    /** The same event sent once more. */
    ChaosEvent duplicate(int newSeq, int newProducer) {
        return new ChaosEvent(newSeq, newProducer, productId, Kind.DUPLICATE, null, value, eventTime, look);
    }
}
