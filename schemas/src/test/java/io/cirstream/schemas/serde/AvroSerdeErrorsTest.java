package io.cirstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.SampleRecords;
import io.cirstream.schemas.avro.ComposedQuery;
import io.cirstream.schemas.avro.ModelVersion;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.serde.RecordDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class AvroSerdeErrorsTest {
    private static final int MUTATION_TRIALS = 5_000;

    private final AvroSerde<ModelVersion> models = AvroSerde.of(ModelVersion.class);
    private final Deserializer<ModelVersion> deserializer = models.deserializer();

    @Test
    void garbageBytesAreNotSingleObjectEncoded() {
        byte[] garbage = "{\"modelName\": \"combiner\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("cir.models", garbage))
                .isInstanceOf(RecordDecodingException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("NOT_SINGLE_OBJECT_ENCODED")
                .hasMessageContaining("cir.models")
                .hasMessageContaining("7b226d6f64656c4e616d") // the first bytes, in hex
                .satisfies(e ->
                        assertThat(((RecordDecodingException) e).reason()).isEqualTo(Reason.NOT_SINGLE_OBJECT_ENCODED));
    }

    @Test
    void aHeaderWithoutAFingerprintIsNotSingleObjectEncoded() {
        assertThat(reasonOf(new byte[] {(byte) 0xC3, 0x01, 1, 2})).isEqualTo(Reason.NOT_SINGLE_OBJECT_ENCODED);
        assertThat(reasonOf(new byte[0])).isEqualTo(Reason.NOT_SINGLE_OBJECT_ENCODED);
    }

    @Test
    void aRecordOfAnotherTypeHasAnUnknownFingerprint() {
        byte[] query = AvroSerde.of(ComposedQuery.class).serialize("cir.queries", SampleRecords.queryByProduct());
        String queryFingerprint = SchemaHistory.hex(SchemaHistory.fingerprint(ComposedQuery.getClassSchema()));

        assertThatThrownBy(() -> deserializer.deserialize("cir.models", query))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("UNKNOWN_SCHEMA")
                .hasMessageContaining(queryFingerprint)
                .hasMessageContaining("io.cirstream.schemas.avro.ModelVersion")
                .hasMessageContaining("deploy readers first");
    }

    @Test
    void aFlippedFingerprintByteIsAnUnknownSchema() {
        byte[] bytes = models.serialize("cir.models", SampleRecords.modelVersion());
        bytes[5] ^= 0x40;

        assertThat(reasonOf(bytes)).isEqualTo(Reason.UNKNOWN_SCHEMA);
    }

    @Test
    void aTruncatedBodyIsCorrupt() {
        byte[] bytes = models.serialize("cir.models", SampleRecords.modelVersion());
        byte[] truncated = Arrays.copyOf(bytes, bytes.length - 5);

        assertThatThrownBy(() -> deserializer.deserialize("cir.models", truncated))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("CORRUPT_PAYLOAD")
                .hasMessageContaining("ModelVersion v1");
    }

    @Test
    void trailingBytesAreCorrupt() {
        byte[] bytes = models.serialize("cir.models", SampleRecords.modelVersion());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertThatThrownBy(() -> deserializer.deserialize("cir.models", longer))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("bytes left after the record");
    }

    @Test
    void aHugeDeclaredLengthIsCorruptAndAllocatesNothing() throws Exception {
        // A ProductDeleted whose productId claims to be 2^31 - 100 bytes long, in a 15-byte message. Avro's
        // BinaryMessageDecoder allocates the 2 GB first (OutOfMemoryError with -Xmx256m); the serde checks first.
        AvroSerde<ProductDeleted> deletes = AvroSerde.of(ProductDeleted.class);
        byte[] valid = deletes.serialize("t", SampleRecords.delete());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        encoder.writeLong(Integer.MAX_VALUE - 100);
        encoder.flush();
        byte[] hostile = new byte[10 + body.size()];
        System.arraycopy(valid, 0, hostile, 0, 10);
        System.arraycopy(body.toByteArray(), 0, hostile, 10, body.size());

        assertThatThrownBy(() -> deletes.deserialize("t", hostile))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("CORRUPT_PAYLOAD")
                .hasMessageContaining("Attempted to read 2147483547 bytes, but only 0 bytes are available");
    }

    @Test
    void aHugeDeclaredCollectionIsCorruptAndAllocatesNothing() throws Exception {
        // A ComposedQuery whose filter categories claim 2 billion elements, in a 20-byte message.
        AvroSerde<ComposedQuery> queries = AvroSerde.of(ComposedQuery.class);
        byte[] valid = queries.serialize("cir.queries", SampleRecords.queryByImage());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        encoder.writeString(""); // queryId
        encoder.writeIndex(0); // reference: ProductReference
        encoder.writeString(""); // productId
        encoder.writeString(""); // caption
        encoder.writeInt(0); // k
        encoder.writeLong(2_000_000_000L); // filters.categories: block count
        encoder.flush();
        byte[] hostile = new byte[10 + body.size()];
        System.arraycopy(valid, 0, hostile, 0, 10);
        System.arraycopy(body.toByteArray(), 0, hostile, 10, body.size());

        assertThatThrownBy(() -> queries.deserialize("cir.queries", hostile))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("CORRUPT_PAYLOAD")
                .hasMessageContaining("Collection claims 2000000000 elements");
    }

    @Test
    void aRecordMissingARequiredFieldCannotBeEncoded() {
        ProductDeleted incomplete = new ProductDeleted();

        assertThatThrownBy(() -> AvroSerde.of(ProductDeleted.class).serialize("catalog.products", incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot encode a ProductDeleted for topic catalog.products");
    }

    @Test
    void mutatedRecordsDecodeOrFailWithARecordDecodingExceptionNeverAnythingElse() {
        Random random = new Random(20_261_101L);
        AvroSerde<ComposedQuery> queries = AvroSerde.of(ComposedQuery.class);
        byte[] valid = queries.serialize("cir.queries", SampleRecords.queryByProduct());
        for (int trial = 0; trial < MUTATION_TRIALS; trial++) {
            byte[] mutated = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int at = 10 + random.nextInt(mutated.length - 10);
                mutated[at] = (byte) random.nextInt(256);
            }
            try {
                queries.deserialize("cir.queries", mutated);
            } catch (RecordDecodingException expected) {
                assertThat(expected.reason()).isEqualTo(Reason.CORRUPT_PAYLOAD);
            }
        }
        for (int length = 0; length < valid.length; length++) {
            byte[] truncated = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> queries.deserialize("cir.queries", truncated))
                    .isInstanceOf(RecordDecodingException.class);
        }
    }

    private Reason reasonOf(byte[] bytes) {
        try {
            deserializer.deserialize("cir.models", bytes);
        } catch (RecordDecodingException e) {
            return e.reason();
        }
        throw new AssertionError("decoded " + bytes.length + " bad bytes without an error");
    }
}
