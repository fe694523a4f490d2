package io.cirstream.core.image;

/**
 * An interleaved raster seen through a border of zero bytes, {@code padX} columns left and right and {@code padY}
 * rows above and below: the targetpad step without copying the image into a larger one.
 *
 * @param samples the raster, {@code width × height × bytesPerPixel} bytes
 * @param width pixels a row
 * @param height rows
 * @param bytesPerPixel bytes a pixel (the channels for 8-bit images)
 * @param padX zero columns on each side
 * @param padY zero rows on each side
 */
record PaddedRaster(byte[] samples, int width, int height, int bytesPerPixel, int padX, int padY) {

    PaddedRaster {
        if (width <= 0 || height <= 0 || bytesPerPixel <= 0 || padX < 0 || padY < 0) {
            throw new IllegalArgumentException(
                    "bad raster " + width + "x" + height + "x" + bytesPerPixel + " padded by " + padX + "," + padY);
        }
        if (samples.length != (long) width * height * bytesPerPixel) {
            throw new IllegalArgumentException("a " + width + "x" + height + "x" + bytesPerPixel + " raster needs "
                    + (long) width * height * bytesPerPixel + " bytes, got " + samples.length);
        }
    }

    /** An unpadded raster. */
    static PaddedRaster of(byte[] samples, int width, int height, int bytesPerPixel) {
        return new PaddedRaster(samples, width, height, bytesPerPixel, 0, 0);
    }

    int paddedWidth() {
        return width + 2 * padX;
    }

    int paddedHeight() {
        return height + 2 * padY;
    }
}
