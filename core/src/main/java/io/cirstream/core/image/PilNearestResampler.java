package io.cirstream.core.image;

/**
 * Pillow's nearest-neighbour resize, which {@code Image.resize} uses for palette ("P") and bilevel ("1") images
 * whatever filter is asked for. Output pixel x reads input pixel ⌊(x + ½)·scale⌋, with the position accumulated in
 * double precision step by step as PIL does, and pixels that would fall outside the input left at 0.
 */
final class PilNearestResampler {

    private PilNearestResampler() {}

    /** The window of the zero-padded raster resized to {@code outWidth × outHeight}. */
    static byte[] resize(PaddedRaster src, int outWidth, int outHeight, Window window) {
        window.checkInside(outWidth, outHeight);
        int bpp = src.bytesPerPixel();
        int[] sourceX = positions(src.paddedWidth(), outWidth, window.x(), window.width(), src.padX(), src.width());
        int[] sourceY = positions(src.paddedHeight(), outHeight, window.y(), window.height(), src.padY(), src.height());
        byte[] in = src.samples();
        byte[] out = new byte[window.width() * window.height() * bpp];
        int o = 0;
        for (int y : sourceY) {
            for (int x : sourceX) {
                if (y >= 0 && x >= 0) {
                    System.arraycopy(in, (y * src.width() + x) * bpp, out, o, bpp);
                }
                o += bpp;
            }
        }
        return out;
    }

    /**
     * For output positions {@code [from, from + count)} along an axis of {@code paddedSize} samples resized to
     * {@code outSize}: the unpadded input index each reads, or −1 where it reads the zero border or falls outside.
     */
    private static int[] positions(int paddedSize, int outSize, int from, int count, int pad, int size) {
        // PIL: a = (double)((float) size - 0f) / outSize; xo = 0.0 + a * 0.5; then xo += a per output pixel
        double step = (double) (float) paddedSize / outSize;
        double position = step * 0.5;
        int[] index = new int[count];
        for (int x = 0; x < from + count; x++) {
            int in = position < 0.0 ? -1 : (int) position;
            if (x >= from) {
                int unpadded = in - pad;
                index[x - from] = in >= 0 && in < paddedSize && unpadded >= 0 && unpadded < size ? unpadded : -1;
            }
            position += step;
        }
        return index;
    }
}
