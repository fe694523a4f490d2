package io.cirstream.core.eval.report;

import io.cirstream.core.eval.protocol.CirrResult;
import io.cirstream.core.eval.protocol.FashionIqCategoryResult;
import io.cirstream.core.eval.protocol.FashionIqResult;
import java.util.Locale;

/** The human-readable form of an {@link EvalReport}: the protocol's table as the papers print it (percent). */
public final class ReportTable {

    private ReportTable() {}

    public static String render(EvalReport report) {
        StringBuilder out = new StringBuilder();
        EvalReport.ModelInfo model = report.model();
        out.append(String.format(
                Locale.ROOT,
                "%s %s, fusion %s, bundle %s (encoder %s)%s%n",
                title(report.dataset()),
                report.split(),
                report.fusion(),
                model.bundle(),
                model.encoderVersion(),
                model.combiner() == null ? "" : ", combiner " + model.combiner()));
        if (report.fashionIq() != null) {
            fashionIq(out, report.fashionIq());
        }
        if (report.cirr() != null) {
            cirr(out, report.cirr());
        }
        EvalReport.EmbeddingInfo e = report.embedding();
        out.append(String.format(
                Locale.ROOT,
                "features: %d images, %d captions, %d computed, %d from the cache%s; %.1f s%n",
                e.images(),
                e.captions(),
                e.computed(),
                e.images() + e.captions() - e.computed() - e.failedImages(),
                e.failedImages() > 0 ? ", " + e.failedImages() + " images failed and were left out" : "",
                e.seconds()));
        for (EvalReport.UnitInfo unit : report.units()) {
            if (unit.queriesLeftOut() > 0
                    || unit.load().contains("missing")
                    || unit.load().contains("not in")) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %s: %s; %d queries left out%n",
                        unit.name(),
                        unit.load(),
                        unit.queriesLeftOut()));
            }
        }
        return out.toString();
    }

    private static void fashionIq(StringBuilder out, FashionIqResult result) {
        out.append(
                String.format(Locale.ROOT, "%-12s %8s %8s %8s %8s%n", "category", "queries", "index", "R@10", "R@50"));
        for (FashionIqCategoryResult c : result.categories()) {
            out.append(String.format(
                    Locale.ROOT,
                    "%-12s %8d %8d %8.2f %8.2f%s%n",
                    c.category(),
                    c.queries(),
                    c.indexSize(),
                    c.recallAt10(),
                    c.recallAt50(),
                    c.targetsNotInIndex() > 0 ? "   (" + c.targetsNotInIndex() + " targets not in the index)" : ""));
        }
        out.append(String.format(
                Locale.ROOT,
                "%-12s %8s %8s %8.2f %8.2f%n",
                "mean",
                "",
                "",
                result.meanRecallAt10(),
                result.meanRecallAt50()));
        out.append(String.format(Locale.ROOT, "Avg = (mean R@10 + mean R@50) / 2 = %.2f%n", result.average()));
    }

    private static void cirr(StringBuilder out, CirrResult r) {
        out.append(String.format(
                Locale.ROOT, "%d queries, index of %d images, the reference removed%n", r.queries(), r.indexSize()));
        out.append(String.format(
                Locale.ROOT,
                "%8s %8s %8s %8s | %8s %8s %8s | %8s%n",
                "R@1",
                "R@5",
                "R@10",
                "R@50",
                "Rs@1",
                "Rs@2",
                "Rs@3",
                "Avg"));
        out.append(String.format(
                Locale.ROOT,
                "%8.2f %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %8.2f%n",
                r.recallAt1(),
                r.recallAt5(),
                r.recallAt10(),
                r.recallAt50(),
                r.subsetRecallAt1(),
                r.subsetRecallAt2(),
                r.subsetRecallAt3(),
                r.average()));
        out.append("Avg = (R@5 + Rs@1) / 2\n");
        if (r.targetsNotRankable() > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "%d targets cannot be retrieved (the reference itself, or not in the index)%n",
                    r.targetsNotRankable()));
        }
    }

    private static String title(String dataset) {
        return switch (dataset) {
            case "fashioniq" -> "FashionIQ";
            case "cirr" -> "CIRR";
            default -> "Synthetic (FashionIQ layout)";
        };
    }
}
