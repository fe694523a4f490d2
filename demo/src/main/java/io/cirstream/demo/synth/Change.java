package io.cirstream.demo.synth;

/**
 * One attribute that differs between a reference and its target.
 *
 * @param category the products' category
 * @param attribute the attribute
 * @param from the reference's value index
 * @param to the target's value index
 */
public record Change(Category category, Attribute attribute, int from, int to) {

    /** The reference's value name. */
    public String fromValue() {
        return category.values(attribute).get(from);
    }

    /** The target's value name. */
    public String toValue() {
        return category.values(attribute).get(to);
    }

    /** For ordered attributes: +1 when the target's value is higher (longer, bigger), -1 when lower. */
    public int direction() {
        return Integer.signum(to - from);
    }
}
