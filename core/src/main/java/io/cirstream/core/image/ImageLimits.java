package io.cirstream.core.image;

import io.cirstream.core.config.Settings;
import java.util.List;

/**
 * What an image may cost before cirstream refuses it. Checked before any pixel is decoded: the encoded size first,
 * then the dimensions from the format's header, so a decompression bomb (a small file declaring a huge raster) is
 * refused without allocating its raster.
 *
 * @param maxBytes the largest encoded image, in bytes ({@value #MAX_BYTES_KEY})
 * @param maxPixels the most pixels (width × height) of a decoded image ({@value #MAX_PIXELS_KEY})
 * @param maxSide the longest side in pixels ({@value #MAX_SIDE_KEY}); bounds the resampling filter's length, which
 *     grows with the downscaling factor, for very long thin images that pass the pixel limit
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {

    /** Configuration key of {@link #maxBytes()}. */
    public static final String MAX_BYTES_KEY = "cirstream.image.max-bytes";

    /** Configuration key of {@link #maxPixels()}. */
    public static final String MAX_PIXELS_KEY = "cirstream.image.max-pixels";

    /** Configuration key of {@link #maxSide()}. */
    public static final String MAX_SIDE_KEY = "cirstream.image.max-side";

    /** 20 MiB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** 16384 pixels. */
    public static final int DEFAULT_MAX_SIDE = 16_384;

    /** The defaults: 20 MiB, 40 megapixels, 16384 pixels a side. */
    public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);

    public ImageLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException(MAX_BYTES_KEY + " must be > 0, got " + maxBytes);
        }
        if (maxPixels <= 0) {
            throw new IllegalArgumentException(MAX_PIXELS_KEY + " must be > 0, got " + maxPixels);
        }
        if (maxSide <= 0) {
            throw new IllegalArgumentException(MAX_SIDE_KEY + " must be > 0, got " + maxSide);
        }
    }

    /** Limits on bytes and pixels, with the default side limit. */
    public ImageLimits(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_SIDE);
    }

    /** The limits configured under {@value #MAX_BYTES_KEY}, {@value #MAX_PIXELS_KEY} and {@value #MAX_SIDE_KEY}. */
    public static ImageLimits from(Settings settings) {
        return new ImageLimits(
                settings.longValue(MAX_BYTES_KEY, DEFAULT_MAX_BYTES),
                settings.longValue(MAX_PIXELS_KEY, DEFAULT_MAX_PIXELS),
                settings.integer(MAX_SIDE_KEY, DEFAULT_MAX_SIDE));
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return List.of(MAX_BYTES_KEY, MAX_PIXELS_KEY, MAX_SIDE_KEY);
    }

    /** Refuses an encoded image larger than {@link #maxBytes()}. */
    void checkBytes(String name, long bytes) {
        if (bytes > maxBytes) {
            throw new InvalidImageException("image '" + name + "' is " + bytes + " bytes, over the limit of " + maxBytes
                    + " (" + MAX_BYTES_KEY + ")");
        }
    }

    /** Refuses dimensions over {@link #maxPixels()} or {@link #maxSide()}; called with the header's values. */
    void checkDimensions(String name, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException("image '" + name + "' declares an empty raster of " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new InvalidImageException("image '" + name + "' is " + width + "x" + height + " = " + pixels
                    + " pixels, over the limit of " + maxPixels + " (" + MAX_PIXELS_KEY + ")");
        }
        int side = Math.max(width, height);
        if (side > maxSide) {
            throw new InvalidImageException("image '" + name + "' is " + width + "x" + height + ", its side of " + side
                    + " pixels is over the limit of " + maxSide + " (" + MAX_SIDE_KEY + ")");
        }
    }
}
