package io.cirstream.core.image;

import java.awt.image.Raster;
import java.util.Arrays;

/**
 * libjpeg-turbo's decoding of 4:4:0 JPEGs (chroma halved vertically only), which the JDK's libjpeg 6b does not
 * match: turbo interpolates the chroma rows ("fancy" h1v2 upsampling, a 3:1 triangle filter), 6b repeats them. For
 * such files the decoder reads the raw YCbCr raster (6b's repeated chroma rows hold the subsampled rows exactly),
 * interpolates the chroma as turbo does and converts to RGB with libjpeg's fixed-point tables.
 */
final class JpegVerticalChroma {

    private static final int SOF0 = 0xC0;
    private static final int SOF2 = 0xC2;
    private static final int SOF1 = 0xC1;
    private static final int MARKER = 0xFF;
    private static final int SOS = 0xDA;
    private static final int SEGMENTS_START = 2;
    private static final int APP14 = 0xEE;
    private static final int ADOBE_TRANSFORM_OFFSET = 11;
    private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};
    private static final int COMPONENTS = 3;
    /** Offset of the component count in a SOF segment: marker, length, precision, height, width. */
    private static final int SOF_COUNT = 9;

    private static final int SPEC_BYTES = 3;
    private static final int SAMPLING_1X2 = 0x12;
    private static final int SAMPLING_1X1 = 0x11;

    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int CENTER = 128;
    private static final int LEVELS = 256;
    private static final int[] CR_R = new int[LEVELS];
    private static final int[] CB_B = new int[LEVELS];
    private static final int[] CR_G = new int[LEVELS];
    private static final int[] CB_G = new int[LEVELS];

    static {
        // libjpeg's build_ycc_rgb_table: FIX(x) = (int) (x * 2^16 + 0.5)
        for (int i = 0; i < LEVELS; i++) {
            int x = i - CENTER;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALE_BITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALE_BITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private JpegVerticalChroma() {}

    /**
     * Whether a baseline, extended or progressive JPEG has three components, luma sampled 1×2 and chroma 1×1 (both
     * chroma planes halved vertically only).
     */
    static boolean isH1V2(byte[] jpeg) {
        int pos = SEGMENTS_START;
        while (pos + 3 < jpeg.length && (jpeg[pos] & 0xFF) == MARKER) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == MARKER) {
                pos++;
                continue;
            }
            if (marker == SOS) {
                return false;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            if (marker == APP14 && isAdobeWithoutYcc(jpeg, pos + 4, pos + 2 + length)) {
                return false; // RGB samples, no YCbCr to convert
            }
            if (marker == SOF0 || marker == SOF1 || marker == SOF2) {
                int count = pos + SOF_COUNT < jpeg.length ? jpeg[pos + SOF_COUNT] & 0xFF : 0;
                int spec = pos + SOF_COUNT + 1;
                if (count != COMPONENTS || spec + SPEC_BYTES * COMPONENTS > jpeg.length) {
                    return false;
                }
                // each component: id, then horizontal and vertical sampling factors as two nibbles, then a table
                return (jpeg[spec + 1] & 0xFF) == SAMPLING_1X2
                        && (jpeg[spec + SPEC_BYTES + 1] & 0xFF) == SAMPLING_1X1
                        && (jpeg[spec + 2 * SPEC_BYTES + 1] & 0xFF) == SAMPLING_1X1;
            }
            pos += 2 + length;
        }
        return false;
    }

    private static boolean isAdobeWithoutYcc(byte[] jpeg, int payload, int end) {
        return end <= jpeg.length
                && end - payload > ADOBE_TRANSFORM_OFFSET
                && Arrays.equals(jpeg, payload, payload + ADOBE.length, ADOBE, 0, ADOBE.length)
                && jpeg[payload + ADOBE_TRANSFORM_OFFSET] == 0;
    }

    /** RGB samples from a raw YCbCr raster whose chroma rows libjpeg 6b repeated in pairs. */
    static byte[] toRgb(Raster ycc) {
        int width = ycc.getWidth();
        int height = ycc.getHeight();
        int chromaRows = (height + 1) / 2;
        int[][] cb = new int[chromaRows][];
        int[][] cr = new int[chromaRows][];
        for (int r = 0; r < chromaRows; r++) {
            cb[r] = ycc.getSamples(ycc.getMinX(), ycc.getMinY() + 2 * r, width, 1, 1, (int[]) null);
            cr[r] = ycc.getSamples(ycc.getMinX(), ycc.getMinY() + 2 * r, width, 1, 2, (int[]) null);
        }
        byte[] rgb = new byte[width * height * 3];
        int[] luma = new int[width];
        for (int y = 0; y < height; y++) {
            ycc.getSamples(ycc.getMinX(), ycc.getMinY() + y, width, 1, 0, luma);
            int r = y / 2;
            boolean upper = y % 2 == 0;
            // the nearer chroma row weighs 3, the next nearer 1; at the image's edges the row itself
            int other = upper ? Math.max(r - 1, 0) : Math.min(r + 1, chromaRows - 1);
            int bias = upper ? 1 : 2;
            for (int x = 0, o = y * width * 3; x < width; x++, o += 3) {
                int cbv = (3 * cb[r][x] + cb[other][x] + bias) >> 2;
                int crv = (3 * cr[r][x] + cr[other][x] + bias) >> 2;
                int l = luma[x];
                rgb[o] = clamp(l + CR_R[crv]);
                rgb[o + 1] = clamp(l + ((CB_G[cbv] + CR_G[crv]) >> SCALE_BITS));
                rgb[o + 2] = clamp(l + CB_B[cbv]);
            }
        }
        return rgb;
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }

    private static byte clamp(int v) {
        return (byte) Math.max(0, Math.min(v, LEVELS - 1));
    }
}
