package io.cirstream.trainer.log;

import io.cirstream.core.store.StoredProduct;
import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a raw record of the triplet topic into a log entry, or refuses it with the reason: a key that is missing or not
 * UTF-8, a value that does not decode, a triplet id that is not the key, ids that are empty or too long, a blank or
 * over-long caption, or a target that is its own reference. A {@code null} value (tombstone) removes the triplet.
 *
 * @param maxCaptionChars the longest caption accepted (the encoder's limit, {@code cirstream.caption.max-chars})
 */
public record TripletDecoder(int maxCaptionChars) {

    private static final Deserializer<LabelledTriplet> VALUES =
            Topics.TRIPLETS.valueSerde().deserializer();

    public TripletDecoder {
        if (maxCaptionChars < 1) {
            throw new IllegalArgumentException("maxCaptionChars must be >= 1, got " + maxCaptionChars);
        }
    }

    /**
     * The entry this record makes.
     *
     * @throws InvalidTripletException when the record cannot be used, with the reason
     */
    public LogEntry decode(ConsumerRecord<byte[], byte[]> record) {
        String key = key(record.key());
        if (record.value() == null) {
            return new LogEntry.Remove(key);
        }
        LabelledTriplet value;
        try {
            value = VALUES.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            throw new InvalidTripletException(
                    "the triplet under key '" + key + "' does not decode: " + e.getMessage(), e);
        }
        Triplet triplet = Triplet.of(value);
        if (!triplet.id().equals(key)) {
            throw new InvalidTripletException(
                    "the triplet id '" + triplet.id() + "' is not the record key '" + key + "'");
        }
        requireId("referenceId", triplet.referenceId(), key);
        requireId("targetId", triplet.targetId(), key);
        if (triplet.referenceId().equals(triplet.targetId())) {
            throw new InvalidTripletException(
                    "triplet " + key + " has the same product " + triplet.referenceId() + " as reference and target");
        }
        if (triplet.caption().isBlank()) {
            throw new InvalidTripletException("triplet " + key + " has a blank caption");
        }
        if (triplet.caption().length() > maxCaptionChars) {
            throw new InvalidTripletException("the caption of triplet " + key + " has "
                    + triplet.caption().length() + " characters, more than the " + maxCaptionChars + " allowed");
        }
        return new LogEntry.Put(triplet);
    }

    private static String key(byte[] bytes) {
        if (bytes == null) {
            throw new InvalidTripletException("the record has no key; a triplet's key is its id");
        }
        String key;
        try {
            key = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidTripletException("the record key (" + bytes.length + " bytes) is not UTF-8", e);
        }
        requireId("triplet id", key, key);
        return key;
    }

    private static void requireId(String what, String id, String key) {
        if (id.isEmpty() || id.length() > StoredProduct.MAX_ID_LENGTH) {
            throw new InvalidTripletException("the " + what + " of triplet '" + shorten(key) + "' must be 1.."
                    + StoredProduct.MAX_ID_LENGTH + " characters, got " + id.length());
        }
    }

    private static String shorten(String key) {
        int max = 64;
        return key.length() <= max ? key : key.substring(0, max) + "...";
    }
}
