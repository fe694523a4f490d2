package io.cirstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.serde.AvroSerde;
import io.cirstream.schemas.serde.SchemaHistory;
import io.cirstream.schemas.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The guards of SCHEMAS.md, over every record a serde writes: recorded, compatible both ways, documented. */
class SchemaContractTest {
    /** Where a failing run writes the version to record, for copying into the history. */
    private static final Path CANDIDATES = Path.of("target", "schema-history");

    static Stream<Named<Schema>> everySerializedRecord() {
        Stream<Schema> topicValues = Topics.ALL.stream()
                .map(topic -> ((AvroSerde<?>) topic.valueSerde()).history().current());
        Stream<Schema> events = Stream.of(ProductUpserted.class, ProductDeleted.class)
                .map(type -> SpecificData.get().getSchema(type));
        return Stream.concat(topicValues, events).distinct().map(schema -> Named.of(schema.getName(), schema));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySerializedRecord")
    void theCurrentSchemaIsTheNewestRecordedVersion(Schema current) throws IOException {
        List<Schema> recorded = SchemaHistory.recorded(current.getName());
        boolean upToDate = !recorded.isEmpty()
                && SchemaHistory.fingerprint(recorded.getLast()) == SchemaHistory.fingerprint(current);
        if (!upToDate) {
            String resource = SchemaHistory.resourcePath(current.getName(), recorded.size() + 1);
            Path candidate = CANDIDATES.resolve(current.getName()).resolve("v" + (recorded.size() + 1) + ".avsc");
            Files.createDirectories(candidate.getParent());
            Files.writeString(candidate, SchemaFormatter.format("json/pretty", current) + "\n", StandardCharsets.UTF_8);
            throw new AssertionError(current.getFullName() + " changed on the wire but its new version is not"
                    + " recorded. If the change follows SCHEMAS.md, record it: cp schemas/" + candidate
                    + " schemas/src/main/resources" + resource);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySerializedRecord")
    void everyVersionReadsEveryOtherVersion(Schema current) {
        List<Schema> versions = SchemaHistory.of(current).versions();
        List<String> broken = new ArrayList<>();
        for (int w = 0; w < versions.size(); w++) {
            for (int r = 0; r < versions.size(); r++) {
                var result = SchemaCompatibility.checkReaderWriterCompatibility(versions.get(r), versions.get(w));
                if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    broken.add("v" + (r + 1) + " cannot read v" + (w + 1) + ": " + result.getDescription());
                }
            }
        }
        assertThat(broken).as(current.getFullName()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySerializedRecord")
    void everyRecordEnumAndFieldHasADoc(Schema current) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(current, new IdentityHashMap<>(), undocumented);
        assertThat(undocumented).as(current.getFullName()).isEmpty();
    }

    private static void collectUndocumented(Schema schema, Map<Schema, Boolean> seen, List<String> undocumented) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                requireDoc(schema.getFullName(), schema.getDoc(), undocumented);
                for (Schema.Field field : schema.getFields()) {
                    requireDoc(schema.getName() + "." + field.name(), field.doc(), undocumented);
                    collectUndocumented(field.schema(), seen, undocumented);
                }
            }
            case ENUM, FIXED -> requireDoc(schema.getFullName(), schema.getDoc(), undocumented);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, seen, undocumented));
            case ARRAY -> collectUndocumented(schema.getElementType(), seen, undocumented);
            case MAP -> collectUndocumented(schema.getValueType(), seen, undocumented);
            default -> {}
        }
    }

    private static void requireDoc(String name, String doc, List<String> undocumented) {
        if (doc == null || doc.isBlank()) {
            undocumented.add(name);
        }
    }
}
