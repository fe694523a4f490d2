package io.cirstream.core.image;

import java.util.Arrays;

/**
 * Pillow 13's {@code Image.resize(size, Image.BICUBIC)} for 8-bit images of 1 to 4 interleaved channels, bit for
 * bit: the antialiased bicubic filter of {@link BicubicCoefficients}, one pass per axis in PIL's order
 * ({@link PassOrder}), each rounding its fixed-point sums to 8 bits and clipping as PIL does. An axis whose size does
 * not change is not filtered. Every channel is filtered alike: premultiplying alpha (PIL's "RGBa") is the caller's
 * business.
 *
 * <p>The input may be seen through a zero border ({@link PaddedRaster}) and only a window of the output computed
 * ({@link Window}); both give exactly the pixels of padding, resizing everything and cropping.
 */
public final class PilBicubicResampler {

    private static final int BYTE_MASK = 0xFF;

    private PilBicubicResampler() {}

    /**
     * Resizes an interleaved 8-bit image, as PIL's {@code Image.resize((outWidth, outHeight), Image.BICUBIC)} does
     * for an image of a mode without alpha premultiplication ("L", "RGB", "CMYK", "La"…).
     *
     * @return {@code outWidth × outHeight × channels} bytes
     */
    public static byte[] resize(byte[] samples, int width, int height, int channels, int outWidth, int outHeight) {
        if (channels < 1 || channels > 4) {
            throw new IllegalArgumentException("channels must be 1..4, got " + channels);
        }
        return resize(
                PaddedRaster.of(samples, width, height, channels),
                outWidth,
                outHeight,
                Window.all(outWidth, outHeight));
    }

    /**
     * The window of the zero-padded raster resized to {@code outWidth × outHeight}.
     *
     * @return {@code window.width() × window.height() × channels} bytes
     */
    static byte[] resize(PaddedRaster src, int outWidth, int outHeight, Window window) {
        window.checkInside(outWidth, outHeight);
        int channels = src.bytesPerPixel();
        boolean horizontal = outWidth != src.paddedWidth();
        boolean vertical = outHeight != src.paddedHeight();
        BicubicCoefficients colTaps = horizontal ? BicubicCoefficients.of(src.paddedWidth(), outWidth) : null;
        BicubicCoefficients rowTaps = vertical ? BicubicCoefficients.of(src.paddedHeight(), outHeight) : null;
        int rowFirst = vertical ? rowTaps.first(window.y()) : window.y();
        int rowEnd = vertical ? rowTaps.end(window.y() + window.height() - 1) : window.y() + window.height();
        if (horizontal
                && vertical
                && PassOrder.verticalFirst(src.paddedWidth(), src.paddedHeight(), outWidth, outHeight)) {
            int colFirst = colTaps.first(window.x());
            int colCount = colTaps.end(window.x() + window.width() - 1) - colFirst;
            byte[] region = region(src, colFirst, colCount, rowFirst, rowEnd);
            byte[] rows = verticalPass(region, channels, colCount, rowFirst, rowTaps, window.y(), window.height());
            return horizontalPass(
                    new PaddedRaster(rows, colCount, window.height(), channels, 0, 0),
                    colFirst,
                    0,
                    colTaps,
                    window.x(),
                    window.width(),
                    0,
                    window.height());
        }
        byte[] rows = horizontal
                ? horizontalPass(src, src.padX(), src.padY(), colTaps, window.x(), window.width(), rowFirst, rowEnd)
                : region(src, window.x(), window.width(), rowFirst, rowEnd);
        return vertical
                ? verticalPass(rows, channels, window.width(), rowFirst, rowTaps, window.y(), window.height())
                : rows;
    }

    /**
     * Filters rows {@code [rowFrom, rowEnd)} horizontally into output columns {@code [colFrom, colFrom + colCount)}.
     * Coordinates are those of the padded image; the raster's top left pixel sits at {@code (originX, originY)} and
     * everything around it is zero.
     */
    private static byte[] horizontalPass(
            PaddedRaster src,
            int originX,
            int originY,
            BicubicCoefficients taps,
            int colFrom,
            int colCount,
            int rowFrom,
            int rowEnd) {
        int[] k = taps.fixed();
        int channels = src.bytesPerPixel();
        int width = src.width();
        // each output column's taps, cut to the raster: the zeros around it add nothing to the sums
        int[] sourceX = new int[colCount];
        int[] tapCount = new int[colCount];
        int[] tapOffset = new int[colCount];
        for (int j = 0; j < colCount; j++) {
            int xx = colFrom + j;
            int from = Math.max(taps.first(xx), originX);
            int to = Math.min(taps.end(xx), originX + width);
            sourceX[j] = from - originX;
            tapCount[j] = Math.max(to - from, 0);
            tapOffset[j] = taps.offset(xx) + (from - taps.first(xx));
        }
        byte[] in = src.samples();
        int rowBytes = colCount * channels;
        byte[] out = new byte[(rowEnd - rowFrom) * rowBytes];
        for (int row = rowFrom; row < rowEnd; row++) {
            int y = row - originY;
            if (y < 0 || y >= src.height()) {
                continue; // a zero row filters to zeros
            }
            int inRow = y * width * channels;
            int o = (row - rowFrom) * rowBytes;
            switch (channels) {
                case 1 -> filterRow1(in, inRow, k, sourceX, tapCount, tapOffset, out, o);
                case 3 -> filterRow3(in, inRow, k, sourceX, tapCount, tapOffset, out, o);
                default -> filterRow(in, inRow, channels, k, sourceX, tapCount, tapOffset, out, o);
            }
        }
        return out;
    }

