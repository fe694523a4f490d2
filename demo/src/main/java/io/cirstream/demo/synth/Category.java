package io.cirstream.demo.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The product categories of the synthetic catalogue, each with its attributes and values, the shape of the drawn
 * object (width / height of its box) and the usual aspect ratio of its photos (width / height).
 */
public enum Category {
    DRESS(
            "dress",
            0.58,
            0.68,
            Map.of(
                    Attribute.SLEEVES,
                    Attribute.SLEEVE_VALUES,
                    Attribute.LENGTH,
                    List.of("mini", "knee-length", "maxi"))),
    SHIRT("shirt", 0.9, 0.8, Map.of(Attribute.SLEEVES, Attribute.SLEEVE_VALUES)),
    TROUSERS("trousers", 0.6, 0.66, Map.of(Attribute.LENGTH, List.of("shorts", "cropped", "full-length"))),
    SHOES("shoes", 1.6, 1.33, Map.of(Attribute.STYLE, List.of("sneaker", "boot", "heel"))),
    BAG("bag", 1.0, 1.0, Map.of(Attribute.STYLE, List.of("tote", "clutch", "backpack")));

    private final String noun;
    private final double shapeAspect;
    private final double photoAspect;
    private final Map<Attribute, List<String>> vocabulary;

    Category(String noun, double shapeAspect, double photoAspect, Map<Attribute, List<String>> specific) {
        this.noun = noun;
        this.shapeAspect = shapeAspect;
        this.photoAspect = photoAspect;
        Map<Attribute, List<String>> all = new EnumMap<>(Attribute.class);
        all.put(Attribute.COLOUR, Attribute.COLOURS);
        all.put(Attribute.PATTERN, Attribute.PATTERNS);
        all.putAll(specific);
        all.put(Attribute.SIZE, Attribute.SIZES);
        all.put(Attribute.LOGO, Attribute.LOGOS);
        this.vocabulary = all;
    }

    /** The category's name in file names and events: {@code dress}, {@code shirt}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What captions call one item: "dress", "shirt", "trousers", "shoe", "bag". */
    public String noun() {
        return this == SHOES ? "shoe" : noun;
    }

    /** Width / height of the drawn object's box. */
    double shapeAspect() {
        return shapeAspect;
    }

    /** Typical width / height of a photo of this category. */
    double photoAspect() {
        return photoAspect;
    }

    /** The attributes this category has, in {@link Attribute} order. */
    public List<Attribute> attributes() {
        return List.copyOf(vocabulary.keySet());
    }

    /** Whether items of this category have the attribute. */
    public boolean has(Attribute attribute) {
        return vocabulary.containsKey(attribute);
    }

    /** The values of an attribute for this category (empty if it has none). */
    public List<String> values(Attribute attribute) {
        return vocabulary.getOrDefault(attribute, List.of());
    }
}
