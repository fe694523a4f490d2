package io.cirstream.core.image;

import java.awt.image.IndexColorModel;

/** How PIL treats palettes on opening a file: some grey palettes make an "L" or "1" image rather than "P". */
final class PaletteRules {

    private static final int MAX_8BIT = 255;

    private PaletteRules() {}

    /** The palette as RGB triplets. */
    static byte[] rgb(IndexColorModel icm) {
        int n = icm.getMapSize();
        byte[] palette = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            palette[3 * i] = (byte) icm.getRed(i);
            palette[3 * i + 1] = (byte) icm.getGreen(i);
            palette[3 * i + 2] = (byte) icm.getBlue(i);
        }
        return palette;
    }

    /** PIL's GIF rule: a palette whose entry i is (i, i, i) for every i opens as "L". */
    static boolean isIdentityGreyRamp(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (!isGrey(icm, i, i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * PIL's BMP rule: a palette of at most two entries, black then white, opens as "1"; a larger one whose entry i is
     * (i, i, i) for every i opens as "L"; anything else as "P".
     */
    static PixelMode bmpMode(IndexColorModel icm) {
        int n = icm.getMapSize();
        if (n <= 2) {
            boolean blackWhite = isGrey(icm, 0, 0) && (n < 2 || isGrey(icm, 1, MAX_8BIT));
            return blackWhite ? PixelMode.BILEVEL : PixelMode.P;
        }
        return isIdentityGreyRamp(icm) ? PixelMode.L : PixelMode.P;
    }

    private static boolean isGrey(IndexColorModel icm, int index, int value) {
        return icm.getRed(index) == value && icm.getGreen(index) == value && icm.getBlue(index) == value;
    }
}
