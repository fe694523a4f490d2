package io.cirstream.trainer.stage1;

/**
 * AdamW's hyper-parameters, as {@code torch.optim.AdamW} takes them.
 *
 * @param learningRate the step size (CLIP4Cir's stage 1: 2e-6; from random weights a much larger rate, e.g. 1e-3)
 * @param beta1 the first moment's decay
 * @param beta2 the second moment's decay
 * @param eps added to the denominator
 * @param weightDecay decoupled weight decay: every step multiplies each weight by 1 − lr·weightDecay first
 */
public record AdamWSettings(double learningRate, double beta1, double beta2, double eps, double weightDecay) {

    /** CLIP4Cir's stage-1 learning rate. */
    public static final double PUBLISHED_LEARNING_RATE = 2e-6;

    /** CLIP4Cir's stage-1 eps (PyTorch's default is 1e-8). */
    public static final double PUBLISHED_EPS = 1e-7;

    /** CLIP4Cir's stage-1 weight decay (AdamW's default). */
    public static final double PUBLISHED_WEIGHT_DECAY = 0.01;

    /** PyTorch's default β1. */
    public static final double DEFAULT_BETA1 = 0.9;

    /** PyTorch's default β2. */
    public static final double DEFAULT_BETA2 = 0.999;

    public AdamWSettings {
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0", learningRate);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)", beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)", beta2);
        require(eps > 0 && Double.isFinite(eps), "eps must be > 0", eps);
        require(
                weightDecay >= 0 && weightDecay * learningRate < 1,
                "weightDecay must be >= 0 with lr·wd < 1",
                weightDecay);
    }

    /** The published recipe: lr 2e-6, betas (0.9, 0.999), eps 1e-7, weight decay 0.01. */
    public static AdamWSettings published() {
        return withLearningRate(PUBLISHED_LEARNING_RATE);
    }

    /** The published recipe with another learning rate (training from random weights needs a larger one). */
    public static AdamWSettings withLearningRate(double learningRate) {
        return new AdamWSettings(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, PUBLISHED_EPS, PUBLISHED_WEIGHT_DECAY);
    }

    /** These settings with another weight decay. */
    public AdamWSettings withWeightDecay(double decay) {
        return new AdamWSettings(learningRate, beta1, beta2, eps, decay);
    }

    private static void require(boolean condition, String message, double value) {
        if (!condition) {
            throw new IllegalArgumentException(message + ", got " + value);
        }
    }
}
