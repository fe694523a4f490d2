package io.cirstream.core.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Removes embedded ICC profiles before decoding: JPEG's APP2 "ICC_PROFILE" segments and WebP's ICCP chunk. PIL hands
 * the decoder's RGB on as it is and ignores the profile; the JDK's JPEG reader and TwelveMonkeys' WebP reader convert
 * the pixels through it, which can move them by tens of levels. PNG's iCCP is not applied by the JDK's reader.
 */
final class IccProfiles {

    private static final int MARKER = 0xFF;
    private static final int SOI_LENGTH = 2;
    private static final int APP2 = 0xE2;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int TEM = 0x01;
    private static final int RST0 = 0xD0;
    private static final int RST7 = 0xD7;
    private static final byte[] ICC_TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;
    private static final int RIFF_SIZE_OFFSET = 4;
    private static final int VP8X_ICC_FLAG = 0x20;
    private static final byte[] ICCP = "ICCP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VP8X = "VP8X".getBytes(StandardCharsets.US_ASCII);

    private IccProfiles() {}

    /** The image without its ICC profile, for the formats whose reader would apply one; otherwise the same array. */
    static byte[] strip(ImageFormat format, byte[] image) {
        return switch (format) {
            case JPEG -> withoutJpegProfile(image);
            case WEBP -> withoutWebpProfile(image);
            default -> image;
        };
    }

    /** The JPEG without its ICC profile segments; the same array when it has none or its structure is unclear. */
    static byte[] withoutJpegProfile(byte[] jpeg) {
        ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        int pos = SOI_LENGTH;
        while (pos + 3 < jpeg.length && (jpeg[pos] & 0xFF) == MARKER) {
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == MARKER) {
                pos++; // fill byte
                continue;
            }
            if (marker == SOS || marker == EOI) {
                break;
            }
            if (marker == TEM || (marker >= RST0 && marker <= RST7)) {
                pos += 2;
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            int end = pos + 2 + length;
            if (length < 2 || end > jpeg.length) {
                break; // malformed: let the decoder report it
            }
            if (marker == APP2 && isIcc(jpeg, pos + 4, end)) {
                if (out == null) {
                    out = new ByteArrayOutputStream(jpeg.length);
                }
                out.write(jpeg, copiedUpTo, pos - copiedUpTo);
                copiedUpTo = end;
            }
            pos = end;
        }
        if (out == null) {
            return jpeg;
        }
        out.write(jpeg, copiedUpTo, jpeg.length - copiedUpTo);
        return out.toByteArray();
    }

    private static boolean isIcc(byte[] jpeg, int payload, int end) {
        return end - payload >= ICC_TAG.length
                && Arrays.equals(jpeg, payload, payload + ICC_TAG.length, ICC_TAG, 0, ICC_TAG.length);
    }

    /**
     * The WebP without its ICCP chunk and with VP8X's ICC flag cleared; the same array when it has none or its
     * structure is unclear.
     */
    static byte[] withoutWebpProfile(byte[] webp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(webp.length);
        out.write(webp, 0, RIFF_HEADER);
        boolean removed = false;
        int vp8xFlags = -1;
        int pos = RIFF_HEADER;
        while (pos + CHUNK_HEADER <= webp.length) {
            int size = littleEndianInt(webp, pos + RIFF_SIZE_OFFSET);
            long end = pos + CHUNK_HEADER + (long) size + (size & 1);
            if (size < 0 || end > webp.length) {
                return webp; // malformed: let the decoder report it
            }
            if (isTag(webp, pos, ICCP)) {
                removed = true;
            } else {
                if (isTag(webp, pos, VP8X) && size > 0) {
                    vp8xFlags = out.size() + CHUNK_HEADER;
                }
                out.write(webp, pos, (int) end - pos);
            }
            pos = (int) end;
        }
        if (!removed || pos != webp.length) {
            return webp;
        }
        byte[] stripped = out.toByteArray();
        if (vp8xFlags >= 0) {
            stripped[vp8xFlags] &= (byte) ~VP8X_ICC_FLAG;
        }
        int riffSize = stripped.length - CHUNK_HEADER;
        for (int i = 0; i < Integer.BYTES; i++) {
            stripped[RIFF_SIZE_OFFSET + i] = (byte) (riffSize >>> (Byte.SIZE * i));
        }
        return stripped;
    }

    private static boolean isTag(byte[] bytes, int pos, byte[] tag) {
        return Arrays.equals(bytes, pos, pos + tag.length, tag, 0, tag.length);
    }

    private static int littleEndianInt(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }
}
