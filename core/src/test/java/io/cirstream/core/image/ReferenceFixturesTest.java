package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Compares the preprocessing of the tiny bundle's fixture images (S = 64) with the PIL references another tool
 * writes: {@code fixtures/reference/preprocessed/<name>.u8} (uint8 HWC crop) and {@code <name>.f32} (float32 LE
 * CHW). Skipped while the fixtures do not exist.
 */
class ReferenceFixturesTest {

    private static final Path IMAGES = Path.of("..", "fixtures", "images");
    private static final Path REFERENCE = Path.of("..", "fixtures", "reference", "preprocessed");
    private static final int SIZE = 64;
    private static final int LOSSY_WEBP_MAX = 24;

    @Test
    void preprocessesTheFixtureImagesLikePil() throws IOException {
        assumeTrue(Files.isDirectory(IMAGES) && Files.isDirectory(REFERENCE), "no fixtures under " + IMAGES);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        TargetPadPreprocessor preprocessor = new TargetPadPreprocessor(PreprocessSpec.clip4cir(SIZE));
        List<String> failures = new ArrayList<>();
        int compared = 0;
        try (Stream<Path> files = Files.list(IMAGES)) {
            for (Path image :
                    files.filter(ReferenceFixturesTest::isImage).sorted().toList()) {
                Path u8 = reference(image, ".u8");
                if (u8 == null) {
                    continue;
                }
                compared++;
                DecodedImage decoded = decoder.decode(
                        Files.readAllBytes(image), image.getFileName().toString());
                byte[] crop = preprocessor.cropRgb(decoded);
                byte[] expected = Files.readAllBytes(u8);
                int max = Differences.maxAbs(crop, expected);
                boolean lossyWebp = image.toString().endsWith(".webp") && max > 0;
                System.out.printf("%s: crop vs PIL max |diff| %d%n", image.getFileName(), max);
                if (max > (lossyWebp ? LOSSY_WEBP_MAX : 0)) {
                    failures.add(image.getFileName() + ": crop differs from PIL by up to " + max);
                }
                Path f32 = reference(image, ".f32");
                if (f32 != null && max == 0) {
                    float[] tensor = preprocessor.preprocess(decoded);
                    float[] want = floats(Files.readAllBytes(f32));
                    for (int i = 0; i < want.length; i++) {
                        if (Float.compare(tensor[i], want[i]) != 0) {
                            failures.add(
                                    image.getFileName() + ": float " + i + " is " + tensor[i] + ", PIL " + want[i]);
                            break;
                        }
                    }
                }
            }
        }
        assumeTrue(compared > 0, "no fixture image has a reference yet");
        assertThat(failures).isEmpty();
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png") || name.endsWith(".webp");
    }

    /** {@code <stem><ext>} or {@code <file name><ext>}, whichever exists. */
    private static Path reference(Path image, String extension) {
        String file = image.getFileName().toString();
        String stem = file.substring(0, file.lastIndexOf('.'));
        for (String name : List.of(stem + extension, file + extension)) {
            Path candidate = REFERENCE.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static float[] floats(byte[] bytes) {
        float[] out = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
