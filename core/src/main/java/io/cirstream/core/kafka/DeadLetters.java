package io.cirstream.core.kafka;

import io.cirstream.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Builds the {@link DeadLetter} of a record a service could not process: its bytes untouched, where it was, why. */
public final class DeadLetters {

    /** The longest error message kept; longer ones are cut and marked. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    /** How many causes of the error the message follows. */
    static final int MAX_CAUSES = 5;

    private DeadLetters() {}

    /** The dead letter of this record, refused for {@code reason} at {@code failedAt}. */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, Throwable reason, Instant failedAt) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(reason, "reason");
        return DeadLetter.newBuilder()
                .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setErrorClass(reason.getClass().getName())
                .setErrorMessage(message(reason))
                .setFailedAt(Objects.requireNonNull(failedAt, "failedAt"))
                .build();
    }

    /** The error's message followed by its causes' ("...; caused by X: ..."), at most {@link #MAX_MESSAGE_CHARS}. */
    static String message(Throwable reason) {
        StringBuilder text = new StringBuilder(String.valueOf(reason.getMessage()));
        Throwable cause = reason.getCause();
        for (int i = 0; cause != null && cause != reason && i < MAX_CAUSES; i++, cause = cause.getCause()) {
            text.append("; caused by ")
                    .append(cause.getClass().getName())
                    .append(": ")
                    .append(cause.getMessage());
        }
        if (text.length() > MAX_MESSAGE_CHARS) {
            String marker = "... (cut)";
            text.setLength(MAX_MESSAGE_CHARS - marker.length());
            text.append(marker);
        }
        return text.toString();
    }
}
