package io.cirstream.core.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A PNG's IHDR fields, read straight from the bytes: the colour type and bit depth decide the PIL mode (16-bit grey
 * opens as "I;16", 1-bit grey as "1"…), which {@code javax.imageio}'s decoded raster does not tell apart.
 *
 * @param width pixels a row
 * @param height rows
 * @param bitDepth bits a sample (1, 2, 4, 8 or 16)
 * @param colorType 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA
 */
record PngHeader(int width, int height, int bitDepth, int colorType) {

    static final int GREY = 0;
    static final int RGB = 2;
    static final int PALETTE = 3;
    static final int GREY_ALPHA = 4;
    static final int RGBA = 6;

    private static final int IHDR_TYPE_OFFSET = 12;
    private static final int IHDR_DATA_OFFSET = 16;
    private static final int IHDR_END = 29;
    private static final byte[] IHDR = "IHDR".getBytes(StandardCharsets.US_ASCII);

    /** The header of a PNG whose signature has been checked; refuses a file too short to hold one. */
    static PngHeader parse(byte[] png, String name) {
        if (png.length < IHDR_END || !Arrays.equals(png, IHDR_TYPE_OFFSET, IHDR_DATA_OFFSET, IHDR, 0, IHDR.length)) {
            throw new InvalidImageException("image '" + name + "' is a truncated or corrupt PNG: no IHDR chunk");
        }
        ByteBuffer b = ByteBuffer.wrap(png, IHDR_DATA_OFFSET, IHDR_END - IHDR_DATA_OFFSET);
        int width = b.getInt();
        int height = b.getInt();
        int bitDepth = b.get() & 0xFF;
        int colorType = b.get() & 0xFF;
        return new PngHeader(width, height, bitDepth, colorType);
    }
}
