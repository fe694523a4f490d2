package io.cirstream.query.catalog;

import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductUpserted;
import io.cirstream.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue as the topology's global store holds it (the latest event per product id of {@code
 * catalog.products}): a product's details and image, and browsing by category and title words. A product whose latest
 * event is a deletion, or whose event does not decode, is absent.
 */
public final class CatalogView {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogView.class);
    private static final Deserializer<CatalogEvent> EVENTS =
            Topics.CATALOG_PRODUCTS.valueSerde().deserializer();

    /** The most products one browse returns. */
    public static final int MAX_PAGE = 200;

    private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;

    /** @param store the global catalogue store, looked up on every call (it may be replaced on a restart) */
    public CatalogView(Supplier<ReadOnlyKeyValueStore<String, byte[]>> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The product with this id, if the catalogue holds it. */
    public Optional<ProductUpserted> product(String productId) {
        return decode(productId, store.get().get(productId));
    }

    /**
     * Products of this category (empty: any) whose title contains every word of {@code words} (case-insensitive; empty:
     * any), in id order, skipping the first {@code offset}, at most {@code limit}.
     */
    public List<ProductUpserted> browse(String category, String words, int offset, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + ", got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        List<String> terms = words.isBlank()
                ? List.of()
                : List.of(words.toLowerCase(Locale.ROOT).trim().split("\\s+"));
        List<ProductUpserted> page = new ArrayList<>();
        int skipped = 0;
        try (KeyValueIterator<String, byte[]> all = store.get().all()) {
            while (all.hasNext() && page.size() < limit) {
                KeyValue<String, byte[]> entry = all.next();
                Optional<ProductUpserted> product = decode(entry.key, entry.value);
                if (product.isEmpty() || !matches(product.get(), category, terms)) {
                    continue;
                }
                if (skipped++ >= offset) {
                    page.add(product.get());
                }
            }
        }
        return page;
    }

    private static boolean matches(ProductUpserted product, String category, List<String> terms) {
        if (!category.isEmpty() && !category.equals(product.getCategory())) {
            return false;
        }
        String title = product.getTitle().toLowerCase(Locale.ROOT);
        return terms.stream().allMatch(title::contains);
    }

    private static Optional<ProductUpserted> decode(String productId, byte[] bytes) {
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return EVENTS.deserialize(Topics.CATALOG_PRODUCTS.name(), bytes).getEvent()
                            instanceof ProductUpserted upsert
                    ? Optional.of(upsert)
                    : Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("catalogue event of product {} does not decode: {}", productId, e.getMessage());
            return Optional.empty();
        }
    }
}
