package io.cirstream.schemas.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable record of the expected type. A Kafka consumer reports it as a
 * {@code RecordDeserializationException} with the partition and offset, so the caller can dead-letter the record and
 * go on.
 */
public final class RecordDecodingException extends SerializationException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Reason {
        /** The bytes do not start with the Avro single-object marker {@code C3 01} and a fingerprint. */
        NOT_SINGLE_OBJECT_ENCODED,
        /** The fingerprint names a schema that is no known version of the expected record. */
        UNKNOWN_SCHEMA,
        /** The header is right but the body does not decode with the schema it names. */
        CORRUPT_PAYLOAD
    }

    private final Reason reason;

    public RecordDecodingException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RecordDecodingException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** What is wrong with the bytes. */
    public Reason reason() {
        return reason;
    }
}
