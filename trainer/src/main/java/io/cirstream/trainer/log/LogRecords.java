package io.cirstream.trainer.log;

import io.cirstream.schemas.avro.LabelledTriplet;
import io.cirstream.schemas.serde.AvroSerde;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The binary layout of the training log. The file starts with {@link #MAGIC} and a format version; then come frames of
 * {@code int length, int crc32c(body), body}. A body is a type byte and:
 *
 * <ul>
 *   <li>{@link #PUT}: the triplet as an Avro single-object encoded {@code LabelledTriplet} (the topic's own format, so
 *       the log reads every schema version the topic does);
 *   <li>{@link #REMOVE}: the triplet id in UTF-8;
 *   <li>{@link #CHECKPOINT}: {@code long sequence, int count, count × (int partition, long nextOffset)}: the entries
 *       before it are complete, and the topic was consumed up to these positions.
 * </ul>
 *
 * All integers are big-endian.
 */
final class LogRecords {

    static final byte[] MAGIC = "CIRSTLOG".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = MAGIC.length + Integer.BYTES;
    static final int FRAME_HEADER_BYTES = 2 * Integer.BYTES;

    /** No frame body is larger: a triplet is two ids, a caption and a few fields (a checkpoint, a few partitions). */
    static final int MAX_BODY_BYTES = 1 << 20;

    static final byte PUT = 1;
    static final byte REMOVE = 2;
    static final byte CHECKPOINT = 3;

    private static final AvroSerde<LabelledTriplet> SERDE = AvroSerde.of(LabelledTriplet.class);
    private static final String SERDE_CONTEXT = "training log";

    private LogRecords() {}

    static byte[] header() {
        return ByteBuffer.allocate(HEADER_BYTES)
                .put(MAGIC)
                .putInt(FORMAT_VERSION)
                .array();
    }

    static byte[] put(Triplet triplet) {
        byte[] avro = SERDE.serialize(SERDE_CONTEXT, triplet.toRecord());
        return frame(ByteBuffer.allocate(1 + avro.length).put(PUT).put(avro).array());
    }

    static byte[] remove(String tripletId) {
        byte[] id = tripletId.getBytes(StandardCharsets.UTF_8);
        return frame(ByteBuffer.allocate(1 + id.length).put(REMOVE).put(id).array());
    }

    static byte[] checkpoint(long sequence, Map<Integer, Long> positions) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(CHECKPOINT);
            out.writeLong(sequence);
            Map<Integer, Long> sorted = new TreeMap<>(positions);
            out.writeInt(sorted.size());
            for (Map.Entry<Integer, Long> position : sorted.entrySet()) {
                out.writeInt(position.getKey());
                out.writeLong(position.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frame(bytes.toByteArray());
    }

    static Triplet decodePut(ByteBuffer body) {
        byte[] avro = new byte[body.remaining()];
        body.get(avro);
        return Triplet.of(SERDE.deserialize(SERDE_CONTEXT, avro));
    }

    static String decodeRemove(ByteBuffer body) {
        byte[] id = new byte[body.remaining()];
        body.get(id);
        return new String(id, StandardCharsets.UTF_8);
    }

    static long crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }

    private static byte[] frame(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new TrainingLogException(
                    "a training-log record of " + body.length + " bytes exceeds the limit of " + MAX_BODY_BYTES);
        }
        return ByteBuffer.allocate(FRAME_HEADER_BYTES + body.length)
                .putInt(body.length)
                .putInt((int) crc(body, 0, body.length))
                .put(body)
                .array();
    }
}
