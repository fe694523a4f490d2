package io.cirstream.trainer.stage1;

/**
 * Dynamic loss scaling as {@code torch.amp.GradScaler}: the loss is multiplied by {@link #scale()} before backward so
 * that small float16 gradients do not flush to zero; a step whose unscaled gradients hold an inf or NaN is skipped and
 * the scale multiplied by {@code backoff} (0.5); after {@code growthInterval} (2000) steps in a row without one the
 * scale is multiplied by {@code growth} (2). Initially 2^16. Not thread-safe.
 */
final class LossScaler {

    /** GradScaler's defaults. */
    static final double INITIAL_SCALE = 65536.0;

    static final double GROWTH = 2.0;
    static final double BACKOFF = 0.5;
    static final int GROWTH_INTERVAL = 2000;

    private final double growth;
    private final double backoff;
    private final int growthInterval;
    private double scale;
    private int goodSteps;
    private long skipped;

    LossScaler(double initialScale, double growth, double backoff, int growthInterval) {
        if (!(initialScale > 0) || Double.isInfinite(initialScale)) {
            throw new IllegalArgumentException("the initial loss scale must be positive and finite: " + initialScale);
        }
        if (!(growth > 1) || !(backoff > 0 && backoff < 1) || growthInterval < 1) {
            throw new IllegalArgumentException("need growth > 1, 0 < backoff < 1, growth interval ≥ 1");
        }
        this.scale = initialScale;
        this.growth = growth;
        this.backoff = backoff;
        this.growthInterval = growthInterval;
    }

    /** GradScaler's defaults: 2^16, ×2 after 2000 good steps, ×0.5 on an overflow. */
    static LossScaler standard() {
        return new LossScaler(INITIAL_SCALE, GROWTH, BACKOFF, GROWTH_INTERVAL);
    }

    /** The current scale. */
    double scale() {
        return scale;
    }

    /** Steps skipped for an inf/NaN gradient so far. */
    long skipped() {
        return skipped;
    }

    /** Good steps since the last change of the scale. */
    int goodSteps() {
        return goodSteps;
    }

    /** After a step: {@code foundInf} whether its gradients overflowed (the step was skipped). */
    void update(boolean foundInf) {
        if (foundInf) {
            skipped++;
            scale *= backoff;
            goodSteps = 0;
        } else if (++goodSteps == growthInterval) {
            scale *= growth;
            goodSteps = 0;
        }
    }
}
