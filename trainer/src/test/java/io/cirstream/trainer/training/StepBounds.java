package io.cirstream.trainer.training;

import io.cirstream.core.combiner.CombinerDims;
import io.cirstream.core.combiner.CombinerWeights;
import io.cirstream.core.combiner.FloatTensor;
import java.util.Map;

/**
 * How far two correct float32 evaluations of a Combiner training step may differ: the Java trainer's and PyTorch's run
 * the same arithmetic on the same inputs, weights and dropout masks, and differ only by rounding, since libtorch
 * chooses other kernels (summation order, FMA; AVX2, AVX-512, AMX) on other CPUs. Every bound is derived here from the
 * arithmetic, never from a run's figure.
 *
 * <p><b>The model.</b> Each rounding multiplies by (1 + d), |d| ≤ u = 2⁻²⁴, the d independent and of mean zero (Higham
 * and Mary, SIAM J. Sci. Comput. 41(5), 2019). A reduction of n terms of absolute sum M then errs by at most
 * λ·u·√n·M except with probability 2·exp(−λ²/2) (Hoeffding); λ = {@value #LAMBDA} makes that 3e-14 per value, so
 * 1e-8 over the ≈ 450,000 values the tests check. tools/training_rounding.py evaluates the exact step in float64 and
 * gives, per step: the Hoeffding scale σ_L of the loss's rounding error (one adjoint pass over every rounded
 * intermediate) and σ_z of the worst logit's (one adjoint per logit); and per gradient element the magnitude A =
 * M_δᵀ·M_X of the absolute forward chain M_X of the layer's input and the absolute backward chain M_δ of its output's
 * gradient (every Jacobian replaced by its absolute value), which, unlike the exact |δ|ᵀ|X|, cannot cancel to zero
 * where the rounding does not.
 *
 * <p><b>Loss.</b> Each evaluation is within λ·σ_L of the exact loss, so two are within 2·λ·σ_L.
 *
 * <p><b>Gradient.</b> Relative to A, an element carries (i) the rounding of every reduction on its path (the forward
 * pass to the logits, the loss, the backward pass and the batch sum of the weight gradient: {@link #pathReductions}
 * terms in all, so λ·u·√K) and (ii) the logits' error amplified by the softmax: the probabilities p move by at most
 * p·2·max|Δz|, relative to the magnitude (p + 1)/B of the loss's gradient they feed, hence 2·λ·σ_z. With
 * ρ = λ·(u·√K + 2·σ_z), each evaluation is within ρ·A of the exact gradient and two within 2·ρ·A.
 *
 * <p><b>Adam's first step.</b> With m̂ = g and v̂ = g², the update is U(g) = lr·g / (|g| + ε), increasing in g. Where
 * the two gradients differ by at most β, the updates differ by at most U(g + β) − U(g − β): about lr·ε·2β/g² where
 * |g| ≫ β and ε (a tight bound: the size of g matters there through ε), up to 2·lr where g is within β of zero (only
 * the sign is certain there). Each side also rounds the optimiser's {@value #ADAM_ROUNDINGS} operations (relative
 * error ≤ u each on an update of at most lr) and the new weight (u·|w|).
 *
 * <p><b>Later Adam steps.</b> By Cauchy–Schwarz, |m̂_t| / √v̂_t ≤ R_t = (1−β₁)/(1−β₁ᵗ) · √((1−β₂ᵗ)/(1−β₂)) ·
 * √(Σ_{k<t} β₁^{2k}/β₂ᵏ) whatever the gradients (R_1 = 1, R_2 ≈ R_3 ≈ 1.0), so two evaluations' step-t updates
 * differ by at most 2·lr·R_t: after the first step only the size of the moves is pinned, not their direction.
 */
final class StepBounds {

    /** The unit roundoff of float32. */
    static final double UNIT_ROUNDOFF = 0x1p-24;

    /** Hoeffding's multiple of the deviation: a value exceeds it with probability at most 2·exp(−λ²/2) = 2.5e-14. */
    static final double LAMBDA = 8;

    /** Roundings in PyTorch's Adam update of one element: lerp, mul, addcmul (2), sqrt, div, add, addcdiv (3). */
    static final int ADAM_ROUNDINGS = 10;

    private StepBounds() {}

    /**
     * K: the reductions on a gradient element's path, each of n terms counted n times (a bias or a scale adds one).
     * Forward: the two projections (D + 1 each), the Combiner layer and the dynamic scalar's first layer (2P + 1 each),
     * the output layer and its last layer (H + 1 each), the sigmoid (4), the mix (5), the two normalisations (D + 3 each),
     * the logits (D + 1), the loss (B + 4). Backward: softmax (B + 3), logits to query (B + 1), normalisation (D + 4),
     * the output layer (D), λ (D + 1), sigmoid (3), the scalar's last layer (1), the two layers into the concatenation
     * (H each, and their sum: 1), the weight gradient's batch sum (B).
     */
    static int pathReductions(CombinerDims dims, int batch) {
        int d = dims.featureDim();
        int p = dims.projectionDim();
        int h = dims.hiddenDim();
        int forward = 2 * (d + 1) + 2 * (2 * p + 1) + 2 * (h + 1) + 4 + 5 + 2 * (d + 3) + (d + 1) + (batch + 4);
        int backward = (batch + 3) + (batch + 1) + (d + 4) + d + (d + 1) + 3 + 1 + 2 * h + 1 + batch;
        return forward + backward;
    }

