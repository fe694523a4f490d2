package io.cirstream.core.image;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.function.IntUnaryOperator;

/**
 * Turns a raster decoded by {@code javax.imageio} into the samples and mode PIL would hold for the same file. Samples
 * are read from the raster directly, never through {@code getRGB} (which would colour-convert grey images).
 */
final class SampleExtractor {

    private static final int BITS_PER_BYTE = 8;
    private static final int MAX_8BIT = 255;

    private SampleExtractor() {}

    /** A PNG in PIL's mode for its colour type and bit depth; 16-bit colour keeps the high byte, as PIL does. */
    static DecodedImage png(BufferedImage image, PngHeader header, String name) {
        Raster r = image.getRaster();
        int depth = header.bitDepth();
        IntUnaryOperator highByte = v -> v >> BITS_PER_BYTE;
        return switch (header.colorType()) {
            case PngHeader.GREY ->
                switch (depth) {
                    case 1 -> of(r, PixelMode.BILEVEL, mapped(r, 1, v -> v != 0 ? MAX_8BIT : 0));
                    case 16 -> of(r, PixelMode.I16, littleEndian16(r));
                    default ->
                        of(r, PixelMode.L, depth == BITS_PER_BYTE ? bytes(r, 1) : mapped(r, 1, scaleFromBits(depth)));
                };
            case PngHeader.RGB -> of(r, PixelMode.RGB, depth == 16 ? mapped(r, 3, highByte) : bytes(r, 3));
            case PngHeader.PALETTE -> palette(image, name);
            case PngHeader.GREY_ALPHA -> of(r, PixelMode.LA, depth == 16 ? mapped(r, 2, highByte) : bytes(r, 2));
            case PngHeader.RGBA -> of(r, PixelMode.RGBA, depth == 16 ? mapped(r, 4, highByte) : bytes(r, 4));
            default ->
                throw new InvalidImageException(
                        "image '" + name + "' is a PNG of unknown colour type " + header.colorType());
        };
    }

    /** A JPEG: grey, RGB (libjpeg's YCbCr conversion, done by the decoder) or CMYK as PIL holds it. */
    static DecodedImage jpeg(BufferedImage image, String name) {
        Raster r = image.getRaster();
        return switch (r.getNumBands()) {
            case 1 -> of(r, PixelMode.L, bytes(r, 1));
            case 3 -> of(r, PixelMode.RGB, bytes(r, 3));
            case 4 -> of(r, PixelMode.CMYK, bytes(r, 4));
            default -> throw unsupported(name, "JPEG", r.getNumBands() + " components");
        };
    }

    /** A WebP: RGB, or RGBA when it has alpha. */
    static DecodedImage webp(BufferedImage image, String name) {
        Raster r = image.getRaster();
        return switch (r.getNumBands()) {
            case 3 -> of(r, PixelMode.RGB, bytes(r, 3));
            case 4 -> of(r, PixelMode.RGBA, bytes(r, 4));
            default -> throw unsupported(name, "WebP", r.getNumBands() + " bands");
        };
    }

    /** A GIF's first frame: P, or L when the palette is the grey ramp 0, 1, 2… (as PIL decides). */
    static DecodedImage gif(BufferedImage image, String name) {
        if (!(image.getColorModel() instanceof IndexColorModel icm)) {
            throw unsupported(name, "GIF", "a frame without a palette");
        }
        Raster r = image.getRaster();
        return PaletteRules.isIdentityGreyRamp(icm) ? of(r, PixelMode.L, mapped(r, 1, v -> v)) : palette(image, name);
    }

    /** A BMP: 24/32-bit RGB(A), or a palette image (P, or L / 1 for PIL's grey palettes). */
    static DecodedImage bmp(BufferedImage image, String name) {
        Raster r = image.getRaster();
        if (image.getColorModel() instanceof IndexColorModel icm) {
            return switch (PaletteRules.bmpMode(icm)) {
                case BILEVEL -> of(r, PixelMode.BILEVEL, mapped(r, 1, v -> v != 0 ? MAX_8BIT : 0));
                case L -> of(r, PixelMode.L, mapped(r, 1, v -> v));
                default -> palette(image, name);
            };
        }
        if (r.getNumBands() == 1) {
            // the JDK's reader already turns a grey ramp palette into grey samples, as PIL does
            return of(r, PixelMode.L, bytes(r, 1));
        }
        for (int b = 0; b < r.getNumBands(); b++) {
            if (r.getSampleModel().getSampleSize(b) != BITS_PER_BYTE) {
                throw unsupported(name, "BMP", r.getSampleModel().getSampleSize(b) + "-bit samples");
            }
        }
        return image.getColorModel().hasAlpha()
                ? of(r, PixelMode.RGBA, mapped(r, 4, v -> v))
                : of(r, PixelMode.RGB, mapped(r, 3, v -> v));
    }

