package io.cirstream.core.image;

import io.cirstream.core.config.ConfigKey;
import io.cirstream.core.config.ConfigKeys;
import io.cirstream.core.config.Settings;
import java.util.List;

/**
 * What an image may cost before cirstream refuses it. Checked before any pixel is decoded: the encoded size first,
 * then the dimensions from the format's header, so a decompression bomb (a small file declaring a huge raster) is
 * refused without allocating its raster.
 *
 * @param maxBytes the largest encoded image, in bytes ({@code cirstream.image.max-bytes})
 * @param maxPixels the most pixels (width × height) of a decoded image ({@code cirstream.image.max-pixels})
 * @param maxSide the longest side in pixels ({@code cirstream.image.max-side}); bounds the resampling filter's length, which
 *     grows with the downscaling factor, for very long thin images that pass the pixel limit
 */
public record ImageLimits(long maxBytes, long maxPixels, int maxSide) {

    /** 20 MiB. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

    /** 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** 16384 pixels. */
    public static final int DEFAULT_MAX_SIDE = 16_384;

    /** Configuration key of {@link #maxBytes()}. */
    public static final ConfigKey<Long> MAX_BYTES_KEY = ConfigKey.of("cirstream.image.max-bytes", ConfigKey.BYTES)
            .withDefault(DEFAULT_MAX_BYTES)
            .check(ConfigKey.Check.positive())
            .doc("larger encoded images (uploaded, inline or fetched) are refused");

    /** Configuration key of {@link #maxPixels()}. */
    public static final ConfigKey<Long> MAX_PIXELS_KEY = ConfigKey.of("cirstream.image.max-pixels", ConfigKey.LONG)
            .withDefault(DEFAULT_MAX_PIXELS)
            .check(ConfigKey.Check.positive())
            .doc("most pixels (width × height) of an image; refused from the header, before decoding");

    /** Configuration key of {@link #maxSide()}. */
    public static final ConfigKey<Integer> MAX_SIDE_KEY = ConfigKey.of("cirstream.image.max-side", ConfigKey.INTEGER)
            .withDefault(DEFAULT_MAX_SIDE)
            .check(ConfigKey.Check.positive())
            .doc("longest side in pixels; refused from the header");

    /** The defaults: 20 MiB, 40 megapixels, 16384 pixels a side. */
    public static final ImageLimits DEFAULTS = new ImageLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);

    public ImageLimits {
        MAX_BYTES_KEY.check(maxBytes);
        MAX_PIXELS_KEY.check(maxPixels);
        MAX_SIDE_KEY.check(maxSide);
    }

    /** Limits on bytes and pixels, with the default side limit. */
    public ImageLimits(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, DEFAULT_MAX_SIDE);
    }

    /** The limits configured under {@link #declared()}. */
    public static ImageLimits from(Settings settings) {
        return new ImageLimits(
                MAX_BYTES_KEY.read(settings), MAX_PIXELS_KEY.read(settings), MAX_SIDE_KEY.read(settings));
    }

    /** The declarations of every key {@link #from(Settings)} reads, in table order. */
    public static List<ConfigKey<?>> declared() {
        return List.of(MAX_BYTES_KEY, MAX_PIXELS_KEY, MAX_SIDE_KEY);
    }

    /** Every configuration key {@link #from(Settings)} reads. */
    public static List<String> keys() {
        return ConfigKeys.names(declared());
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
