package io.cirstream.core.image;

/**
 * PIL's conversions between straight and premultiplied alpha ("RGBA" ↔ "RGBa", "LA" ↔ "La"), which
 * {@code Image.resize} wraps around the filter for images with alpha. The round trip loses precision where alpha is
 * small, exactly as in PIL. The alpha is the last of each pixel's channels.
 */
final class PilAlpha {

    private static final int BYTE_MASK = 0xFF;
    private static final int OPAQUE = 255;
    private static final int ROUNDING = 128;

    private PilAlpha() {}

    /** A premultiplied copy: each colour sample becomes round(sample · alpha / 255), PIL's MULDIV255. */
    static byte[] premultiplied(byte[] samples, int channels) {
        byte[] out = new byte[samples.length];
        for (int p = 0; p < samples.length; p += channels) {
            int alpha = samples[p + channels - 1] & BYTE_MASK;
            for (int c = 0; c < channels - 1; c++) {
                int t = (samples[p + c] & BYTE_MASK) * alpha + ROUNDING;
                out[p + c] = (byte) (((t >> Byte.SIZE) + t) >> Byte.SIZE);
            }
            out[p + channels - 1] = (byte) alpha;
        }
        return out;
    }

    /**
     * Undoes premultiplication in place: sample · 255 / alpha, truncated and clipped to 255; pixels of alpha 0 or 255
     * are left alone.
     */
    static void unpremultiply(byte[] samples, int channels) {
        for (int p = 0; p < samples.length; p += channels) {
            int alpha = samples[p + channels - 1] & BYTE_MASK;
            if (alpha == 0 || alpha == OPAQUE) {
                continue;
            }
            for (int c = 0; c < channels - 1; c++) {
                samples[p + c] = (byte) Math.min(OPAQUE * (samples[p + c] & BYTE_MASK) / alpha, OPAQUE);
            }
        }
    }
}
