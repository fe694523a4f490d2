package io.cirstream.ingest.consume;

import io.cirstream.core.image.ImageLimits;
import io.cirstream.core.store.SourceVersion;
import io.cirstream.core.store.StoredProduct;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ImageUri;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.topic.Topic;
import io.cirstream.schemas.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a raw catalogue record into a {@link CatalogChange}, or refuses it with the reason: undecodable Avro
 * ({@link io.cirstream.schemas.serde.RecordDecodingException}), or a record that breaks the catalogue's rules
 * ({@link InvalidCatalogEventException}): no key or one that is not the product id, an empty id, category or image,
 * a negative price or event time, a currency that is not three upper-case letters, an inline image over the byte
 * limit, a malformed image hash. A {@code null} value (a tombstone) removes the product named by the key, at the
 * record's timestamp.
 */
public final class CatalogRecordDecoder {

    private static final Topic<String, CatalogEvent> TOPIC = Topics.CATALOG_PRODUCTS;
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Deserializer<CatalogEvent> values = TOPIC.valueSerde().deserializer();
    private final long maxImageBytes;

    /** A decoder refusing inline images over {@code maxImageBytes}. */
    public CatalogRecordDecoder(long maxImageBytes) {
        this.maxImageBytes = maxImageBytes;
    }

    /** The change a record carries; throws with the reason when it carries none that can be applied. */
    public CatalogChange decode(ConsumerRecord<byte[], byte[]> record) {
        String key = key(record);
        if (record.value() == null) {
            return new CatalogChange.Removal(
                    requireId(key, record), new SourceVersion(Math.max(0, record.timestamp()), record.offset()));
        }
        CatalogEvent event = values.deserialize(record.topic(), record.value());
        return switch (event.getEvent()) {
            case ProductUpserted upserted -> upsert(key, upserted, record);
            case ProductDeleted deleted -> removal(key, deleted, record);
            default ->
                throw invalid(
                        record,
                        "carries an unknown kind of event " + event.getEvent().getClass());
        };
    }

    private CatalogChange.Upsert upsert(String key, ProductUpserted event, ConsumerRecord<byte[], byte[]> record) {
        String id = requireMatchingId(key, event.getProductId(), record);
        long eventTime = requireEventTime(event.getEventTime().toEpochMilli(), record);
        require(!event.getCategory().isBlank(), record, "has an empty category");
        require(
                event.getPriceMinorUnits() >= 0,
                record,
                "has a negative priceMinorUnits " + event.getPriceMinorUnits());
        require(
                CURRENCY.matcher(event.getCurrency()).matches(),
                record,
                "has currency '" + event.getCurrency() + "', not an ISO 4217 code of three upper-case letters");
        for (String name : event.getAttributes().keySet()) {
            require(!name.isEmpty(), record, "has an attribute with an empty name");
        }
        Optional<String> sha = Optional.ofNullable(event.getImageSha256());
        require(
                sha.isEmpty() || SHA256.matcher(sha.get()).matches(),
                record,
                "has imageSha256 '" + sha.orElse("") + "', not 64 lower-case hex digits");
        return new CatalogChange.Upsert(
                id,
                new SourceVersion(eventTime, record.offset()),
                image(event.getImage(), record),
                event.getCategory(),
                event.getPriceMinorUnits(),
                event.getCurrency(),
                event.getInStock(),
                Map.copyOf(event.getAttributes()),
                sha);
    }

    private CatalogChange.ImageRef image(Object image, ConsumerRecord<byte[], byte[]> record) {
        if (image instanceof ImageUri uri) {
            require(!uri.getUri().isBlank(), record, "has an empty image URI");
            return new CatalogChange.ImageRef.ByUri(uri.getUri());
        }
        ByteBuffer buffer = ((ByteBuffer) image).duplicate();
        require(buffer.hasRemaining(), record, "has an empty inline image");
        require(
                buffer.remaining() <= maxImageBytes,
                record,
                "has an inline image of " + buffer.remaining() + " bytes, over the limit of " + maxImageBytes + " ("
                        + ImageLimits.MAX_BYTES_KEY.name() + ")");
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new CatalogChange.ImageRef.Inline(bytes);
    }

    private CatalogChange.Removal removal(String key, ProductDeleted event, ConsumerRecord<byte[], byte[]> record) {
        String id = requireMatchingId(key, event.getProductId(), record);
        long eventTime = requireEventTime(event.getEventTime().toEpochMilli(), record);
        return new CatalogChange.Removal(id, new SourceVersion(eventTime, record.offset()));
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw invalid(record, "has no key; catalogue records are keyed by product id");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(record.key()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(record, "has a key that is not UTF-8");
        }
    }

    private static String requireId(String id, ConsumerRecord<byte[], byte[]> record) {
        require(
                !id.isBlank() && id.length() <= StoredProduct.MAX_ID_LENGTH,
                record,
                "has a product id of " + id.length() + " characters; ids are 1.." + StoredProduct.MAX_ID_LENGTH
                        + " characters and not blank");
        return id;
    }

    private static String requireMatchingId(String key, String productId, ConsumerRecord<byte[], byte[]> record) {
        require(
                key.equals(productId),
                record,
                "is keyed '" + key + "' but is about product '" + productId
                        + "'; the key must be the product id, or per-product order is lost");
        return requireId(productId, record);
    }

    private static long requireEventTime(long eventTime, ConsumerRecord<byte[], byte[]> record) {
        require(eventTime >= 0, record, "has a negative eventTime " + eventTime);
        return eventTime;
    }

    private static void require(boolean condition, ConsumerRecord<byte[], byte[]> record, String what) {
        if (!condition) {
            throw invalid(record, what);
        }
    }

    private static InvalidCatalogEventException invalid(ConsumerRecord<byte[], byte[]> record, String what) {
        return new InvalidCatalogEventException(
                "catalogue record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " " + what);
    }
}
