package io.cirstream.core.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The encoded formats cirstream accepts, recognised by their leading bytes rather than by a file name. */
public enum ImageFormat {
    JPEG("jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
    PNG("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
    GIF("gif", ascii("GIF8")),
    BMP("bmp", ascii("BM")),
    WEBP("webp", ascii("RIFF"));

    private static final int WEBP_TAG_OFFSET = 8;
    private static final byte[] WEBP_TAG = ascii("WEBP");

    private final String imageIoName;
    private final byte[] magic;

    ImageFormat(String imageIoName, byte[] magic) {
        this.imageIoName = imageIoName;
        this.magic = magic;
    }

    /** The format's name for {@code javax.imageio}. */
    String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature the bytes begin with, if any. */
    public static Optional<ImageFormat> sniff(byte[] bytes) {
        for (ImageFormat format : values()) {
            if (startsWith(bytes, 0, format.magic)
                    && (format != WEBP || startsWith(bytes, WEBP_TAG_OFFSET, WEBP_TAG))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The names of the accepted formats, for messages. */
    static String accepted() {
        return Arrays.toString(values());
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        if (bytes.length < offset + prefix.length) {
            return false;
        }
        return Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
