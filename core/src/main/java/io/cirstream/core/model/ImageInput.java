package io.cirstream.core.model;

import java.util.Objects;

/**
 * An encoded image (JPEG, PNG, WebP…) and a name for messages: a file name, a product id or a URI.
 *
 * @param name what to call the image in errors and logs
 * @param bytes the encoded image
 */
public record ImageInput(String name, byte[] bytes) {
    public ImageInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }
}