    /** 2·λ·σ_L: how far two float32 losses of one step may lie apart. */
    static double loss(TrainingReference.Rounding rounding) {
        return 2 * LAMBDA * rounding.lossDeviation();
    }

    /** ρ = λ·(u·√K + 2·σ_z): an evaluation's gradient error relative to the magnitude A. */
    static double gradientScale(CombinerDims dims, int batch, TrainingReference.Rounding rounding) {
        return LAMBDA * (UNIT_ROUNDOFF * Math.sqrt(pathReductions(dims, batch)) + 2 * rounding.logitDeviation());
    }

    /** 2·ρ·A per element: how far two float32 gradients of one step may lie apart. */
    static CombinerWeights gradients(CombinerWeights magnitudes, double gradientScale) {
        return map(magnitudes, (key, a, i) -> (float) (2 * gradientScale * a[i]));
    }

    /** PyTorch's Adam update of step 1, exactly: lr·g / (|g| + ε). */
    static double firstUpdate(double gradient, double learningRate, double eps) {
        return learningRate * gradient / (Math.abs(gradient) + eps);
    }

    /**
     * Per element, how far two step-1 weights may lie apart when their gradients lie within {@code gradientBounds} of
     * {@code gradients} and the step ends at about {@code after}.
     */
    static CombinerWeights firstStepWeights(
            CombinerWeights gradients, CombinerWeights gradientBounds, CombinerWeights after, double learningRate) {
        return map(gradients, (key, g, i) -> {
            double beta = gradientBounds.stateDict().get(key).values()[i];
            double spread = firstUpdate(g[i] + beta, learningRate, PyTorchAdam.EPS)
                    - firstUpdate(g[i] - beta, learningRate, PyTorchAdam.EPS);
            double rounding = 2 * ADAM_ROUNDINGS * UNIT_ROUNDOFF * learningRate
                    + 2 * UNIT_ROUNDOFF * Math.abs(after.stateDict().get(key).values()[i]);
            return (float) (spread + rounding);
        });
    }

    /** R_t: the largest |m̂_t| / √v̂_t any gradient sequence can give at step t. */
    static double updateRatio(int step) {
        double b1 = PyTorchAdam.BETA1;
        double b2 = PyTorchAdam.BETA2;
        double sum = 0;
        for (int k = 0; k < step; k++) {
            sum += Math.pow(b1, 2 * k) / Math.pow(b2, k);
        }
        return (1 - b1) / (1 - Math.pow(b1, step)) * Math.sqrt((1 - Math.pow(b2, step)) / (1 - b2)) * Math.sqrt(sum);
    }

    /** Elements of {@code actual} farther from {@code expected} than {@code bounds} allow. */
    static long violations(CombinerWeights actual, CombinerWeights expected, CombinerWeights bounds) {
        long count = 0;
        for (Map.Entry<String, FloatTensor> entry : expected.stateDict().entrySet()) {
            float[] a = actual.stateDict().get(entry.getKey()).values();
            float[] e = entry.getValue().values();
            float[] b = bounds.stateDict().get(entry.getKey()).values();
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs((double) a[i] - e[i]) <= b[i])) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The largest |actual − expected| / bound: how much of its bound the worst element uses (≤ 1 when none fails). */
    static double worstShare(CombinerWeights actual, CombinerWeights expected, CombinerWeights bounds) {
        double worst = 0;
        for (Map.Entry<String, FloatTensor> entry : expected.stateDict().entrySet()) {
            float[] a = actual.stateDict().get(entry.getKey()).values();
            float[] e = entry.getValue().values();
            float[] b = bounds.stateDict().get(entry.getKey()).values();
            for (int i = 0; i < e.length; i++) {
                double difference = Math.abs((double) a[i] - e[i]);
                if (difference > 0) {
                    worst = Math.max(worst, difference / b[i]);
                }
            }
        }
        return worst;
    }

    /** A value per element of a state dict. */
    interface ElementFunction {
        double apply(String key, float[] values, int index);
    }

    /** {@code function} applied to every element of {@code weights}, in its layout. */
    static CombinerWeights map(CombinerWeights weights, ElementFunction function) {
        Map<String, FloatTensor> result = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> entry : weights.stateDict().entrySet()) {
            float[] values = entry.getValue().values();
            float[] mapped = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                mapped[i] = (float) function.apply(entry.getKey(), values, i);
            }
            result.put(entry.getKey(), new FloatTensor(entry.getValue().shape(), mapped));
        }
        return CombinerWeights.fromStateDict(result);
    }
}
