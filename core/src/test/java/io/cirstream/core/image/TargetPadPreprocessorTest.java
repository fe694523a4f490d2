package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TargetPadPreprocessorTest {

    /**
     * Bounds on the difference, in 8-bit levels, between the targetpad crop of a lossy WebP decoded by TwelveMonkeys
     * and by libwebp (PIL); measured max 18, mean 2.3 on the (harsh, noisy) vector. JPEG decodes exactly.
     */
    private static final int LOSSY_WEBP_CROP_MAX = 24;

    private static final double LOSSY_WEBP_CROP_MEAN = 4.0;

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

    static Stream<TestVectors.PipelineCase> exactCases() {
        return TestVectors.pipelineCases().stream().filter(c -> !isLossyWebp(c));
    }

    static Stream<TestVectors.PipelineCase> lossyWebpCases() {
        return TestVectors.pipelineCases().stream().filter(TargetPadPreprocessorTest::isLossyWebp);
    }

    static Stream<TestVectors.PipelineCase> tensorCases() {
        return exactCases().filter(c -> c.expectedF32() != null);
    }

    private static boolean isLossyWebp(TestVectors.PipelineCase c) {
        return c.lossy() && c.input().endsWith(".webp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactCases")
    void cropsBitExactlyLikeClip4CirsPythonPipeline(TestVectors.PipelineCase c) {
        DecodedImage image = decoder.decode(TestVectors.bytes(c.input()), c.name());

        byte[] crop = preprocessor(c.size()).cropRgb(image);

        assertThat(crop).isEqualTo(TestVectors.bytes(c.expectedU8()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tensorCases")
    void normalisesBitExactlyLikeTorchvision(TestVectors.PipelineCase c) {
        DecodedImage image = decoder.decode(TestVectors.bytes(c.input()), c.name());
        TargetPadPreprocessor preprocessor = preprocessor(c.size());
        float[] batch = new float[preprocessor.outputLength() + 5];

        preprocessor.preprocess(image, batch, 5);

        float[] expected = TestVectors.floats(c.expectedF32());
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(batch[5 + i]) != Float.floatToRawIntBits(expected[i])) {
                throw new AssertionError(
                        c.name() + ": value " + i + " is " + batch[5 + i] + ", PIL/torchvision " + expected[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossyWebpCases")
    void cropsLossyWebpCloseToPil(TestVectors.PipelineCase c) {
        DecodedImage image = decoder.decode(TestVectors.bytes(c.input()), c.name());

        byte[] crop = preprocessor(c.size()).cropRgb(image);

        int max = Differences.maxAbs(crop, TestVectors.bytes(c.expectedU8()));
        double mean = Differences.meanAbs(crop, TestVectors.bytes(c.expectedU8()));
        System.out.printf("%s: targetpad crop vs PIL: max |diff| %d, mean |diff| %.3f%n", c.name(), max, mean);
        assertThat(max).isLessThanOrEqualTo(LOSSY_WEBP_CROP_MAX);
        assertThat(mean).isLessThanOrEqualTo(LOSSY_WEBP_CROP_MEAN);
    }

    @Test
    void refusesAnOutputArrayWithoutRoom() {
        TargetPadPreprocessor preprocessor = preprocessor(4);
        DecodedImage image = DecodedImage.of(1, 1, PixelMode.L, new byte[] {1});

        assertThatThrownBy(() -> preprocessor.preprocess(image, new float[50], 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no room for 48 floats at offset 3 in an array of 50");
    }

    @Test
    void fillsBatchSlotsIndependently() {
        TargetPadPreprocessor preprocessor = preprocessor(8);
        DecodedImage white = DecodedImage.of(3, 2, PixelMode.RGB, filled(18, 255));
        DecodedImage black = DecodedImage.of(2, 3, PixelMode.L, filled(6, 0));
        float[] batch = new float[2 * preprocessor.outputLength()];

        preprocessor.preprocess(white, batch, 0);
        preprocessor.preprocess(black, batch, preprocessor.outputLength());

        assertThat(batch[0]).isEqualTo((1f - PreprocessSpec.CLIP_MEAN[0]) / PreprocessSpec.CLIP_STD[0]);
        assertThat(batch[preprocessor.outputLength()])
                .isEqualTo((0f - PreprocessSpec.CLIP_MEAN[0]) / PreprocessSpec.CLIP_STD[0]);
    }

    private static TargetPadPreprocessor preprocessor(int size) {
        return new TargetPadPreprocessor(PreprocessSpec.clip4cir(size));
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
