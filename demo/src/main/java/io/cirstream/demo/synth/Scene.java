package io.cirstream.demo.synth;

import java.util.SplittableRandom;

/**
 * How a family's photos are taken: one studio set-up per family (the backdrop tone, the photo's aspect ratio, the
 * framing and the light), as a shop photographs one product line. Members of a family then differ in what the
 * captions say and in small per-photo jitter only, so a caption determines which member is the target.
 *
 * @param background the backdrop tone (index into {@link ProductPainter}'s tones)
 * @param backdropShift a small shift of the tone's brightness, -5 to 5
 * @param aspectFactor the photo's width/height relative to the category's usual one (far from 1 for some families,
 *     so targetpad pads their photos)
 * @param shapeFactor how wide the object is drawn relative to the category's usual shape
 * @param offsetX where the object sits, as a fraction of the width from the centre
 * @param offsetY likewise, of the height
 * @param lightFromLeft which side the shading is lighter on
 */
record Scene(
        int background,
        int backdropShift,
        double aspectFactor,
        double shapeFactor,
        double offsetX,
        double offsetY,
        boolean lightFromLeft) {

    /** Chance that a family's photos are far enough off the usual aspect ratio that targetpad pads them. */
    static final double EXTREME_ASPECT = 0.08;

    static final double EXTREME_FACTOR = 1.7;
    private static final int SHIFT = 5;

    static Scene draw(SplittableRandom random) {
        int background = random.nextInt(ProductPainter.BACKGROUND_COUNT);
        int shift = random.nextInt(-SHIFT, SHIFT + 1);
        double aspect = 0.9 + 0.2 * random.nextDouble();
        if (random.nextDouble() < EXTREME_ASPECT) {
            aspect = random.nextBoolean() ? aspect * EXTREME_FACTOR : aspect / EXTREME_FACTOR;
        }
        double shape = 0.94 + 0.12 * random.nextDouble();
        double dx = (random.nextDouble() - 0.5) * 0.06;
        double dy = (random.nextDouble() - 0.5) * 0.06;
        return new Scene(background, shift, aspect, shape, dx, dy, random.nextBoolean());
    }
}
