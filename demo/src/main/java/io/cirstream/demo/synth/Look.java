package io.cirstream.demo.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a product looks like: its category and one value per attribute of the category. Immutable. */
public final class Look {

    private static final int NONE = -1;

    private final Category category;
    private final int[] values;

    private Look(Category category, int[] values) {
        this.category = category;
        this.values = values;
    }

    /** A look from value indices, one per {@link Attribute} in declaration order ({@code -1} where not applicable). */
    static Look of(Category category, int[] values) {
        if (values.length != Attribute.values().length) {
            throw new IllegalArgumentException("a look needs " + Attribute.values().length + " values");
        }
        for (Attribute attribute : Attribute.values()) {
            int value = values[attribute.ordinal()];
            int count = category.values(attribute).size();
            if (category.has(attribute) ? value < 0 || value >= count : value != NONE) {
                throw new IllegalArgumentException(category + " " + attribute + " value " + value + " out of range");
            }
        }
        return new Look(category, values.clone());
    }

    public Category category() {
        return category;
    }

    /** The value index of an attribute (its position in {@link Category#values}). */
    public int index(Attribute attribute) {
        return values[attribute.ordinal()];
    }

    /** The value name of an attribute, e.g. {@code red}; null where the category does not have the attribute. */
    public String value(Attribute attribute) {
        int index = values[attribute.ordinal()];
        return index == NONE ? null : category.values(attribute).get(index);
    }

    /** This look with one attribute changed. */
    Look with(Attribute attribute, int value) {
        int[] changed = values.clone();
        changed[attribute.ordinal()] = value;
        return of(category, changed);
    }

    /** What changes from this look to {@code target} (same category), in attribute order. */
    public List<Change> changesTo(Look target) {
        if (target.category != category) {
            throw new IllegalArgumentException("looks of different categories: " + category + ", " + target.category);
        }
        List<Change> changes = new ArrayList<>();
        for (Attribute attribute : category.attributes()) {
            if (index(attribute) != target.index(attribute)) {
                changes.add(new Change(category, attribute, index(attribute), target.index(attribute)));
            }
        }
        return changes;
    }

    /** Attribute key → value name, in attribute order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (Attribute attribute : category.attributes()) {
            map.put(attribute.key(), value(attribute));
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Look look && look.category == category && Arrays.equals(look.values, values);
    }

    @Override
    public int hashCode() {
        return category.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return category.id() + asMap();
    }
}
