package io.cirstream.trainer.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.trainer.training.RecallMetric;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationGateTest {

    private static Map<String, Double> recall10(double value) {
        return Map.of("recall_at_1", 0.0, "recall_at_5", 0.0, "recall_at_10", value, "recall_at_50", 1.0);
    }

    private static Optional<Baseline> serving(double value) {
        return Optional.of(new Baseline("v1", recall10(value)));
    }

    @Test
    void aCandidateBetterByTheMarginIsPromoted() {
        GateDecision decision = new EvaluationGate(new GateConfig(RecallMetric.RECALL_AT_10, 0.02, 10))
                .decide(recall10(0.53), serving(0.50), 100);
        assertThat(decision.promote()).isTrue();
        assertThat(decision.improvement()).hasValueSatisfying(d -> assertThat(d).isCloseTo(0.03, within()));
        assertThat(decision.reason()).startsWith("better: candidate recall_at_10 0.5300 vs 0.5000 for serving v1");
    }

    @Test
    void aCandidateBetterByLessThanTheMarginIsRejected() {
        GateDecision decision = new EvaluationGate(new GateConfig(RecallMetric.RECALL_AT_10, 0.05, 10))
                .decide(recall10(0.53), serving(0.50), 100);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.reason()).contains("not better by the margin").contains("+0.0300, margin 0.0500");
    }

    @Test
    void withAZeroMarginATieIsRejectedAndAnyGainIsPromoted() {
        EvaluationGate gate = new EvaluationGate(new GateConfig(RecallMetric.RECALL_AT_10, 0.0, 10));
        assertThat(gate.decide(recall10(0.5), serving(0.5), 100).promote()).isFalse();
        assertThat(gate.decide(recall10(0.51), serving(0.5), 100).promote()).isTrue();
        assertThat(gate.decide(recall10(0.2), serving(0.5), 100).promote()).isFalse();
    }

    @Test
    void tooFewHeldOutTripletsRejectEveryCandidate() {
        GateDecision decision = new EvaluationGate(new GateConfig(RecallMetric.RECALL_AT_10, 0.0, 20))
                .decide(recall10(0.9), serving(0.1), 19);
        assertThat(decision.promote()).isFalse();
        assertThat(decision.reason())
                .isEqualTo("only 19 held-out triplets; the gate needs at least 20"
                        + " (cirstream.trainer.gate.min-held-out)");
    }

    @Test
    void withNothingServingTheCandidateIsPromoted() {
        GateDecision decision = new EvaluationGate(new GateConfig(RecallMetric.RECALL_AT_5, 0.0, 1))
                .decide(recall10(0.3), Optional.empty(), 5);
        assertThat(decision.promote()).isTrue();
        assertThat(decision.reason()).contains("no version serves yet");
        assertThat(decision.improvement()).isEmpty();
    }

    @Test
    void aMarginOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new GateConfig(RecallMetric.RECALL_AT_10, 1.0, 1))
                .hasMessage("cirstream.trainer.gate.margin must be in [0, 1), got 1.0");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-12);
    }
}
