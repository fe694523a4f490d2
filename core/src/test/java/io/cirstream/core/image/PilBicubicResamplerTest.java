package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PilBicubicResamplerTest {

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

    static Stream<TestVectors.ResizeCase> bicubicCases() {
        return TestVectors.resizeCases().stream()
                .filter(c -> c.filter().equals("bicubic") && !c.pilMode().equals("I;16"));
    }

    static Stream<TestVectors.ResizeCase> bicubic16Cases() {
        return TestVectors.resizeCases().stream().filter(c -> c.pilMode().equals("I;16"));
    }

    static Stream<TestVectors.ResizeCase> nearestCases() {
        return TestVectors.resizeCases().stream().filter(c -> c.filter().equals("nearest"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bicubicCases")
    void resizesBitExactlyLikePil(TestVectors.ResizeCase c) {
        DecodedImage input = decoder.decode(TestVectors.bytes(c.input()), c.name());
        assertThat(input.mode().channels()).isEqualTo(c.channels());

        byte[] resized = PilBicubicResampler.resize(
                input.samples(), c.width(), c.height(), c.channels(), c.outWidth(), c.outHeight());

        assertThat(resized).isEqualTo(TestVectors.bytes(c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bicubic16Cases")
    void resizes16BitGreyBitExactlyLikePil(TestVectors.ResizeCase c) {
        DecodedImage input = decoder.decode(TestVectors.bytes(c.input()), c.name());
        assertThat(input.mode()).isEqualTo(PixelMode.I16);

        byte[] resized = PilBicubic16Resampler.resize(
                PaddedRaster.of(input.samples(), c.width(), c.height(), 2),
                c.outWidth(),
                c.outHeight(),
                Window.all(c.outWidth(), c.outHeight()));

        assertThat(resized).isEqualTo(TestVectors.bytes(c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearestCases")
    void resizesPaletteImagesNearestNeighbourLikePil(TestVectors.ResizeCase c) {
        DecodedImage input = decoder.decode(TestVectors.bytes(c.input()), c.name());
        assertThat(input.mode()).isEqualTo(PixelMode.P);

        byte[] resized = PilNearestResampler.resize(
                PaddedRaster.of(input.samples(), c.width(), c.height(), 1),
                c.outWidth(),
                c.outHeight(),
                Window.all(c.outWidth(), c.outHeight()));

        assertThat(resized).isEqualTo(TestVectors.bytes(c.expected()));
    }

    @Test
    void aWindowOfAPaddedImageEqualsPaddingResizingAndCropping() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int channels = 1 + random.nextInt(4);
            int width = 1 + random.nextInt(40);
            int height = 1 + random.nextInt(40);
            int padX = random.nextInt(12);
            int padY = random.nextInt(12);
            int outWidth = 1 + random.nextInt(50);
            int outHeight = 1 + random.nextInt(50);
            byte[] samples = new byte[width * height * channels];
            random.nextBytes(samples);
            int windowX = random.nextInt(outWidth);
            int windowY = random.nextInt(outHeight);
            Window window = new Window(
                    windowX, windowY, 1 + random.nextInt(outWidth - windowX), 1 + random.nextInt(outHeight - windowY));

            byte[] padded = pad(samples, width, height, channels, padX, padY);
            byte[] full = PilBicubicResampler.resize(
                    padded, width + 2 * padX, height + 2 * padY, channels, outWidth, outHeight);
            byte[] windowed = PilBicubicResampler.resize(
                    new PaddedRaster(samples, width, height, channels, padX, padY), outWidth, outHeight, window);

            assertThat(windowed)
                    .as(
                            "trial %d: %dx%dx%d padded %d,%d to %dx%d, %s",
                            trial, width, height, channels, padX, padY, outWidth, outHeight, window)
                    .isEqualTo(crop(full, outWidth, channels, window));
        }
    }

    @Test
    void filtersVerticallyFirstWhenTheHeightShrinksByMoreThanTwiceTheWidth() {
        assertThat(PassOrder.verticalFirst(100, 100, 80, 59)).isTrue();
        assertThat(PassOrder.verticalFirst(100, 100, 80, 60)).isFalse();
        assertThat(PassOrder.verticalFirst(3, 100, 8, 50)).isTrue();
        assertThat(PassOrder.verticalFirst(5, 7, 13, 11)).isFalse(); // no vertical shrinking
    }

    @Test
    void keepsAnAxisWhoseSizeDoesNotChangeUnfiltered() {
        byte[] samples = {0, (byte) 255, 0, (byte) 255, 10, 20};
        assertThat(PilBicubicResampler.resize(samples, 3, 2, 1, 3, 2)).isEqualTo(samples);
    }

    @Test
    void refusesChannelCountsPilDoesNotResample() {
        assertThatThrownBy(() -> PilBicubicResampler.resize(new byte[10], 2, 1, 5, 4, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels must be 1..4, got 5");
    }

    static byte[] pad(byte[] samples, int width, int height, int channels, int padX, int padY) {
        int paddedWidth = width + 2 * padX;
        byte[] out = new byte[paddedWidth * (height + 2 * padY) * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(
                    samples, y * width * channels, out, ((y + padY) * paddedWidth + padX) * channels, width * channels);
        }
        return out;
    }

    static byte[] crop(byte[] samples, int width, int channels, Window window) {
        byte[] out = new byte[window.width() * window.height() * channels];
        for (int y = 0; y < window.height(); y++) {
            System.arraycopy(
                    samples,
                    ((window.y() + y) * width + window.x()) * channels,
                    out,
                    y * window.width() * channels,
                    window.width() * channels);
        }
        return out;
    }
}
