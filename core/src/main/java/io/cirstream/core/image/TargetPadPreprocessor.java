package io.cirstream.core.image;

import java.util.Objects;

/**
 * CLIP4Cir's "targetpad" preprocessing, bit-exact with its Python pipeline
 * ({@code TargetPad(r) → Resize(S, BICUBIC) → CenterCrop(S) → convert("RGB") → ToTensor → Normalize}) on PIL 13 and
 * torchvision. Every step happens in the image's own mode, as in PIL: the zero padding (palette index 0 for "P"
 * images, which is black only if the palette says so), the resize (premultiplied for alpha images, nearest-neighbour
 * for "P" and "1" images, floating point for "I;16"), the crop, and only then the conversion to RGB.
 *
 * <p>For speed the padding is not materialised and only the cropped window of the resized image is computed, which
 * gives the same pixels as padding, resizing everything and cropping. Thread-safe and allocation-light: one call
 * allocates a few buffers of the crop's size and of the rows the filter needs.
 */
public final class TargetPadPreprocessor {

    private static final int CHANNELS = 3;
    private static final int LEVELS = 256;
    private static final float MAX_LEVEL = 255f;

    private final PreprocessSpec spec;
    private final int size;
    private final float[][] normalised;

    public TargetPadPreprocessor(PreprocessSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.size = spec.inputSize();
        float[] mean = spec.mean();
        float[] std = spec.std();
        this.normalised = new float[CHANNELS][LEVELS];
        for (int c = 0; c < CHANNELS; c++) {
            for (int v = 0; v < LEVELS; v++) {
                // torchvision: ToTensor divides by 255 in float32, Normalize subtracts the mean then divides by std
                normalised[c][v] = (v / MAX_LEVEL - mean[c]) / std[c];
            }
        }
    }

    public PreprocessSpec spec() {
        return spec;
    }

    /** Floats one preprocessed image takes: 3 × size × size. */
    public int outputLength() {
        return CHANNELS * size * size;
    }

    /** The normalised CHW tensor of an image, in a new array. */
    public float[] preprocess(DecodedImage image) {
        float[] out = new float[outputLength()];
        preprocess(image, out, 0);
        return out;
    }

    /**
     * Writes the normalised CHW float32 tensor of an image into {@code out} from {@code offset}: channel planes R, G,
     * B of size × size each, as torchvision's {@code ToTensor} and {@code Normalize} produce them.
     */
    public void preprocess(DecodedImage image, float[] out, int offset) {
        Objects.requireNonNull(out, "out");
        if (offset < 0 || offset > out.length - outputLength()) {
            throw new IllegalArgumentException(
                    "no room for " + outputLength() + " floats at offset " + offset + " in an array of " + out.length);
        }
        byte[] rgb = cropRgb(image);
        int plane = size * size;
        float[] r = normalised[0];
        float[] g = normalised[1];
        float[] b = normalised[2];
        for (int i = 0, p = 0; i < plane; i++, p += CHANNELS) {
            out[offset + i] = r[rgb[p] & 0xFF];
            out[offset + plane + i] = g[rgb[p + 1] & 0xFF];
            out[offset + 2 * plane + i] = b[rgb[p + 2] & 0xFF];
        }
    }

    /**
     * The targetpad crop before normalisation: size × size RGB pixels, interleaved (HWC, uint8), as PIL's
     * {@code np.asarray(img)} shows it after {@code convert("RGB")}.
     */
    public byte[] cropRgb(DecodedImage image) {
        Objects.requireNonNull(image, "image");
        return PilRgbConversion.toRgb(cropInMode(image), image.mode(), image.palette());
    }

    /** The padded, resized and cropped pixels, still in the image's mode. */
    byte[] cropInMode(DecodedImage image) {
        TargetPadGeometry geometry = TargetPadGeometry.of(image.width(), image.height(), spec);
        PixelMode mode = image.mode();
        int outWidth = geometry.resizedWidth();
        int outHeight = geometry.resizedHeight();
        Window crop = geometry.crop();
        PaddedRaster padded = new PaddedRaster(
                image.samples(), image.width(), image.height(), mode.bytesPerPixel(), geometry.padX(), geometry.padY());
        return switch (mode.resampling()) {
            case NEAREST -> PilNearestResampler.resize(padded, outWidth, outHeight, crop);
            case BICUBIC -> PilBicubicResampler.resize(padded, outWidth, outHeight, crop);
            case BICUBIC_16BIT -> PilBicubic16Resampler.resize(padded, outWidth, outHeight, crop);
            case BICUBIC_PREMULTIPLIED -> {
                if (!geometry.resizes()) {
                    // PIL returns a copy before premultiplying when the size does not change
                    yield PilBicubicResampler.resize(padded, outWidth, outHeight, crop);
                }
                PaddedRaster premultiplied = new PaddedRaster(
                        PilAlpha.premultiplied(image.samples(), mode.channels()),
                        image.width(),
                        image.height(),
                        mode.channels(),
                        geometry.padX(),
                        geometry.padY());
                byte[] window = PilBicubicResampler.resize(premultiplied, outWidth, outHeight, crop);
                PilAlpha.unpremultiply(window, mode.channels());
                yield window;
            }
        };
    }
}
