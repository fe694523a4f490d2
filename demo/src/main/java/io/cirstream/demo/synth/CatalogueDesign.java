package io.cirstream.demo.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Designs the catalogue: families of up to {@value #FAMILY_SIZE} products, each a base design and variants that
 * change one (mostly), two or three attributes of it, so a family holds visually confusable products (CIRR's image sets, and
 * FashionIQ-like hard distractors). Categories, base designs and changes are drawn from the seed; a family stays in
 * one split, and the splits get {@link #TRAIN_SHARE}, {@link #VAL_SHARE} and the rest of the families exactly.
 */
final class CatalogueDesign {

    /** Products per family: the size of a CIRR image set. */
    static final int FAMILY_SIZE = 6;

    /** Share of families in train and val; the rest is test. */
    static final double TRAIN_SHARE = 0.65;

    static final double VAL_SHARE = 0.25;

    /** Chances that a variant changes one, two or three attributes of the base design. */
    private static final double[] CHANGE_COUNTS = {0.65, 0.3, 0.05};

    private static final int MAX_TRIES = 50;

    private CatalogueDesign() {}

    /** Every product, grouped by family, in id order. */
    static List<List<SynthProduct>> families(int products, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] splits = splits((products + FAMILY_SIZE - 1) / FAMILY_SIZE, random.split());
        List<List<SynthProduct>> families = new ArrayList<>();
        int index = 0;
        for (int family = 0; index < products; family++) {
            SplittableRandom familyRandom = random.split();
            Category category = Category.values()[familyRandom.nextInt(Category.values().length)];
            String split = splits[family];
            Scene scene = Scene.draw(familyRandom);
            int size = Math.min(FAMILY_SIZE, products - index);
            List<Look> looks = looks(category, size, familyRandom);
            List<SynthProduct> members = new ArrayList<>(size);
            for (Look look : looks) {
                members.add(
                        new SynthProduct(productId(index), index, family, split, look, scene, familyRandom.nextLong()));
                index++;
            }
            families.add(List.copyOf(members));
        }
        return families;
    }

    /** The id of product {@code index}: {@code syn-000042}. */
    static String productId(int index) {
        return String.format("syn-%06d", index);
    }

    /** Exactly the shares of families per split (rounded), in an order drawn from the seed. */
    private static String[] splits(int families, SplittableRandom random) {
        int train = (int) Math.round(families * TRAIN_SHARE);
        int val = (int) Math.round(families * (TRAIN_SHARE + VAL_SHARE)) - train;
        String[] splits = new String[families];
        for (int i = 0; i < families; i++) {
            splits[i] = i < train ? "train" : i < train + val ? "val" : "test";
        }
        for (int i = families - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = splits[i];
            splits[i] = splits[j];
            splits[j] = swap;
        }
        return splits;
    }

    private static List<Look> looks(Category category, int size, SplittableRandom random) {
        Look base = randomLook(category, random);
        List<Look> looks = new ArrayList<>(List.of(base));
        for (int tries = 0; looks.size() < size && tries < MAX_TRIES * size; tries++) {
            Look variant = base;
            int changes = changeCount(random);
            for (int c = 0; c < changes; c++) {
                Attribute attribute = mutable(category, random);
                int count = category.values(attribute).size();
                int value = (variant.index(attribute) + 1 + random.nextInt(count - 1)) % count;
                variant = variant.with(attribute, value);
            }
            if (!looks.contains(variant)) {
                looks.add(variant);
            }
        }
        if (looks.size() < size) {
            throw new IllegalStateException("could not design " + size + " distinct " + category + " variants");
        }
        return looks;
    }

    private static Look randomLook(Category category, SplittableRandom random) {
        int[] values = new int[Attribute.values().length];
        for (Attribute attribute : Attribute.values()) {
            values[attribute.ordinal()] = category.has(attribute)
                    ? random.nextInt(category.values(attribute).size())
                    : -1;
        }
        return Look.of(category, values);
    }

    private static int changeCount(SplittableRandom random) {
        double draw = random.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < CHANGE_COUNTS.length; i++) {
            cumulative += CHANGE_COUNTS[i];
            if (draw < cumulative) {
                return i + 1;
            }
        }
        return CHANGE_COUNTS.length;
    }

    private static Attribute mutable(Category category, SplittableRandom random) {
        List<Attribute> attributes = category.attributes();
        int total = attributes.stream().mapToInt(Attribute::mutationWeight).sum();
        int draw = random.nextInt(total);
        for (Attribute attribute : attributes) {
            draw -= attribute.mutationWeight();
            if (draw < 0) {
                return attribute;
            }
        }
        throw new IllegalStateException("unreachable");
    }
}
