package io.cirstream.demo.synth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code cirstream synth} generates.
 *
 * @param out the output directory (created; must be empty or absent)
 * @param products how many products, {@value #MIN_PRODUCTS} to {@value #MAX_PRODUCTS}
 * @param seed everything is drawn from it: the same seed gives byte-identical output
 * @param tripletsPerProduct triplets per reference product, 1 to {@value #MAX_TRIPLETS_PER_PRODUCT} (a family of six
 *     allows at most five)
 * @param imageSize the long side of the photos in pixels, {@value #MIN_IMAGE_SIZE} to {@value #MAX_IMAGE_SIZE}
 * @param threads drawing threads (the output does not depend on it)
 */
public record SynthConfig(Path out, int products, long seed, int tripletsPerProduct, int imageSize, int threads) {

    public static final int MIN_PRODUCTS = 100;
    public static final int MAX_PRODUCTS = 100_000;
    public static final int MAX_TRIPLETS_PER_PRODUCT = CatalogueDesign.FAMILY_SIZE - 1;
    public static final int MIN_IMAGE_SIZE = 64;
    public static final int MAX_IMAGE_SIZE = 1024;
    public static final int DEFAULT_TRIPLETS_PER_PRODUCT = 2;
    public static final int DEFAULT_IMAGE_SIZE = 320;

    public SynthConfig {
        Objects.requireNonNull(out, "out");
        if (products < MIN_PRODUCTS || products > MAX_PRODUCTS) {
            throw new IllegalArgumentException(
                    "products must be " + MIN_PRODUCTS + " to " + MAX_PRODUCTS + ", got " + products);
        }
        if (tripletsPerProduct < 1 || tripletsPerProduct > MAX_TRIPLETS_PER_PRODUCT) {
            throw new IllegalArgumentException(
                    "triplets per product must be 1 to " + MAX_TRIPLETS_PER_PRODUCT + ", got " + tripletsPerProduct);
        }
        if (imageSize < MIN_IMAGE_SIZE || imageSize > MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException(
                    "image size must be " + MIN_IMAGE_SIZE + " to " + MAX_IMAGE_SIZE + " px, got " + imageSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** The defaults for everything but the output, the product count and the seed. */
    public static SynthConfig of(Path out, int products, long seed) {
        return new SynthConfig(
                out,
                products,
                seed,
                DEFAULT_TRIPLETS_PER_PRODUCT,
                DEFAULT_IMAGE_SIZE,
                Runtime.getRuntime().availableProcessors());
    }
}
