package io.cirstream.core.store;

import io.cirstream.core.InvalidInputException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which products a search may return: every condition set must hold (AND). A typed model, never an expression
 * string: adapters translate it with values bound or escaped, so no value can change the filter's structure.
 *
 * @param categories the product's category is one of these; empty means any category
 * @param minPriceMinorUnits the lowest price allowed, inclusive
 * @param maxPriceMinorUnits the highest price allowed, inclusive
 * @param inStock the required in-stock state; empty means either
 * @param attributeEquals each of these attributes must be present with exactly this value
 */
public record ProductFilter(
        Set<String> categories,
        OptionalLong minPriceMinorUnits,
        OptionalLong maxPriceMinorUnits,
        Optional<Boolean> inStock,
        Map<String, String> attributeEquals) {

    private static final ProductFilter NONE =
            new ProductFilter(Set.of(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), Map.of());

    public ProductFilter {
        categories = Set.copyOf(Objects.requireNonNull(categories, "categories"));
        Objects.requireNonNull(minPriceMinorUnits, "minPriceMinorUnits");
        Objects.requireNonNull(maxPriceMinorUnits, "maxPriceMinorUnits");
        Objects.requireNonNull(inStock, "inStock");
        attributeEquals = Map.copyOf(Objects.requireNonNull(attributeEquals, "attributeEquals"));
        if (minPriceMinorUnits.isPresent()
                && maxPriceMinorUnits.isPresent()
                && minPriceMinorUnits.getAsLong() > maxPriceMinorUnits.getAsLong()) {
            throw new InvalidInputException("price range is empty: min " + minPriceMinorUnits.getAsLong() + " > max "
                    + maxPriceMinorUnits.getAsLong());
        }
        for (String key : attributeEquals.keySet()) {
            if (key.isEmpty()) {
                throw new InvalidInputException("attribute names in a filter must not be empty");
            }
        }
    }

    /** The filter that keeps every product. */
    public static ProductFilter none() {
        return NONE;
    }

    /** Whether this filter keeps every product. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** This filter, also requiring the category to be one of these (replacing any earlier category set). */
    public ProductFilter withCategories(Set<String> allowed) {
        if (allowed.isEmpty()) {
            throw new InvalidInputException("a category filter needs at least one category");
        }
        return new ProductFilter(allowed, minPriceMinorUnits, maxPriceMinorUnits, inStock, attributeEquals);
    }

    /** This filter, also requiring {@code min <= price <= max} (both inclusive; either may be empty). */
    public ProductFilter withPriceRange(OptionalLong min, OptionalLong max) {
        return new ProductFilter(categories, min, max, inStock, attributeEquals);
    }

    /** This filter, also requiring {@code min <= price <= max}, both inclusive. */
    public ProductFilter withPriceRange(long min, long max) {
        return withPriceRange(OptionalLong.of(min), OptionalLong.of(max));
    }

    /** This filter, also requiring this in-stock state. */
    public ProductFilter withInStock(boolean required) {
        return new ProductFilter(
                categories, minPriceMinorUnits, maxPriceMinorUnits, Optional.of(required), attributeEquals);
    }

    /** This filter, also requiring attribute {@code name} to equal {@code value}. */
    public ProductFilter withAttribute(String name, String value) {
        Map<String, String> attributes = new HashMap<>(attributeEquals);
        attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new ProductFilter(categories, minPriceMinorUnits, maxPriceMinorUnits, inStock, attributes);
    }

    /** Whether a product passes this filter: the reference semantics every adapter must match. */
    public boolean test(StoredProduct product) {
        return (categories.isEmpty() || categories.contains(product.category()))
                && (minPriceMinorUnits.isEmpty() || product.priceMinorUnits() >= minPriceMinorUnits.getAsLong())
                && (maxPriceMinorUnits.isEmpty() || product.priceMinorUnits() <= maxPriceMinorUnits.getAsLong())
                && (inStock.isEmpty() || inStock.get() == product.inStock())
                && attributeEquals.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(product.attributes().get(e.getKey())));
    }
}
