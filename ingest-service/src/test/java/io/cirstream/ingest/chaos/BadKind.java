package io.cirstream.ingest.chaos;

import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import io.cirstream.schemas.topic.Topics;
import java.util.Arrays;
import java.util.Random;

/**
 * The kinds of bad catalogue event the matrix sends, each with the words its dead letter must carry. Image problems
 * are caught while the batch is resolved, the others while the record is decoded.
 */
enum BadKind {
    /** Bytes that are no image format at all. */
    CORRUPT_IMAGE("is not in an accepted format"),
    /** A PNG cut short. */
    TRUNCATED_IMAGE("is a truncated or corrupt PNG"),
    /** A 31 KB PNG declaring 16000x16000 pixels (32 MB of raw rows, 1 GB as RGB): refused from its header. */
    DECOMPRESSION_BOMB("pixels, over the limit of"),
    /** An inline image over the service's byte limit ({@link FaultMatrixSettings#MAX_IMAGE_BYTES}). */
    OVERSIZE_IMAGE("over the limit of " + FaultMatrixSettings.MAX_IMAGE_BYTES),
    /** Avro single-object bytes with a schema fingerprint nobody knows. */
    WRONG_SCHEMA("UNKNOWN_SCHEMA"),
    /**
     * A record whose key (the product id) is empty. One with no key at all never gets this far: the catalogue topic is
     * compacted, and the broker refuses a record without a key.
     */
    EMPTY_KEY("the key must be the product id"),
    /** An upsert whose category is missing (blank). */
    MISSING_FIELD("has an empty category"),
    /** An image given by a URI outside the allow-list. */
    UNKNOWN_URI("NOT_ALLOWED");

    private static final int TRUNCATED_PERCENT = 60;
    private static final int OVERSIZE_SIDE = 160;
    private static final int WRONG_SCHEMA_BODY = 40;

    private final String reason;

    BadKind(String reason) {
        this.reason = reason;
    }

    /** What the dead letter's error class and message must contain. */
    String reason() {
        return reason;
    }

    /**
     * Whether the service finds this out only from the image (fetching or decoding it). It does not look at the image
     * of an upsert older than what the store holds: a replay after a crash may find the event superseded by a newer
     * version its own batch wrote before the crash, and skip it as stale instead of dead-lettering it.
     */
    boolean foundInImage() {
        return this == CORRUPT_IMAGE || this == TRUNCATED_IMAGE || this == DECOMPRESSION_BOMB || this == UNKNOWN_URI;
    }

    /** Whether the record keeps its key (all but {@link #EMPTY_KEY}). */
    boolean keyed() {
        return this != EMPTY_KEY;
    }

    /** The record value of this bad event about {@code productId}, at this event time. */
    byte[] value(String productId, long eventTime, Random random, byte[] goodImage) {
        return switch (this) {
            case CORRUPT_IMAGE -> encode(Upsert.of(productId, randomBytes(random, 300)), eventTime);
            case TRUNCATED_IMAGE ->
                encode(
                        Upsert.of(productId, Arrays.copyOf(goodImage, goodImage.length * TRUNCATED_PERCENT / 100)),
                        eventTime);
            case DECOMPRESSION_BOMB -> encode(Upsert.of(productId, BombPng.bytes()), eventTime);
            case OVERSIZE_IMAGE ->
                encode(Upsert.of(productId, TestImages.noisePng(random.nextInt(), OVERSIZE_SIDE)), eventTime);
            case WRONG_SCHEMA -> wrongSchema(random);
            case EMPTY_KEY -> encode(Upsert.of(productId, goodImage), eventTime);
            case MISSING_FIELD -> encode(Upsert.of(productId, goodImage).category(" "), eventTime);
            case UNKNOWN_URI ->
                encode(Upsert.byUri(productId, "https://images.unknown.example/" + productId + ".png"), eventTime);
        };
    }

    private static byte[] encode(Upsert upsert, long eventTime) {
        return Topics.CATALOG_PRODUCTS
                .valueSerde()
                .serializer()
                .serialize(Topics.CATALOG_PRODUCTS.name(), upsert.at(eventTime).event());
    }

    /** The single-object marker C3 01, then a fingerprint of no known schema, then a body. */
    private static byte[] wrongSchema(Random random) {
        byte[] bytes = randomBytes(random, 2 + Long.BYTES + WRONG_SCHEMA_BODY);
        bytes[0] = (byte) 0xC3;
        bytes[1] = 0x01;
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = 'x'; // no image format begins so
        return bytes;
    }
}
