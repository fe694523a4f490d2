package io.cirstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of one generated Avro record type in Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte CRC-64-AVRO fingerprint (little-endian), then the Avro binary body. It writes the current schema and reads
 * every version in the record's {@link SchemaHistory}, resolving it to the current schema. A {@code null} record is a
 * {@code null} value (a tombstone) both ways. Thread-safe; {@code configure} and {@code close} do nothing.
 *
 * <p>Writing goes through Avro's {@link BinaryMessageEncoder}. Reading looks the writer schema up in the history's
 * {@link SchemaStore} and decodes the body from the byte array itself rather than through {@code BinaryMessageDecoder}:
 * that one reads from a stream and allocates whatever length a string or bytes field declares before it finds the
 * bytes missing, so a 20-byte poison record could make it allocate 2 GB. The array decoder checks a declared length
 * against the bytes that remain first.
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private static final int HEADER_LENGTH = 10;
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int INITIAL_BUFFER_BYTES = 256;

    private final Class<T> type;
    private final SchemaHistory history;
    private final SpecificData model;
    private final BinaryMessageEncoder<T> encoder;
    private final SchemaStore writerSchemas;
    private final Map<Long, DatumReader<T>> readersByFingerprint = new ConcurrentHashMap<>();

    private AvroSerde(Class<T> type, SchemaHistory history) {
        this.type = type;
        this.history = history;
        this.model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, history.current());
        this.writerSchemas = history.store();
    }

    /** The serde of a generated record class, reading every version kept in its history. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        Objects.requireNonNull(type, "type");
        AvroClassTrust.ensureTrusted();
        Schema current = SpecificData.get().getSchema(type);
        return new AvroSerde<>(type, SchemaHistory.of(current));
    }

    /** The record class this serde writes and reads. */
    public Class<T> type() {
        return type;
    }

    /** The versions this serde reads; it writes the current one. */
    public SchemaHistory history() {
        return history;
    }

    /** Encodes a record; {@code topic} only names the topic in error messages. */
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        try {
            encoder.encode(record, out);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "cannot encode a " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a record written with any known version of the schema.
     *
     * @throws RecordDecodingException when the bytes are not such a record, with the reason
     */
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        long fingerprint = readFingerprint(topic, bytes);
        Schema writer = writerSchemas.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new RecordDecodingException(
                    RecordDecodingException.Reason.UNKNOWN_SCHEMA,
                    "record on topic " + topic + " was written with schema fingerprint "
                            + SchemaHistory.hex(fingerprint) + ", which is no known version of "
                            + history.current().getFullName() + " (known: " + knownFingerprints()
                            + "); a newer writer needs a newer reader (SCHEMAS.md: deploy readers first)");
        }
        DatumReader<T> reader = readersByFingerprint.computeIfAbsent(
                fingerprint, f -> new SpecificDatumReader<>(writer, history.current(), model));
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
        T record;
        boolean trailingBytes;
        try {
            record = reader.read(null, in);
            trailingBytes = !in.isEnd();
        } catch (IOException | RuntimeException e) {
            // Whatever the bytes make Avro throw (EOF, negative or oversized lengths, a union or enum index out of
            // range, an invalid UTF-8 string), the cause is the input, so it is a corrupt record.
            throw corrupt(topic, fingerprint, bytes.length, "the body does not decode: " + e, e);
        }
        if (trailingBytes) {
            throw corrupt(topic, fingerprint, bytes.length, "bytes left after the record", null);
        }
        return record;
    }

    private long readFingerprint(String topic, byte[] bytes) {
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new RecordDecodingException(
                    RecordDecodingException.Reason.NOT_SINGLE_OBJECT_ENCODED,
                    "record on topic " + topic + " is not Avro single-object encoded (expected C3 01 and an 8-byte"
                            + " fingerprint, got " + bytes.length + " bytes starting "
                            + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, HEADER_LENGTH)) + ")");
        }
        return ByteBuffer.wrap(bytes, 2, Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }

    private RecordDecodingException corrupt(String topic, long fingerprint, int length, String what, Throwable cause) {
        return new RecordDecodingException(
                RecordDecodingException.Reason.CORRUPT_PAYLOAD,
                "record on topic " + topic + " (" + length + " bytes) names "
                        + history.current().getName() + " v"
                        + history.versionOf(fingerprint).orElse(0) + " but is corrupt: " + what,
                cause);
    }

    private String knownFingerprints() {
        StringBuilder known = new StringBuilder();
        int version = 1;
        for (Schema schema : history.versions()) {
            if (version > 1) {
                known.append(", ");
            }
            known.append('v')
                    .append(version++)
                    .append('=')
                    .append(SchemaHistory.hex(SchemaHistory.fingerprint(schema)));
        }
        return known.toString();
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    @Override
    public String toString() {
        return "AvroSerde[" + history.current().getFullName() + ", versions="
                + history.versions().size() + "]";
    }
}
