package io.cirstream.core.image;

import io.cirstream.core.CirstreamException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG, PNG, WebP, GIF and BMP images into {@link DecodedImage}s holding what PIL's {@code Image.open} would
 * hold: the same mode and, for PNG, GIF, BMP, lossless WebP and JPEG, the same samples (JPEG through the JDK's
 * libjpeg, which matches libjpeg-turbo's default decoding, with turbo's chroma interpolation redone for 4:4:0
 * files ({@link JpegVerticalChroma}); embedded ICC profiles are ignored, as PIL does; EXIF
 * orientation is not applied, as PIL does not). Lossy WebP goes through TwelveMonkeys' VP8 decoder, which differs
 * from libwebp by a few levels on average and up to about 60 at sharp colour edges.
 *
 * <p>Refuses, with an {@link InvalidImageException} naming the image and the limit: empty input, more bytes than
 * {@link ImageLimits#maxBytes()}, an unknown format, a header declaring more pixels than the limits allow (checked
 * before any pixel is decoded), and truncated or corrupt data. Thread-safe: every call uses its own reader.
 *
 * <p>Known differences from PIL: a GIF's first frame is decoded at the frame's own size, where PIL pastes it onto
 * the logical screen; PNG palette indices past the palette's end read black.
 */
public final class ImageDecoder {

    private static final int SNIPPET_BYTES = 8;

    /** The reader each format uses, by provider class: the JDK's where it decodes like PIL's libraries. */
    private static final Map<ImageFormat, String> PREFERRED_READERS = Map.of(
            ImageFormat.JPEG, "com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi",
            ImageFormat.PNG, "com.sun.imageio.plugins.png.PNGImageReaderSpi",
            ImageFormat.GIF, "com.sun.imageio.plugins.gif.GIFImageReaderSpi",
            ImageFormat.BMP, "com.sun.imageio.plugins.bmp.BMPImageReaderSpi",
            ImageFormat.WEBP, "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi");

    private static final Map<ImageFormat, ImageReaderSpi> READERS = findReaders();

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Decodes an encoded image.
     *
     * @param bytes the encoded image
     * @param name what to call the image in error messages
     * @throws InvalidImageException if the image is refused
     */
    public DecodedImage decode(byte[] bytes, String name) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(name, "name");
        if (bytes.length == 0) {
            throw new InvalidImageException("image '" + name + "' is empty (0 bytes)");
        }
        limits.checkBytes(name, bytes.length);
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new InvalidImageException("image '" + name + "' is not in an accepted format "
                        + ImageFormat.accepted() + ": it begins with bytes "
                        + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, SNIPPET_BYTES))));
        PngHeader pngHeader = format == ImageFormat.PNG ? PngHeader.parse(bytes, name) : null;
        if (pngHeader != null) {
            limits.checkDimensions(name, pngHeader.width(), pngHeader.height());
        }
        TruncationCheck.check(format, bytes, name);
        byte[] input = IccProfiles.strip(format, bytes);
        ImageReader reader = newReader(format);
        try {
            return read(reader, input, format, pngHeader, name);
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // decoders report damaged data with IIOException but also with assorted runtime exceptions
            String reason =
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new InvalidImageException(
                    "image '" + name + "' is a truncated or corrupt " + format + ": " + reason, e);
        }
    }

    private DecodedImage read(ImageReader reader, byte[] bytes, ImageFormat format, PngHeader png, String name)
            throws IOException {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(collect(warnings));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            // the header's size, before any pixel is decoded: a decompression bomb stops here
            limits.checkDimensions(name, width, height);
            DecodedImage image = format == ImageFormat.JPEG && JpegVerticalChroma.isH1V2(bytes)
                    ? DecodedImage.of(
                            width, height, PixelMode.RGB, JpegVerticalChroma.toRgb(reader.readRaster(0, null)))
                    : extract(reader.read(0), format, png, name);
            for (String warning : warnings) {
                if (isTruncation(warning)) {
                    throw new InvalidImageException(
                            "image '" + name + "' is a truncated or corrupt " + format + ": " + warning);
                }
            }
            return image;
        } finally {
            reader.dispose();
        }
    }

    private static DecodedImage extract(BufferedImage image, ImageFormat format, PngHeader png, String name) {
        return switch (format) {
            case PNG -> SampleExtractor.png(image, png, name);
            case JPEG -> SampleExtractor.jpeg(image, name);
            case WEBP -> SampleExtractor.webp(image, name);
            case GIF -> SampleExtractor.gif(image, name);
            case BMP -> SampleExtractor.bmp(image, name);
        };
    }

    /**
     * Whether a decoder warning means the data ended early. PIL refuses such files ("image file is truncated") but,
     * like libjpeg, accepts other recoverable damage, so only truncation is refused here.
     */
    private static boolean isTruncation(String warning) {
        return warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end");
    }

    private static IIOReadWarningListener collect(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static ImageReader newReader(ImageFormat format) {
        ImageReaderSpi spi = READERS.get(format);
        if (spi == null) {
            throw new CirstreamException("no javax.imageio reader for " + format + " on the class path");
        }
        try {
            return spi.createReaderInstance();
        } catch (IOException e) {
            throw new CirstreamException("cannot create a " + format + " reader: " + e.getMessage(), e);
        }
    }

    /** For each format its preferred reader, else the first one registered. */
    private static Map<ImageFormat, ImageReaderSpi> findReaders() {
        Map<ImageFormat, ImageReaderSpi> readers = new EnumMap<>(ImageFormat.class);
        Iterator<ImageReaderSpi> providers =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            for (ImageFormat format : ImageFormat.values()) {
                if (List.of(spi.getFormatNames()).contains(format.imageIoName())
                        && (!readers.containsKey(format)
                                || spi.getClass().getName().equals(PREFERRED_READERS.get(format)))) {
                    readers.put(format, spi);
                }
            }
        }
        return readers;
    }
}