    private static void filterRow1(
            byte[] in, int inRow, int[] k, int[] sourceX, int[] tapCount, int[] tapOffset, byte[] out, int o) {
        for (int j = 0; j < sourceX.length; j++, o++) {
            int p = inRow + sourceX[j];
            int ko = tapOffset[j];
            int sum = BicubicCoefficients.HALF;
            for (int t = 0, n = tapCount[j]; t < n; t++) {
                sum += (in[p + t] & BYTE_MASK) * k[ko + t];
            }
            out[o] = (byte) BicubicCoefficients.clip8(sum);
        }
    }

    private static void filterRow3(
            byte[] in, int inRow, int[] k, int[] sourceX, int[] tapCount, int[] tapOffset, byte[] out, int o) {
        for (int j = 0; j < sourceX.length; j++, o += 3) {
            int p = inRow + 3 * sourceX[j];
            int ko = tapOffset[j];
            int r = BicubicCoefficients.HALF;
            int g = BicubicCoefficients.HALF;
            int b = BicubicCoefficients.HALF;
            for (int t = 0, n = tapCount[j]; t < n; t++, p += 3) {
                int weight = k[ko + t];
                r += (in[p] & BYTE_MASK) * weight;
                g += (in[p + 1] & BYTE_MASK) * weight;
                b += (in[p + 2] & BYTE_MASK) * weight;
            }
            out[o] = (byte) BicubicCoefficients.clip8(r);
            out[o + 1] = (byte) BicubicCoefficients.clip8(g);
            out[o + 2] = (byte) BicubicCoefficients.clip8(b);
        }
    }

    private static void filterRow(
            byte[] in,
            int inRow,
            int channels,
            int[] k,
            int[] sourceX,
            int[] tapCount,
            int[] tapOffset,
            byte[] out,
            int o) {
        for (int j = 0; j < sourceX.length; j++) {
            int base = inRow + sourceX[j] * channels;
            int n = tapCount[j];
            int ko = tapOffset[j];
            for (int c = 0; c < channels; c++) {
                int sum = BicubicCoefficients.HALF;
                for (int t = 0, p = base + c; t < n; t++, p += channels) {
                    sum += (in[p] & BYTE_MASK) * k[ko + t];
                }
                out[o++] = (byte) BicubicCoefficients.clip8(sum);
            }
        }
    }

    /**
     * Filters vertically into output rows {@code [outFrom, outFrom + outCount)}, from {@code rows}: whole rows of
     * {@code columns} pixels, the first being padded row {@code originRow}, covering every row the taps read.
     */
    private static byte[] verticalPass(
            byte[] rows,
            int channels,
            int columns,
            int originRow,
            BicubicCoefficients taps,
            int outFrom,
            int outCount) {
        int[] k = taps.fixed();
        int rowBytes = columns * channels;
        byte[] out = new byte[outCount * rowBytes];
        int[] sums = new int[rowBytes];
        for (int i = 0; i < outCount; i++) {
            int yy = outFrom + i;
            Arrays.fill(sums, BicubicCoefficients.HALF);
            int ko = taps.offset(yy);
            for (int t = 0, n = taps.count(yy); t < n; t++) {
                int weight = k[ko + t];
                int base = (taps.first(yy) + t - originRow) * rowBytes;
                for (int q = 0; q < rowBytes; q++) {
                    sums[q] += (rows[base + q] & BYTE_MASK) * weight;
                }
            }
            int o = i * rowBytes;
            for (int q = 0; q < rowBytes; q++) {
                out[o + q] = (byte) BicubicCoefficients.clip8(sums[q]);
            }
        }
        return out;
    }

    /** Columns {@code [colFrom, colFrom + colCount)} of rows {@code [rowFrom, rowEnd)} of the padded raster. */
    static byte[] region(PaddedRaster src, int colFrom, int colCount, int rowFrom, int rowEnd) {
        int bpp = src.bytesPerPixel();
        int rowBytes = colCount * bpp;
        byte[] out = new byte[(rowEnd - rowFrom) * rowBytes];
        int from = Math.max(colFrom, src.padX());
        int to = Math.min(colFrom + colCount, src.padX() + src.width());
        if (to <= from) {
            return out;
        }
        for (int row = rowFrom; row < rowEnd; row++) {
            int y = row - src.padY();
            if (y >= 0 && y < src.height()) {
                System.arraycopy(
                        src.samples(),
                        (y * src.width() + from - src.padX()) * bpp,
                        out,
                        (row - rowFrom) * rowBytes + (from - colFrom) * bpp,
                        (to - from) * bpp);
            }
        }
        return out;
    }
}
