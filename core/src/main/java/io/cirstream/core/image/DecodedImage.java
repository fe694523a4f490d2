package io.cirstream.core.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded raster as PIL would hold it: its size, its PIL-like mode and its samples, interleaved row by row from the
 * top left ({@code width × height × mode.bytesPerPixel()} bytes). The arrays are not copied: whoever builds a decoded
 * image hands them over and does not change them afterwards.
 *
 * @param width pixels a row
 * @param height rows
 * @param mode the sample layout
 * @param samples the pixels
 * @param palette for {@link PixelMode#P}: the RGB palette, 3 bytes an entry, at most 256 entries; otherwise null
 */
public record DecodedImage(int width, int height, PixelMode mode, byte[] samples, byte[] palette) {

    private static final int MAX_PALETTE_ENTRIES = 256;

    public DecodedImage {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(samples, "samples");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        long expected = (long) width * height * mode.bytesPerPixel();
        if (samples.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + mode.pilName() + " image needs "
                    + expected + " bytes of samples, got " + samples.length);
        }
        if ((mode == PixelMode.P) != (palette != null)) {
            throw new IllegalArgumentException("a palette is required for mode P and only for it, mode " + mode);
        }
        if (palette != null && (palette.length % 3 != 0 || palette.length > 3 * MAX_PALETTE_ENTRIES)) {
            throw new IllegalArgumentException("palette must hold at most " + MAX_PALETTE_ENTRIES + " RGB entries, got "
                    + palette.length + " bytes");
        }
    }

    /** An image without a palette. */
    public static DecodedImage of(int width, int height, PixelMode mode, byte[] samples) {
        return new DecodedImage(width, height, mode, samples, null);
    }

    /** Pixels in the image. */
    public int pixelCount() {
        return width * height;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedImage d
                && d.width == width
                && d.height == height
                && d.mode == mode
                && Arrays.equals(d.samples, samples)
                && Arrays.equals(d.palette, palette);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, mode, Arrays.hashCode(samples), Arrays.hashCode(palette));
    }

    @Override
    public String toString() {
        return "DecodedImage[" + width + "x" + height + " " + mode.pilName() + "]";
    }
}
