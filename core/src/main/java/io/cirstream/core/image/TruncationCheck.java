package io.cirstream.core.image;

/**
 * Refuses files that end before their image does, where {@code javax.imageio}'s readers would quietly decode what is
 * there (a progressive JPEG cut between scans, a lossless WebP cut anywhere) but PIL raises "image file is
 * truncated". Structural checks only: a JPEG must reach an end-of-image marker after its first scan, a WebP must hold
 * as many bytes as its RIFF header declares.
 */
final class TruncationCheck {

    private static final int MARKER = 0xFF;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final int JPEG_SEGMENTS_START = 2;
    private static final int RIFF_SIZE_OFFSET = 4;
    private static final int RIFF_HEADER = 8;

    private TruncationCheck() {}

    /** Throws if the encoded image is visibly cut short. */
    static void check(ImageFormat format, byte[] bytes, String name) {
        String problem =
                switch (format) {
                    case JPEG -> jpegProblem(bytes);
                    case WEBP -> webpProblem(bytes);
                    default -> null;
                };
        if (problem != null) {
            throw new InvalidImageException(
                    "image '" + name + "' is a truncated or corrupt " + format + ": " + problem);
        }
    }

    private static String jpegProblem(byte[] jpeg) {
        int scan = firstScan(jpeg);
        if (scan < 0) {
            return null; // no scan found by walking the segments: the decoder will say what is wrong
        }
        // inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so FF D9 is the real end
        for (int i = scan; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == MARKER && (jpeg[i + 1] & 0xFF) == EOI) {
                return null;
            }
        }
        return "the data ends before the end-of-image marker (" + jpeg.length + " bytes)";
    }

    /** Where the first start-of-scan marker is, walking the segments from the start, or −1. */
    private static int firstScan(byte[] jpeg) {
        int pos = JPEG_SEGMENTS_START;
        while (pos + 3 < jpeg.length && (jpeg[pos] & 0xFF) == MARKER) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == MARKER) {
                pos++;
            } else if (marker == SOS) {
                return pos;
            } else if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                pos += 2;
            } else {
                pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
            }
        }
        return -1;
    }

    private static String webpProblem(byte[] webp) {
        if (webp.length < RIFF_HEADER + 4) {
            return "only " + webp.length + " bytes";
        }
        long declared = (webp[RIFF_SIZE_OFFSET] & 0xFFL)
                | (webp[RIFF_SIZE_OFFSET + 1] & 0xFFL) << 8
                | (webp[RIFF_SIZE_OFFSET + 2] & 0xFFL) << 16
                | (webp[RIFF_SIZE_OFFSET + 3] & 0xFFL) << 24;
        if (declared + RIFF_HEADER > webp.length) {
            return "its RIFF header declares " + (declared + RIFF_HEADER) + " bytes, the data holds " + webp.length;
        }
        return null;
    }
}
