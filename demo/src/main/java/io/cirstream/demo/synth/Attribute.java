package io.cirstream.demo.synth;

import java.util.List;
import java.util.Locale;

/**
 * The product attributes the synthetic catalogue varies and its captions talk about. {@link #SLEEVES},
 * {@link #LENGTH} and {@link #SIZE} are ordered (captions may say "longer", "bigger"); the vocabulary of
 * {@link #LENGTH} and {@link #STYLE} depends on the category ({@link Category#values(Attribute)}).
 */
public enum Attribute {
    COLOUR(false, 3),
    PATTERN(false, 2),
    SLEEVES(true, 2),
    LENGTH(true, 2),
    STYLE(false, 2),
    SIZE(true, 1),
    LOGO(false, 2);

    /** The colours, by name; {@link ProductPainter} knows their RGB values. */
    public static final List<String> COLOURS = List.of(
            "red", "blue", "green", "yellow", "black", "white", "pink", "purple", "orange", "grey", "brown", "navy");

    public static final List<String> PATTERNS = List.of("plain", "striped", "dotted", "checked", "zigzag");
    public static final List<String> SLEEVE_VALUES = List.of("sleeveless", "short-sleeved", "long-sleeved");
    public static final List<String> SIZES = List.of("small", "medium", "large");
    public static final List<String> LOGOS = List.of("none", "star", "heart", "circle", "triangle");

    private final boolean ordered;
    private final int mutationWeight;

    Attribute(boolean ordered, int mutationWeight) {
        this.ordered = ordered;
        this.mutationWeight = mutationWeight;
    }

    /** Whether the values are in an order captions can compare ("shorter", "bigger"). */
    public boolean ordered() {
        return ordered;
    }

    /** How often a family variant changes this attribute, relative to the others. */
    int mutationWeight() {
        return mutationWeight;
    }

    /** The key in product attribute maps and catalogue events. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
