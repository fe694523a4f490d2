package io.cirstream.core.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.image.PreprocessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A model bundle on disk: a directory holding manifest.json, the TorchScript image and text encoders, the CLIP BPE
 * tokenizer and the Combiner weights. Opening one validates the manifest and (by default) every file's sha256, so a
 * truncated or swapped file is caught before any model is loaded.
 */
public final class ModelBundle {

    /** The manifest's file name inside a bundle directory. */
    public static final String MANIFEST = "manifest.json";

    /** CLIP's text context length; the only one the encoders are exported with. */
    public static final int CLIP_CONTEXT_LENGTH = 77;

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private final Path directory;
    private final BundleManifest manifest;
    private final PreprocessSpec preprocessing;

    private ModelBundle(Path directory, BundleManifest manifest, PreprocessSpec preprocessing) {
        this.directory = directory;
        this.manifest = manifest;
        this.preprocessing = preprocessing;
    }

    /** Opens a bundle and verifies the checksums of its files. */
    public static ModelBundle open(Path directory) {
        return open(directory, true);
    }

    /**
     * Opens a bundle.
     *
     * @param directory the bundle directory
     * @param verifyChecksums whether to hash every file listed in the manifest and compare
     * @throws ModelBundleException naming the bundle and what is wrong with it
     */
    public static ModelBundle open(Path directory, boolean verifyChecksums) {
        Path manifestFile = directory.resolve(MANIFEST);
        if (!Files.isDirectory(directory)) {
            throw new ModelBundleException("model bundle " + directory + " is not a directory");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelBundleException(
                    "model bundle " + directory + " has no " + MANIFEST + " (make one with tools/export_bundle.py)");
        }
        BundleManifest manifest = readManifest(manifestFile);
        PreprocessSpec spec = validate(directory, manifest);
        if (verifyChecksums) {
            verifyChecksums(directory, manifest.files());
        }
        return new ModelBundle(directory, manifest, spec);
    }

    private static BundleManifest readManifest(Path manifestFile) {
        try (InputStream in = Files.newInputStream(manifestFile)) {
            return JSON.readValue(in, BundleManifest.class);
        } catch (JacksonException e) {
            throw new ModelBundleException(
                    "model bundle manifest " + manifestFile + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelBundleException("cannot read model bundle manifest " + manifestFile + ": " + e, e);
        }
    }

    private static PreprocessSpec validate(Path dir, BundleManifest m) {
        String where = "model bundle " + dir + ": ";
        if (m.formatVersion() != BundleManifest.FORMAT_VERSION) {
            throw new ModelBundleException(where + "manifest formatVersion " + m.formatVersion()
                    + " is not supported (this runtime reads " + BundleManifest.FORMAT_VERSION + ")");
        }
        require(m.featureDim() > 0, where + "featureDim must be > 0, got " + m.featureDim());
        require(m.imageEncoder() != null, where + "manifest has no imageEncoder");
        require(m.textEncoder() != null, where + "manifest has no textEncoder");
        require(m.preprocessing() != null, where + "manifest has no preprocessing");
        requireFile(dir, m.imageEncoder().file(), where + "imageEncoder.file");
        requireFile(dir, m.textEncoder().file(), where + "textEncoder.file");
        requireFile(dir, m.textEncoder().tokenizer(), where + "textEncoder.tokenizer");
        require(
                m.textEncoder().contextLength() == CLIP_CONTEXT_LENGTH,
                where + "textEncoder.contextLength must be " + CLIP_CONTEXT_LENGTH + ", got "
                        + m.textEncoder().contextLength());
        require(
                notBlank(m.imageEncoder().version()) && notBlank(m.textEncoder().version()),
                where + "the encoders need a version");
        if (m.combiner() != null) {
            requireFile(dir, m.combiner().file(), where + "combiner.file");
            require(notBlank(m.combiner().version()), where + "combiner.version is missing");
            require(
                    m.combiner().projectionDim() > 0 && m.combiner().hiddenDim() > 0,
                    where + "combiner projectionDim and hiddenDim must be > 0");
        }
        BundleManifest.Preprocessing p = m.preprocessing();
        String interpolation = p.interpolation() == null ? "bicubic" : p.interpolation();
        require(
                "bicubic".equals(interpolation),
                where + "preprocessing.interpolation '" + interpolation + "' is not supported (only bicubic)");
        try {
            return new PreprocessSpec(p.inputSize(), p.targetPadRatio(), floats(p.mean()), floats(p.std()));
        } catch (IllegalArgumentException e) {
            throw new ModelBundleException(where + "preprocessing is invalid: " + e.getMessage(), e);
        }
    }

    private static void verifyChecksums(Path dir, Map<String, String> files) {
        if (files == null || files.isEmpty()) {
            throw new ModelBundleException("model bundle " + dir + ": manifest lists no file checksums");
        }
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = resolveInside(dir, e.getKey(), "files");
            String actual = sha256(file);
            if (!actual.equalsIgnoreCase(e.getValue())) {
                throw new ModelBundleException("model bundle " + dir + ": " + e.getKey() + " has sha256 " + actual
                        + " but the manifest says " + e.getValue() + " (corrupt or replaced file)");
            }
        }
    }

