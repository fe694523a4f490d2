package io.cirstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every version of one record schema that may be on a topic, oldest first. The released versions are kept as
 * resources, {@code /io/cirstream/schemas/history/<Name>/v1.avsc}, {@code v2.avsc}, ... without gaps, each a complete
 * schema (nested types inline); the newest of them is normally the current schema of the generated class. A current
 * schema that is not recorded yet (a change in progress) counts as the next version; a test in this module fails until
 * it is recorded. See SCHEMAS.md.
 *
 * @param current the schema of the generated class: what is written, and what every version is read into
 * @param versions every version, oldest first (version {@code i + 1} at index {@code i}); the current one last
 */
public record SchemaHistory(Schema current, List<Schema> versions) {
    /** Classpath folder of the recorded versions. */
    public static final String RESOURCE_ROOT = "/io/cirstream/schemas/history/";

    public SchemaHistory {
        Objects.requireNonNull(current, "current");
        versions = List.copyOf(versions);
        if (versions.isEmpty() || fingerprint(versions.getLast()) != fingerprint(current)) {
            throw new IllegalArgumentException("the versions of " + current.getFullName() + " must end with it");
        }
        for (Schema schema : versions) {
            if (!schema.getFullName().equals(current.getFullName())) {
                throw new IllegalArgumentException("history of " + current.getFullName() + " holds a schema named "
                        + schema.getFullName() + "; every version must keep the record's full name");
            }
        }
    }

    /** The recorded versions of this record, with the current schema last (appended if it is not recorded yet). */
    public static SchemaHistory of(Schema current) {
        List<Schema> versions = new ArrayList<>(recorded(current.getName()));
        if (versions.isEmpty() || fingerprint(versions.getLast()) != fingerprint(current)) {
            versions.add(current);
        }
        return new SchemaHistory(current, versions);
    }

    /** The versions of a record kept as resources, oldest first; empty when none are. */
    public static List<Schema> recorded(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String path = resourcePath(recordName, version);
            try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history resource " + path, e);
            }
        }
    }

    /** Where version {@code version} of a record is kept on the classpath. */
    public static String resourcePath(String recordName, int version) {
        return RESOURCE_ROOT + recordName + "/v" + version + ".avsc";
    }

    /** The versions before the current one, oldest first. */
    public List<Schema> previous() {
        return versions.subList(0, versions.size() - 1);
    }

    /** The version number (1-based) of the schema with this CRC-64-AVRO fingerprint, if it is one of these. */
    public OptionalInt versionOf(long fingerprint) {
        for (int i = 0; i < versions.size(); i++) {
            if (fingerprint(versions.get(i)) == fingerprint) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /** A schema store that resolves the fingerprint of every version. */
    public SchemaStore store() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        versions.forEach(store::addSchema);
        return store;
    }

    /**
     * The CRC-64-AVRO fingerprint of a schema's parsing canonical form, as single-object encoding writes it. Docs,
     * defaults and aliases are not part of that form: changing only them makes no new version.
     */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as 16 hex digits, the way error messages show it. */
    public static String hex(long fingerprint) {
        return HexFormat.of().toHexDigits(fingerprint);
    }
}
