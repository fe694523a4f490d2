package io.cirstream.core.image;

/**
 * How a {@link DecodedImage}'s samples are laid out, after PIL's image modes: the mode decides how CLIP4Cir's
 * preprocessing pads, resamples and converts the image to RGB, so the decoder reports the mode PIL would open the file
 * in.
 */
public enum PixelMode {
    /** PIL "1": one byte a pixel, 0 or 255; resampled nearest-neighbour, as PIL does for bilevel images. */
    BILEVEL("1", 1, 1, Resampling.NEAREST),
    /** PIL "L": 8-bit grey. */
    L("L", 1, 1, Resampling.BICUBIC),
    /** PIL "LA": grey and alpha; resampled premultiplied, as PIL does. */
    LA("LA", 2, 2, Resampling.BICUBIC_PREMULTIPLIED),
    /** PIL "RGB". */
    RGB("RGB", 3, 3, Resampling.BICUBIC),
    /** PIL "RGBA": resampled premultiplied, as PIL does; the alpha is dropped, not composited, on conversion to RGB. */
    RGBA("RGBA", 4, 4, Resampling.BICUBIC_PREMULTIPLIED),
    /** PIL "P": one palette index a pixel and an RGB palette; resampled nearest-neighbour, as PIL does. */
    P("P", 1, 1, Resampling.NEAREST),
    /** PIL "CMYK", as PIL holds a JPEG's CMYK (Adobe's inverted samples inverted back). */
    CMYK("CMYK", 4, 4, Resampling.BICUBIC),
    /** PIL "I;16": 16-bit grey, two bytes a pixel, little-endian; 16-bit grey PNGs open in this mode. */
    I16("I;16", 1, 2, Resampling.BICUBIC_16BIT);

    /** How PIL resamples an image of a mode. */
    enum Resampling {
        NEAREST,
        BICUBIC,
        BICUBIC_PREMULTIPLIED,
        BICUBIC_16BIT
    }

    private final String pilName;
    private final int channels;
    private final int bytesPerPixel;
    private final Resampling resampling;

    PixelMode(String pilName, int channels, int bytesPerPixel, Resampling resampling) {
        this.pilName = pilName;
        this.channels = channels;
        this.bytesPerPixel = bytesPerPixel;
        this.resampling = resampling;
    }

    /** The PIL mode's name ("RGB", "I;16"…). */
    public String pilName() {
        return pilName;
    }

    /** Samples a pixel. */
    public int channels() {
        return channels;
    }

    /** Bytes a pixel in {@link DecodedImage#samples()}. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    Resampling resampling() {
        return resampling;
    }
}
