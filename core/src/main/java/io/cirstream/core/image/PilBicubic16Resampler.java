package io.cirstream.core.image;

/**
 * Pillow's bicubic resize of a 16-bit grey ("I;16") image, bit for bit. Unlike the 8-bit path PIL sums in floating
 * point with the unrounded taps, rounds half away from zero and clips to 0..65535 after each pass. The passes run in
 * PIL's order ({@link PassOrder}).
 */
final class PilBicubic16Resampler {

    private static final int BYTES = 2;
    private static final int BYTE_MASK = 0xFF;
    private static final int MAX_16BIT = 0xFFFF;

    private PilBicubic16Resampler() {}

    /** The window of the zero-padded "I;16" raster resized to {@code outWidth × outHeight}, 2 bytes a pixel. */
    static byte[] resize(PaddedRaster src, int outWidth, int outHeight, Window window) {
        if (src.bytesPerPixel() != BYTES) {
            throw new IllegalArgumentException("an I;16 raster has 2 bytes a pixel, got " + src.bytesPerPixel());
        }
        window.checkInside(outWidth, outHeight);
        boolean horizontal = outWidth != src.paddedWidth();
        boolean vertical = outHeight != src.paddedHeight();
        BicubicCoefficients colTaps = horizontal ? BicubicCoefficients.of(src.paddedWidth(), outWidth) : null;
        BicubicCoefficients rowTaps = vertical ? BicubicCoefficients.of(src.paddedHeight(), outHeight) : null;
        // the padded input the window depends on, as 16-bit values
        int colFirst = horizontal ? colTaps.first(window.x()) : window.x();
        int colEnd = horizontal ? colTaps.end(window.x() + window.width() - 1) : window.x() + window.width();
        int rowFirst = vertical ? rowTaps.first(window.y()) : window.y();
        int rowEnd = vertical ? rowTaps.end(window.y() + window.height() - 1) : window.y() + window.height();
        Plane plane = new Plane(
                values(PilBicubicResampler.region(src, colFirst, colEnd - colFirst, rowFirst, rowEnd)),
                colEnd - colFirst,
                rowEnd - rowFirst,
                colFirst,
                rowFirst);
        boolean verticalFirst = horizontal
                && vertical
                && PassOrder.verticalFirst(src.paddedWidth(), src.paddedHeight(), outWidth, outHeight);
        if (verticalFirst) {
            plane = vertical(plane, rowTaps, window.y(), window.height());
        }
        if (horizontal) {
            plane = horizontal(plane, colTaps, window.x(), window.width());
        }
        if (vertical && !verticalFirst) {
            plane = vertical(plane, rowTaps, window.y(), window.height());
        }
        return bytes(plane.crop(window));
    }

    /** 16-bit values on a grid whose top left sits at padded coordinates {@code (x0, y0)}. */
    private record Plane(int[] values, int width, int height, int x0, int y0) {

        int at(int x, int y) {
            return values[(y - y0) * width + (x - x0)];
        }

        int[] crop(Window window) {
            int[] out = new int[window.width() * window.height()];
            for (int y = 0; y < window.height(); y++) {
                for (int x = 0; x < window.width(); x++) {
                    out[y * window.width() + x] = at(window.x() + x, window.y() + y);
                }
            }
            return out;
        }
    }

    private static Plane horizontal(Plane in, BicubicCoefficients taps, int from, int count) {
        int[] out = new int[count * in.height()];
        double[] k = taps.weights();
        for (int y = 0; y < in.height(); y++) {
            for (int j = 0; j < count; j++) {
                int xx = from + j;
                double sum = 0.0;
                for (int t = 0, ko = taps.offset(xx); t < taps.count(xx); t++) {
                    sum += in.at(taps.first(xx) + t, in.y0() + y) * k[ko + t];
                }
                out[y * count + j] = store(sum);
            }
        }
        return new Plane(out, count, in.height(), from, in.y0());
    }

    private static Plane vertical(Plane in, BicubicCoefficients taps, int from, int count) {
        int[] out = new int[in.width() * count];
        double[] k = taps.weights();
        for (int i = 0; i < count; i++) {
            int yy = from + i;
            for (int x = 0; x < in.width(); x++) {
                double sum = 0.0;
                for (int t = 0, ko = taps.offset(yy); t < taps.count(yy); t++) {
                    sum += in.at(in.x0() + x, taps.first(yy) + t) * k[ko + t];
                }
                out[i * in.width() + x] = store(sum);
            }
        }
        return new Plane(out, in.width(), count, in.x0(), from);
    }

    /** PIL's ROUND_UP (half away from zero), clipped to 16 bits. */
    private static int store(double sum) {
        int v = (int) (sum >= 0.0 ? sum + 0.5 : sum - 0.5);
        return Math.max(0, Math.min(v, MAX_16BIT));
    }

    private static int[] values(byte[] littleEndian) {
        int[] out = new int[littleEndian.length / BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = (littleEndian[BYTES * i] & BYTE_MASK) | ((littleEndian[BYTES * i + 1] & BYTE_MASK) << Byte.SIZE);
        }
        return out;
    }

    private static byte[] bytes(int[] values) {
        byte[] out = new byte[values.length * BYTES];
        for (int i = 0; i < values.length; i++) {
            out[BYTES * i] = (byte) values[i];
            out[BYTES * i + 1] = (byte) (values[i] >>> Byte.SIZE);
        }
        return out;
    }
}