    /** Hex sha256 of a file. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ModelBundleException("cannot read " + file + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void requireFile(Path dir, String name, String what) {
        require(notBlank(name), what + " is missing");
        Path file = resolveInside(dir, name, what);
        require(Files.isRegularFile(file), what + " names " + file + ", which does not exist");
    }

    private static Path resolveInside(Path dir, String name, String what) {
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new ModelBundleException(what + " '" + name + "' points outside the bundle directory " + dir);
        }
        return file;
    }

    private static float[] floats(List<Float> values) {
        if (values == null) {
            return null;
        }
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new ModelBundleException(message);
        }
    }

    public Path directory() {
        return directory;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public String name() {
        return manifest.name();
    }

    /** The feature dimension D shared by both encoders and the Combiner. */
    public int featureDim() {
        return manifest.featureDim();
    }

    /** The version of the image and text encoders (they change together, in stage-1 fine-tuning). */
    public String encoderVersion() {
        return manifest.imageEncoder().version();
    }

    public PreprocessSpec preprocessing() {
        return preprocessing;
    }

    public Path imageEncoderFile() {
        return directory.resolve(manifest.imageEncoder().file());
    }

    public Path textEncoderFile() {
        return directory.resolve(manifest.textEncoder().file());
    }

    public Path tokenizerFile() {
        return directory.resolve(manifest.textEncoder().tokenizer());
    }

    /** Whether the bundle carries Combiner weights. */
    public boolean hasCombiner() {
        return manifest.combiner() != null;
    }

    /**
     * The shape of the Combiner this bundle's features go into: the bundle's own Combiner's, or the published shape
     * for its feature dimension (P = 4·D, H = 8·D) when it carries none.
     */
    public CombinerDims combinerDims() {
        return hasCombiner()
                ? new CombinerDims(
                        featureDim(),
                        manifest.combiner().projectionDim(),
                        manifest.combiner().hiddenDim())
                : CombinerDims.ofFeatureDim(featureDim());
    }

    public Path combinerFile() {
        requireCombiner();
        return directory.resolve(manifest.combiner().file());
    }

    public String combinerVersion() {
        requireCombiner();
        return manifest.combiner().version();
    }

    private void requireCombiner() {
        if (!hasCombiner()) {
            throw new ModelBundleException("model bundle " + directory + " has no combiner");
        }
    }

    @Override
    public String toString() {
        return "ModelBundle[" + manifest.name() + ", D=" + featureDim() + ", encoders " + encoderVersion() + ", "
                + directory + "]";
    }
}
