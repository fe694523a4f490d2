package io.cirstream.trainer.stage1;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.model.BundleManifest;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.ModelBundleException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes model bundles in the layout tools/export_bundle.py makes (manifest format 1): after stage 1 a bundle with the
 * fine-tuned encoders (TorchScript saved from Java by libtorch, a new encoder version) and no Combiner, since a
 * Combiner trained on the old features does not fit the new ones; after stage 2 the same bundle with its Combiner.
 * The tokenizer and the preprocessing come from the source bundle. The manifest carries every file's sha256 and is
 * written last, then the bundle is opened with its checksums verified, as every reader opens it. Half-precision
 * encoder files are not written (tools/export_bundle.py --fp16 makes them for GPUs).
 */
public final class BundleWriter {

    /** The image encoder's file name in a bundle. */
    public static final String IMAGE_ENCODER_FILE = "image_encoder.pt";

    /** The text encoder's file name in a bundle. */
    public static final String TEXT_ENCODER_FILE = "text_encoder.pt";

    /** The tokenizer's file name in a bundle. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    /** The Combiner's file name in a bundle. */
    public static final String COMBINER_FILE = "combiner.safetensors";

    private static final int VERSION_HEX_DIGITS = 12;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {}

    /** Writes {@code session}'s encoders as the bundle {@code name} in {@code out} (no Combiner). */
    static ModelBundle writeEncoders(Stage1Session session, ModelBundle source, String name, Path out) {
        prepare(out);
        session.writeEncoders(out.resolve(IMAGE_ENCODER_FILE), out.resolve(TEXT_ENCODER_FILE));
        return finish(source, name, out, null);
    }

    /**
     * A copy of {@code source} (its encoders, same encoder version) in {@code out} with the Combiner {@code weights}.
     */
    public static ModelBundle withCombiner(ModelBundle source, CombinerWeights weights, Path out) {
        prepare(out);
        copy(source.imageEncoderFile(), out.resolve(IMAGE_ENCODER_FILE));
        copy(source.textEncoderFile(), out.resolve(TEXT_ENCODER_FILE));
        weights.save(out.resolve(COMBINER_FILE));
        return finish(source, source.name(), out, weights);
    }

    private static ModelBundle finish(ModelBundle source, String name, Path out, CombinerWeights weights) {
        BundleManifest from = source.manifest();
        String tokenizer = TOKENIZER_FILE;
        copy(source.tokenizerFile(), out.resolve(tokenizer));
        Map<String, String> files = new LinkedHashMap<>();
        files.put(IMAGE_ENCODER_FILE, ModelBundle.sha256(out.resolve(IMAGE_ENCODER_FILE)));
        files.put(TEXT_ENCODER_FILE, ModelBundle.sha256(out.resolve(TEXT_ENCODER_FILE)));
        files.put(tokenizer, ModelBundle.sha256(out.resolve(tokenizer)));
        String encoderVersion = weights == null
                ? name + "-" + shortHash(files.get(IMAGE_ENCODER_FILE) + ":" + files.get(TEXT_ENCODER_FILE))
                : source.encoderVersion();
        BundleManifest.CombinerEntry combiner = null;
        if (weights != null) {
            files.put(COMBINER_FILE, ModelBundle.sha256(out.resolve(COMBINER_FILE)));
            combiner = new BundleManifest.CombinerEntry(
                    COMBINER_FILE,
                    name + "-combiner-" + files.get(COMBINER_FILE).substring(0, VERSION_HEX_DIGITS),
                    weights.dims().projectionDim(),
                    weights.dims().hiddenDim());
        }
        BundleManifest manifest = new BundleManifest(
                BundleManifest.FORMAT_VERSION,
                name,
                from.architecture(),
                from.featureDim(),
                new BundleManifest.Encoder(IMAGE_ENCODER_FILE, encoderVersion, null),
                new BundleManifest.TextEncoderEntry(
                        TEXT_ENCODER_FILE,
                        encoderVersion,
                        tokenizer,
                        from.textEncoder().contextLength(),
                        null),
                from.preprocessing(),
                combiner,
                files);
        try {
            Path temporary = out.resolve(ModelBundle.MANIFEST + ".tmp");
            Files.writeString(temporary, JSON.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, out.resolve(ModelBundle.MANIFEST), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of " + out + ": " + e.getMessage(), e);
        }
        return ModelBundle.open(out, true);
    }

    /** Creates {@code out} and removes a manifest there first, so a half-written bundle is never taken for one. */
    private static void prepare(Path out) {
        try {
            Files.createDirectories(out);
            Files.deleteIfExists(out.resolve(ModelBundle.MANIFEST));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare bundle directory " + out + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            if (!from.toAbsolutePath().normalize().equals(to.toAbsolutePath().normalize())) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ModelBundleException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, VERSION_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
