package io.cirstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.schemas.serde.SchemaHistory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * Each rule of SCHEMAS.md, shown on a minimal schema change: "backward" is a new reader reading an old record,
 * "forward" an old reader reading a new record. The project requires both, for every pair of versions.
 */
class SchemaRulesTest {
    private static final String BASE =
            """
            {"type": "record", "name": "R", "namespace": "t", "fields": [
              {"name": "id", "type": "string"},
              {"name": "title", "type": "string"}
            ]}""";

    @Test
    void addingAFieldWithADefaultKeepsBothDirections() {
        Schema newer = record(
                """
                {"name": "id", "type": "string"}, {"name": "title", "type": "string"},
                {"name": "brand", "type": ["null", "string"], "default": null}""");

        assertThat(backward(BASE, newer)).isTrue();
        assertThat(forward(BASE, newer)).isTrue();
    }

    @Test
    void addingAFieldWithoutADefaultBreaksNewReadersOfOldRecords() {
        Schema newer = record(
                """
                {"name": "id", "type": "string"}, {"name": "title", "type": "string"},
                {"name": "brand", "type": "string"}""");

        assertThat(backward(BASE, newer)).isFalse();
        assertThat(forward(BASE, newer)).isTrue();
    }

    @Test
    void removingAFieldWithADefaultKeepsBothDirections() {
        Schema older = record(
                """
                {"name": "id", "type": "string"}, {"name": "title", "type": "string"},
                {"name": "note", "type": "string", "default": ""}""");

        assertThat(backward(older, parse(BASE))).isTrue();
        assertThat(forward(older, parse(BASE))).isTrue();
    }

    @Test
    void removingAFieldWithoutADefaultBreaksOldReadersOfNewRecords() {
        Schema newer = record("""
                {"name": "id", "type": "string"}""");

        assertThat(backward(BASE, newer)).isTrue();
        assertThat(forward(BASE, newer)).isFalse();
    }

    @Test
    void renamingWithoutAnAliasBreaksNewReaders() {
        Schema newer =
                record("""
                {"name": "id", "type": "string"}, {"name": "name", "type": "string"}""");

        assertThat(backward(BASE, newer)).isFalse();
    }

    @Test
    void anAliasLetsNewReadersFindTheOldNameButOldReadersStillNeedADefault() {
        Schema renamed = record(
                """
                {"name": "id", "type": "string"}, {"name": "name", "type": "string", "aliases": ["title"]}""");
        Schema olderWithDefault = record(
                """
                {"name": "id", "type": "string"}, {"name": "title", "type": "string", "default": ""}""");

        assertThat(backward(BASE, renamed)).isTrue();
        assertThat(forward(BASE, renamed)).isFalse();
        assertThat(forward(olderWithDefault, renamed)).isTrue();
    }

    @Test
    void aTypePromotionOnlyWorksOneWaySoItIsNotAllowed() {
        String older =
                """
                {"type": "record", "name": "R", "namespace": "t", "fields": [{"name": "k", "type": "int"}]}""";
        Schema newer = record("""
                {"name": "k", "type": "long"}""");

        assertThat(backward(older, newer)).isTrue();
        assertThat(forward(older, newer)).isFalse();
    }

    @Test
    void anEnumSymbolCanBeAddedWhenTheEnumHasADefault() {
        Schema withDefault = enumRecord("[\"A\", \"B\"], \"default\": \"A\"");
        Schema withDefaultAndC = enumRecord("[\"A\", \"B\", \"C\"], \"default\": \"A\"");
        Schema withoutDefault = enumRecord("[\"A\", \"B\"]");
        Schema withoutDefaultAndC = enumRecord("[\"A\", \"B\", \"C\"]");

        assertThat(backward(withDefault, withDefaultAndC)).isTrue();
        assertThat(forward(withDefault, withDefaultAndC)).isTrue();
        assertThat(forward(withoutDefault, withoutDefaultAndC)).isFalse();
    }

    @Test
    void anOldReaderSeesTheEnumDefaultForASymbolItDoesNotKnow() throws IOException {
        Schema older = enumRecord("[\"A\", \"B\"], \"default\": \"A\"");
        Schema newer = enumRecord("[\"A\", \"B\", \"C\"], \"default\": \"A\"");
        GenericRecord written = new GenericRecordBuilder(newer)
                .set("e", new GenericData.EnumSymbol(newer.getField("e").schema(), "C"))
                .build();

        GenericRecord read = readAs(older, newer, written);

        assertThat(read.get("e").toString()).isEqualTo("A");
    }

    @Test
    void addingAUnionBranchBreaksOldReaders() {
        Schema older = record("""
                {"name": "v", "type": ["string", "long"]}""");
        Schema newer = record("""
                {"name": "v", "type": ["string", "long", "boolean"]}""");

        assertThat(backward(older, newer)).isTrue();
        assertThat(forward(older, newer)).isFalse();
    }

    @Test
    void docsDefaultsAndAliasesDoNotChangeTheFingerprint() {
        Schema documented = record(
                """
                {"name": "id", "type": "string", "doc": "the id"},
                {"name": "title", "type": "string", "default": "", "aliases": ["name"]}""");

        assertThat(SchemaHistory.fingerprint(documented)).isEqualTo(SchemaHistory.fingerprint(parse(BASE)));
    }

    private static boolean backward(Object older, Schema newer) {
        return canRead(newer, schema(older));
    }

    private static boolean forward(Object older, Schema newer) {
        return canRead(schema(older), newer);
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                        .getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    private static Schema schema(Object older) {
        return older instanceof Schema schema ? schema : parse((String) older);
    }

    private static Schema record(String fields) {
        return parse("{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"t\", \"fields\": [" + fields + "]}");
    }

    private static Schema enumRecord(String symbolsAndDefault) {
        return record("{\"name\": \"e\", \"type\": {\"type\": \"enum\", \"name\": \"E\", \"symbols\": "
                + symbolsAndDefault + "}}");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    private static GenericRecord readAs(Schema reader, Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(writer, reader)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }
}
