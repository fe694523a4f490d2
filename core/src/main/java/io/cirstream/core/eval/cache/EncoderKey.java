package io.cirstream.core.eval.cache;

import io.cirstream.core.model.BundleManifest;
import io.cirstream.core.model.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What cached features depend on besides the content: the bundle's encoder version, the encoder files actually run
 * (fp32 or fp16, by checksum), the preprocessing, the feature dimension and the device kind (CPU and CUDA kernels round
 * differently). Two runs with equal keys produce the same features for the same image or caption.
 *
 * @param description the key in words (written to the cache directory as {@code key.txt})
 * @param dimension the feature dimension
 */
public record EncoderKey(String description, int dimension) {

    private static final int DIRECTORY_HEX = 16;

    public EncoderKey {
        Objects.requireNonNull(description, "description");
        if (dimension < 1) {
            throw new IllegalArgumentException("feature dimension must be >= 1, got " + dimension);
        }
    }

    /** The key of a bundle's encoders as a run uses them. */
    public static EncoderKey of(ModelBundle bundle, boolean fp16, String deviceType) {
        BundleManifest manifest = bundle.manifest();
        String imageFile = fp16 && manifest.imageEncoder().fp16File() != null
                ? manifest.imageEncoder().fp16File()
                : manifest.imageEncoder().file();
        String textFile = fp16 && manifest.textEncoder().fp16File() != null
                ? manifest.textEncoder().fp16File()
                : manifest.textEncoder().file();
        BundleManifest.Preprocessing p = manifest.preprocessing();
        String description = String.join(
                "\n",
                "encoder version " + bundle.encoderVersion(),
                "image encoder " + imageFile + " sha256 " + manifest.files().get(imageFile),
                "text encoder " + textFile + " sha256 " + manifest.files().get(textFile),
                "tokenizer sha256 "
                        + manifest.files().get(manifest.textEncoder().tokenizer()),
                "preprocessing " + p.inputSize() + " targetpad " + p.targetPadRatio() + " mean " + p.mean() + " std "
                        + p.std() + " " + p.interpolation(),
                "feature dim " + bundle.featureDim(),
                "device " + deviceType);
        return new EncoderKey(description, bundle.featureDim());
    }

    /** The cache's sub-directory for this key: the first hex digits of the key's SHA-256. */
    public String directoryName() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, DIRECTORY_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
