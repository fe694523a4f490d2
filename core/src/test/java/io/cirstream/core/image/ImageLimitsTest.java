package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageLimitsTest {

    @Test
    void defaultsTo20MiB40MegapixelsAnd16384PixelsASide() {
        assertThat(ImageLimits.DEFAULTS).isEqualTo(new ImageLimits(20L * 1024 * 1024, 40_000_000L, 16_384));
        assertThat(new ImageLimits(5, 6).maxSide()).isEqualTo(ImageLimits.DEFAULT_MAX_SIDE);
    }

    @Test
    void refusesNonPositiveLimitsNamingTheKey() {
        assertThatThrownBy(() -> new ImageLimits(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.image.max-bytes must be > 0, got 0");
        assertThatThrownBy(() -> new ImageLimits(1, -5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.image.max-pixels must be > 0, got -5");
        assertThatThrownBy(() -> new ImageLimits(1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cirstream.image.max-side must be > 0, got 0");
    }

    @Test
    void acceptsDimensionsAtTheLimits() {
        ImageLimits limits = new ImageLimits(10, 100, 50);

        limits.checkBytes("a", 10);
        limits.checkDimensions("a", 50, 2);
        limits.checkDimensions("a", 10, 10);
    }

    @Test
    void refusesAnEmptyRasterDeclaredByAHeader() {
        assertThatThrownBy(() -> ImageLimits.DEFAULTS.checkDimensions("zero.gif", 0, 7))
                .isInstanceOf(InvalidImageException.class)
                .hasMessage("image 'zero.gif' declares an empty raster of 0x7");
    }
}