    private static DecodedImage palette(BufferedImage image, String name) {
        if (!(image.getColorModel() instanceof IndexColorModel icm)) {
            throw unsupported(name, "palette image", "no palette");
        }
        Raster r = image.getRaster();
        return new DecodedImage(r.getWidth(), r.getHeight(), PixelMode.P, mapped(r, 1, v -> v), PaletteRules.rgb(icm));
    }

    private static DecodedImage of(Raster r, PixelMode mode, byte[] samples) {
        return DecodedImage.of(r.getWidth(), r.getHeight(), mode, samples);
    }

    private static IntUnaryOperator scaleFromBits(int bits) {
        int max = (1 << bits) - 1;
        return v -> v * MAX_8BIT / max;
    }

    /** The first {@code bands} 8-bit bands, interleaved; without copying when the raster already is laid out so. */
    static byte[] bytes(Raster r, int bands) {
        if (r.getDataBuffer() instanceof DataBufferByte db
                && r.getSampleModel() instanceof ComponentSampleModel sm
                && db.getNumBanks() == 1
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0
                && sm.getNumBands() >= bands) {
            int width = r.getWidth();
            int height = r.getHeight();
            int pixelStride = sm.getPixelStride();
            int scanline = sm.getScanlineStride();
            int[] bandOffsets = sm.getBandOffsets();
            int[] banks = sm.getBankIndices();
            byte[] data = db.getData();
            boolean packed = pixelStride == bands && scanline == width * bands && db.getOffset() == 0;
            for (int c = 0; c < bands; c++) {
                packed &= bandOffsets[c] == c && banks[c] == 0;
            }
            if (packed && data.length == width * height * bands) {
                return data;
            }
            if (isReversed(bandOffsets, bands)
                    && pixelStride == bands
                    && scanline == width * bands
                    && db.getOffset() == 0
                    && data.length == width * height * bands) {
                reverseInPlace(data, bands); // BGR as the JDK's JPEG reader decodes: the raster is ours to change
                return data;
            }
            byte[] out = new byte[width * height * bands];
            int o = 0;
            for (int y = 0; y < height; y++) {
                int row = db.getOffset() + y * scanline;
                for (int x = 0; x < width; x++) {
                    int p = row + x * pixelStride;
                    for (int c = 0; c < bands; c++) {
                        out[o++] = data[p + bandOffsets[c]];
                    }
                }
            }
            return out;
        }
        return mapped(r, bands, v -> v);
    }

    private static boolean isReversed(int[] bandOffsets, int bands) {
        for (int c = 0; c < bands; c++) {
            if (bandOffsets[c] != bands - 1 - c) {
                return false;
            }
        }
        return bands > 1;
    }

    private static void reverseInPlace(byte[] data, int bands) {
        for (int p = 0; p < data.length; p += bands) {
            for (int lo = p, hi = p + bands - 1; lo < hi; lo++, hi--) {
                byte t = data[lo];
                data[lo] = data[hi];
                data[hi] = t;
            }
        }
    }

    /** The first {@code bands} bands of any raster, each sample mapped to 0..255, interleaved. */
    static byte[] mapped(Raster r, int bands, IntUnaryOperator map) {
        int width = r.getWidth();
        int height = r.getHeight();
        int all = r.getNumBands();
        int[] row = new int[width * all];
        byte[] out = new byte[width * height * bands];
        int o = 0;
        for (int y = 0; y < height; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < bands; c++) {
                    out[o++] = (byte) map.applyAsInt(row[x * all + c]);
                }
            }
        }
        return out;
    }

    /** A 16-bit single-band raster as PIL's "I;16" bytes: two a pixel, little-endian. */
    private static byte[] littleEndian16(Raster r) {
        int width = r.getWidth();
        int height = r.getHeight();
        int all = r.getNumBands();
        int[] row = new int[width * all];
        byte[] out = new byte[width * height * 2];
        int o = 0;
        for (int y = 0; y < height; y++) {
            r.getPixels(r.getMinX(), r.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int v = row[x * all];
                out[o++] = (byte) v;
                out[o++] = (byte) (v >>> BITS_PER_BYTE);
            }
        }
        return out;
    }

    private static InvalidImageException unsupported(String name, String format, String what) {
        return new InvalidImageException("image '" + name + "' is a " + format + " with " + what + ", not supported");
    }
}
