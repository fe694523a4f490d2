package io.cirstream.trainer.training;

import ai.djl.ndarray.NDArray;
import io.cirstream.core.combiner.CombinerBlock;

/**
 * CLIP4Cir's contrastive loss over a batch: logits = 100 · query · normalize(target)ᵀ (the queries come out of the
 * Combiner already normalised), cross-entropy with the diagonal as the labels (query i's target is target i; every
 * other target in the batch is a negative), averaged over the batch as {@code nn.CrossEntropyLoss} does.
 */
public final class ContrastiveLoss {

    private static final int FEATURE_AXIS = -1;
    private static final int TARGET_AXIS = 1;

    private ContrastiveLoss() {}

    /** The [B, B] logits of normalised {@code queries} [B, D] against raw {@code targets} [B, D]. */
    static NDArray logits(NDArray queries, NDArray targets) {
        NDArray normalizedTargets = targets.normalize(2, FEATURE_AXIS, CombinerBlock.NORMALIZE_EPS);
        return queries.mul(CombinerBlock.LOGIT_SCALE).matMul(normalizedTargets.transpose());
    }

    /** The mean cross-entropy of {@code logits} [B, B] with label i for row i: a scalar. */
    static NDArray crossEntropyOnDiagonal(NDArray logits) {
        return logits.logSoftmax(TARGET_AXIS).diagonal().mean().neg();
    }

    /** The loss of a batch: cross-entropy on the diagonal of the logits. */
    public static NDArray loss(NDArray queries, NDArray targets) {
        return crossEntropyOnDiagonal(logits(queries, targets));
    }
}
