package io.cirstream.core.image;

/**
 * PIL's {@code convert("RGB")} from each {@link PixelMode}: grey replicated, alpha dropped (not composited), palette
 * looked up, CMYK through PIL's naive formula, 16-bit grey clipped at 255 (not scaled), as PIL does.
 */
final class PilRgbConversion {

    private static final int BYTE_MASK = 0xFF;
    private static final int MAX = 255;
    private static final int ROUNDING = 128;

    private PilRgbConversion() {}

    /** The pixels of an image of {@code mode}, as interleaved RGB. */
    static byte[] toRgb(byte[] samples, PixelMode mode, byte[] palette) {
        if (mode == PixelMode.RGB) {
            return samples;
        }
        int pixels = samples.length / mode.bytesPerPixel();
        byte[] rgb = new byte[pixels * 3];
        int stride = mode.bytesPerPixel();
        for (int i = 0, p = 0, o = 0; i < pixels; i++, p += stride, o += 3) {
            switch (mode) {
                case L, LA, BILEVEL -> grey(rgb, o, samples[p] & BYTE_MASK);
                case RGBA -> System.arraycopy(samples, p, rgb, o, 3);
                case P -> paletteEntry(rgb, o, palette, samples[p] & BYTE_MASK);
                case CMYK -> cmyk(rgb, o, samples, p);
                case I16 -> grey(rgb, o, samples[p + 1] == 0 ? samples[p] & BYTE_MASK : MAX);
                default -> throw new IllegalStateException("unhandled mode " + mode);
            }
        }
        return rgb;
    }

    private static void grey(byte[] rgb, int o, int v) {
        rgb[o] = (byte) v;
        rgb[o + 1] = (byte) v;
        rgb[o + 2] = (byte) v;
    }

    private static void paletteEntry(byte[] rgb, int o, byte[] palette, int index) {
        if (3 * index + 2 < palette.length) {
            System.arraycopy(palette, 3 * index, rgb, o, 3);
        } // an index past the palette's end reads black
    }

    /** PIL's cmyk2rgb: each of R, G, B = (255 − K) − C·(255 − K)/255, rounded as MULDIV255. */
    private static void cmyk(byte[] rgb, int o, byte[] cmyk, int p) {
        int nk = MAX - (cmyk[p + 3] & BYTE_MASK);
        for (int c = 0; c < 3; c++) {
            int t = (cmyk[p + c] & BYTE_MASK) * nk + ROUNDING;
            int v = nk - (((t >> Byte.SIZE) + t) >> Byte.SIZE);
            rgb[o + c] = (byte) Math.max(0, Math.min(v, MAX));
        }
    }
}
