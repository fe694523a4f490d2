package io.cirstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetPadGeometryTest {

    private static final PreprocessSpec SPEC_288 = PreprocessSpec.clip4cir(288);

    @Test
    void padsALandscapePhotoToTheTargetRatioThenResizesAndCentresTheCrop() {
        // 1600x1200: ratio 1.33 >= 1.25, m = 1280, vp = int(40.0) = 40 -> 1600x1280 -> 360x288, crop left 36
        assertThat(TargetPadGeometry.of(1600, 1200, SPEC_288))
                .isEqualTo(new TargetPadGeometry(0, 40, 1600, 1280, 360, 288, 36, 0, 288));
    }

    @Test
    void leavesAnImageBelowTheTargetRatioUnpadded() {
        TargetPadGeometry g = TargetPadGeometry.of(1000, 900, SPEC_288);

        assertThat(g.padX()).isZero();
        assertThat(g.padY()).isZero();
        assertThat(g.resizedWidth()).isEqualTo(320); // int(288 * 1000 / 900) = int(320.0)
        assertThat(g.resizes()).isTrue();
    }

    @Test
    void padsWhenTheRatioEqualsTheTargetButByNothingBecauseIntTruncates() {
        TargetPadGeometry g = TargetPadGeometry.of(100, 80, SPEC_288);

        assertThat(g.padX()).isZero();
        assertThat(g.padY()).isZero();
    }

    @Test
    void roundsTheCropOffsetHalfToEvenLikePythonsRound() {
        PreprocessSpec spec64 = PreprocessSpec.clip4cir(64);

        assertThat(TargetPadGeometry.of(65, 64, spec64).cropX()).isZero(); // round(0.5) = 0
        assertThat(TargetPadGeometry.of(67, 64, spec64).cropX()).isEqualTo(2); // round(1.5) = 2
        assertThat(TargetPadGeometry.of(69, 64, spec64).cropX()).isEqualTo(2); // round(2.5) = 2
        assertThat(TargetPadGeometry.of(64, 69, spec64).cropY()).isEqualTo(2);
    }

    @Test
    void keepsASquareImageOfTheInputSizeAsItIs() {
        TargetPadGeometry g = TargetPadGeometry.of(288, 288, SPEC_288);

        assertThat(g.resizes()).isFalse();
        assertThat(g.cropX()).isZero();
        assertThat(g.cropY()).isZero();
    }
}
