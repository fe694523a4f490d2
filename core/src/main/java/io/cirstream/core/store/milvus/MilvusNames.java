package io.cirstream.core.store.milvus;

import io.cirstream.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The names of the store's Milvus objects: one collection per encoder version, named {@value #PREFIX} plus the version
 * with every character outside {@code [A-Za-z0-9]} hex-escaped as {@code _hh} (UTF-8 bytes), so any version gives a
 * safe, distinct name; reads go through the alias {@value #ACTIVE_ALIAS}.
 */
final class MilvusNames {

    static final String PREFIX = "cirstream_";
    static final String ACTIVE_ALIAS = "cirstream_active";

    private MilvusNames() {}

    /** The Milvus collection name for this encoder version. */
    static String collectionName(String encoderVersion) {
        Objects.requireNonNull(encoderVersion, "encoderVersion");
        if (encoderVersion.isEmpty()) {
            throw new InvalidInputException("encoder version must not be empty");
        }
        StringBuilder name = new StringBuilder(PREFIX);
        for (byte b : encoderVersion.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                name.append((char) c);
            } else {
                name.append('_').append(HexFormat.of().toHexDigits((byte) c));
            }
        }
        if (name.length() > 255) {
            throw new InvalidInputException(
                    "encoder version is too long for a Milvus collection name: " + encoderVersion);
        }
        return name.toString();
    }

    /** The encoder version named by this collection name, or empty if it is not one of ours. */
    static Optional<String> encoderVersion(String collectionName) {
        if (!collectionName.startsWith(PREFIX) || collectionName.equals(ACTIVE_ALIAS)) {
            return Optional.empty();
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        String rest = collectionName.substring(PREFIX.length());
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '_') {
                if (i + 2 >= rest.length()) {
                    return Optional.empty();
                }
                try {
                    bytes.write(HexFormat.fromHexDigits(rest, i + 1, i + 3));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        String version = bytes.toString(StandardCharsets.UTF_8);
        return collectionName(version).equals(collectionName) ? Optional.of(version) : Optional.empty();
    }
}
