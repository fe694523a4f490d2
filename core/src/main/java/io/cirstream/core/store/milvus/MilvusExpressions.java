package io.cirstream.core.store.milvus;

import io.cirstream.core.store.ProductFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Milvus boolean expressions built from typed values: every string goes in only as a double-quoted literal through
 * {@link #quote}, numbers only as longs, so no value can change an expression's structure.
 */
final class MilvusExpressions {

    private MilvusExpressions() {}

    /** A double-quoted Milvus string literal of {@code value}: backslash, quote and control characters escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** {@code field in ["a", "b"]}, values quoted. */
    static String in(String field, Collection<String> values) {
        List<String> quoted = new ArrayList<>(values.size());
        for (String value : new TreeSet<>(values)) {
            quoted.add(quote(value));
        }
        return field + " in [" + String.join(", ", quoted) + "]";
    }

    /** The expression for live rows passing {@code filter}. */
    static String live(ProductFilter filter) {
        List<String> terms = new ArrayList<>();
        terms.add(MilvusRows.F_DELETED + " == false");
        if (!filter.categories().isEmpty()) {
            terms.add(in(MilvusRows.F_CATEGORY, filter.categories()));
        }
        filter.minPriceMinorUnits().ifPresent(min -> terms.add(MilvusRows.F_PRICE + " >= " + min));
        filter.maxPriceMinorUnits().ifPresent(max -> terms.add(MilvusRows.F_PRICE + " <= " + max));
        filter.inStock().ifPresent(required -> terms.add(MilvusRows.F_IN_STOCK + " == " + required));
        for (Map.Entry<String, String> e : new TreeMap<>(filter.attributeEquals()).entrySet()) {
            terms.add(MilvusRows.F_ATTRIBUTES + "[" + quote(e.getKey()) + "] == " + quote(e.getValue()));
        }
        return String.join(" && ", terms);
    }
}
