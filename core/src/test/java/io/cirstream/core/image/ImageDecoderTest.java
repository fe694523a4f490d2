package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecoderTest {

    /** Lossy WebP: TwelveMonkeys' VP8 decoder against libwebp, in 8-bit levels; measured 54 on the vectors. */
    private static final int LOSSY_WEBP_DECODE_TOLERANCE = 64;

    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);

    static Stream<TestVectors.PipelineCase> pipelineCases() {
        return TestVectors.pipelineCases().stream();
    }

    static Stream<TestVectors.PipelineCase> lossyCases() {
        return TestVectors.pipelineCases().stream().filter(c -> c.decoded() != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pipelineCases")
    void opensEveryFileInPilsModeAndSize(TestVectors.PipelineCase c) {
        DecodedImage image = decoder.decode(TestVectors.bytes(c.input()), c.name());

        assertThat(image.width()).isEqualTo(c.width());
        assertThat(image.height()).isEqualTo(c.height());
        assertThat(pilModeName(image.mode(), c)).isEqualTo(c.pilMode());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossyCases")
    void decodesJpegExactlyLikeLibjpegTurboAndLossyWebpClosely(TestVectors.PipelineCase c) {
        DecodedImage image = decoder.decode(TestVectors.bytes(c.input()), c.name());
        DecodedImage pil = decoder.decode(TestVectors.bytes(c.decoded()), c.name() + " (PIL's pixels)");

        int max = Differences.maxAbs(image.samples(), pil.samples());
        System.out.printf(
                "%s: decoded samples vs PIL: max |diff| %d, mean |diff| %.3f%n",
                c.name(), max, Differences.meanAbs(image.samples(), pil.samples()));
        if (c.input().endsWith(".jpg")) {
            assertThat(max).as("JPEG decoding differs from libjpeg-turbo").isZero();
        } else {
            assertThat(max).isLessThanOrEqualTo(LOSSY_WEBP_DECODE_TOLERANCE);
        }
    }

    @Test
    void ignoresAJpegsIccProfileAsPilDoes() {
        byte[] withProfile = TestVectors.bytes("pipeline/jpeg_icc_linear_64x48.jpg");
        byte[] stripped = IccProfiles.withoutJpegProfile(withProfile);

        assertThat(stripped.length).isLessThan(withProfile.length);
        assertThat(IccProfiles.withoutJpegProfile(stripped)).isSameAs(stripped);
        assertThat(decoder.decode(withProfile, "icc").samples())
                .isEqualTo(decoder.decode(stripped, "no icc").samples());
    }

    @Test
    void ignoresAWebpsIccProfileAsPilDoes() {
        byte[] withProfile = TestVectors.bytes("pipeline/webp_icc_linear_40x30.webp");
        byte[] stripped = IccProfiles.withoutWebpProfile(withProfile);

        assertThat(stripped.length).isLessThan(withProfile.length);
        assertThat(IccProfiles.withoutWebpProfile(stripped)).isSameAs(stripped);
        assertThat(decoder.decode(stripped, "no icc").samples())
                .isEqualTo(decoder.decode(withProfile, "icc").samples());
    }

    @Test
    void refusesEmptyInput() {
        assertThatThrownBy(() -> decoder.decode(new byte[0], "empty.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image 'empty.jpg' is empty (0 bytes)");
    }

    @Test
    void refusesMoreBytesThanTheLimitBeforeLookingAtThem() {
        ImageDecoder small = new ImageDecoder(new ImageLimits(1000, ImageLimits.DEFAULT_MAX_PIXELS));

        assertThatThrownBy(() -> small.decode(new byte[1001], "big.png"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'big.png' is 1001 bytes, over the limit of 1000 (cirstream.image.max-bytes)");
    }

    @Test
    void refusesADecompressionBombFromItsHeaderWithoutDecodingIt() {
        // 57 bytes declaring 30000 x 30000 pixels: decoding would allocate 2.7 GB
        byte[] bomb = png(30_000, 30_000, new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});

        assertThatThrownBy(() -> decoder.decode(bomb, "bomb.png"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'bomb.png' is 30000x30000 = 900000000 pixels, over the limit of 40000000"
                        + " (cirstream.image.max-pixels)");
    }

    @Test
    void refusesAJpegDeclaringTooManyPixelsFromItsHeader() {
        byte[] jpeg = TestVectors.bytes("pipeline/jpeg_420_120x90.jpg");
        ImageDecoder tight = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_BYTES, 10_000));

        assertThatThrownBy(() -> tight.decode(jpeg, "photo.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'photo.jpg' is 120x90 = 10800 pixels, over the limit of 10000"
                        + " (cirstream.image.max-pixels)");
    }

    @Test
    void refusesAnOverlongSide() {
        byte[] line = png(20_000, 1, new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});

        assertThatThrownBy(() -> decoder.decode(line, "line.png"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'line.png' is 20000x1, its side of 20000 pixels is over the limit of 16384"
                        + " (cirstream.image.max-side)");
    }

    @Test
    void refusesATruncatedJpeg() {
        byte[] jpeg = TestVectors.bytes("pipeline/jpeg_420_120x90.jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        assertThatThrownBy(() -> decoder.decode(truncated, "cut.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("image 'cut.jpg' is a truncated or corrupt JPEG: ");
    }

    @Test
    void refusesAProgressiveJpegCutBetweenScansWhichTheDecoderWouldAccept() {
        byte[] jpeg = TestVectors.bytes("pipeline/jpeg_progressive_110x80.jpg");
        byte[] truncated = Arrays.copyOf(jpeg, 2672); // PIL: "image file is truncated (4 bytes not processed)"

        assertThatThrownBy(() -> decoder.decode(truncated, "cut.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'cut.jpg' is a truncated or corrupt JPEG: the data ends before the end-of-image"
                        + " marker (2672 bytes)");
    }

    @Test
    void refusesALosslessWebpCutShortWhichTheDecoderWouldAccept() {
        byte[] webp = TestVectors.bytes("pipeline/webp_lossless_70x50.webp");
        byte[] truncated = Arrays.copyOf(webp, webp.length - 100);

        assertThatThrownBy(() -> decoder.decode(truncated, "cut.webp"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'cut.webp' is a truncated or corrupt WEBP: its RIFF header declares " + webp.length
                        + " bytes, the data holds " + truncated.length);
    }

    @Test
    void ignoresPngGammaAsPilDoes() {
        byte[] png = TestVectors.bytes("pipeline/rgb_wide_120x40.png");
        byte[] withGamma = withChunkAfterHeader(
                png, "gAMA", ByteBuffer.allocate(4).putInt(100_000).array());

        assertThat(decoder.decode(withGamma, "gamma").samples())
                .isEqualTo(decoder.decode(png, "plain").samples());
    }

    @Test
    void refusesATruncatedPng() {
        byte[] png = TestVectors.bytes("pipeline/rgb_wide_120x40.png");
        byte[] truncated = Arrays.copyOf(png, png.length / 2);

        assertThatThrownBy(() -> decoder.decode(truncated, "cut.png"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("image 'cut.png' is a truncated or corrupt PNG: ");
    }

    @Test
    void refusesAPngCutInsideItsHeader() {
        byte[] png = TestVectors.bytes("pipeline/rgb_wide_120x40.png");

        assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, 20), "stub.png"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'stub.png' is a truncated or corrupt PNG: no IHDR chunk");
    }

    @Test
    void refusesAJpegWithAValidHeaderAndGarbageAfterIt() {
        byte[] jpeg = TestVectors.bytes("pipeline/jpeg_420_120x90.jpg");
        byte[] damaged = Arrays.copyOf(jpeg, jpeg.length);
        Arrays.fill(damaged, 3, 40, (byte) 0); // break the marker chain right after SOI

        assertThatThrownBy(() -> decoder.decode(damaged, "broken.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("image 'broken.jpg' is a truncated or corrupt JPEG: ");
    }

    @Test
    void refusesRandomBytesAsAnUnknownFormat() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x13;

        assertThatThrownBy(() -> decoder.decode(noise, "noise.bin"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("image 'noise.bin' is not in an accepted format [JPEG, PNG, GIF, BMP, WEBP]:"
                        + " it begins with bytes 13 ");
    }

    @Test
    void refusesRandomBytesBehindAJpegSignature() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = (byte) 0xFF;
        noise[1] = (byte) 0xD8;
        noise[2] = (byte) 0xFF;

        assertThatThrownBy(() -> decoder.decode(noise, "fake.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith("image 'fake.jpg' is a truncated or corrupt JPEG");
    }

    @Test
    void refusesTextPretendingToBeAnImage() {
        byte[] html = "<html><body>not found</body></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> decoder.decode(html, "404.jpg"))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image '404.jpg' is not in an accepted format [JPEG, PNG, GIF, BMP, WEBP]: it begins"
                        + " with bytes 3c 68 74 6d 6c 3e 3c 62");
    }

    @Test
    void neverAppliesExifOrientation() {
        DecodedImage image = decoder.decode(TestVectors.bytes("pipeline/jpeg_exif_rotated_90x60.jpg"), "exif");

        assertThat(image.width()).isEqualTo(90);
        assertThat(image.height()).isEqualTo(60);
    }

    /** PIL opens 16-bit grey+alpha PNGs as "RGBA" (grey replicated); cirstream as LA, which preprocesses the same. */
    private static String pilModeName(PixelMode mode, TestVectors.PipelineCase c) {
        return mode == PixelMode.LA && c.pilMode().equals("RGBA") && c.name().startsWith("la16")
                ? "RGBA"
                : mode.pilName();
    }

    /** A PNG of the given header and IDAT payload, with correct CRCs. */
    static byte[] png(int width, int height, byte[] idat) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2);
        chunk(out, "IHDR", ihdr.put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        int afterHeader = 8 + 4 + 4 + 13 + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, afterHeader);
        chunk(out, type, data);
        out.write(png, afterHeader, png.length - afterHeader);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
