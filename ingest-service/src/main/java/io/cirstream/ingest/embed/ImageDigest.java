package io.cirstream.ingest.embed;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of image bytes as 64 lower-case hex digits: how the store recognises an unchanged image. */
public final class ImageDigest {

    private static final String ALGORITHM = "SHA-256";

    private ImageDigest() {}

    /** The lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(ALGORITHM).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
