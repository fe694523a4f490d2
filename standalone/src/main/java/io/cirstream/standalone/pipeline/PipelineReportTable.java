package io.cirstream.standalone.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.cirstream.core.eval.protocol.CirrResult;
import java.util.Locale;
import java.util.Map;

/** The text form of a {@link PipelineReport}: the steps with their times, the evaluation table, the gate, the paths. */
public final class PipelineReportTable {

    private static final double MINUTE = 60;

    private PipelineReportTable() {}

    public static String render(PipelineReport report) {
        StringBuilder out = new StringBuilder();
        PipelineReport.Inputs in = report.inputs();
        out.append(format(
                "cirstream pipeline: %d products (seed %d), bundle %s, device %s, at most %d epochs of batches of %d: %s%n",
                in.products(),
                in.seed(),
                in.bundleName(),
                in.device(),
                in.maxEpochs(),
                in.trainBatchSize(),
                duration(report.totalSeconds())));
        out.append(format("%n%-40s %9s  %s%n", "step", "seconds", "result"));
        int n = 1;
        for (PipelineReport.StepTiming step : report.steps()) {
            out.append(format("%-40s %9.1f  %s%n", n++ + " " + step.title(), step.seconds(), step.summary()));
        }
        evaluation(out, report);
        gate(out, report.training());
        out.append(format("%nwritten:%n"));
        for (Map.Entry<String, String> path : report.paths().entrySet()) {
            out.append(format("  %-12s %s%n", path.getKey(), path.getValue()));
        }
        return out.toString();
    }

    private static void evaluation(StringBuilder out, PipelineReport report) {
        if (report.evaluation().isEmpty()) {
            return;
        }
        CirrResult first = report.evaluation().get(0).result();
        out.append(format(
                "%nevaluation: synthetic %s split, CIRR protocol (reference removed), %d queries over %d images%n",
                PipelineEvaluation.SPLIT, first.queries(), first.indexSize()));
        out.append(format(
                "%-72s %7s %7s %7s %7s | %7s %7s%n", "query composition", "R@1", "R@5", "R@10", "R@50", "Rs@1", "Avg"));
        for (EvaluationRow row : report.evaluation()) {
            CirrResult r = row.result();
            out.append(format(
                    "%-72s %7.2f %7.2f %7.2f %7.2f | %7.2f %7.2f%n",
                    row.label() + (row.combiner() == null || row.name().equals("served") ? "" : " " + row.combiner()),
                    r.recallAt1(),
                    r.recallAt5(),
                    r.recallAt10(),
                    r.recallAt50(),
                    r.subsetRecallAt1(),
                    r.average()));
        }
        subsetFootnote(out);
    }

    private static void subsetFootnote(StringBuilder out) {
        out.append("Rs@1: Recall_subset@1, the target among the other members of the reference's family; Avg = (R@5 +"
                + " Rs@1) / 2\n");
    }

    private static void gate(StringBuilder out, PipelineReport.Training training) {
        JsonNode gate = training.gate();
        String metric = gate.path("metric").asText();
        out.append(format(
                "%ngate (trainer's held-out triplets: %d, ranked over the whole index; %d trained on, %d epochs, best %d):%n",
                training.heldOutTriplets(), training.trainingTriplets(), training.epochsRun(), training.bestEpoch()));
        out.append(format(
                "  candidate %s %.4f vs serving %s %.4f, margin %.4f: %s%n",
                metric,
                gate.path("candidate").path(metric).asDouble(Double.NaN),
                gate.path("serving").path("version").asText("none"),
                gate.path("serving").path("metrics").path(metric).asDouble(Double.NaN),
                gate.path("margin").asDouble(),
                training.promoted() ? "PROMOTED" : "REJECTED"));
        out.append(format("  %s%n", training.reason()));
        out.append(format(
                "  %s; serving now: %s%n",
                training.published()
                        .map(v -> "published " + v + " on cir.models")
                        .orElse("nothing published"),
                training.servedVersion()));
    }

    private static String duration(double seconds) {
        if (seconds < MINUTE) {
            return format("%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return format("%d min %02d s", whole / (long) MINUTE, whole % (long) MINUTE);
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
