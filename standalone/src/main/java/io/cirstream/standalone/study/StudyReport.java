package io.cirstream.standalone.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the study of two bundles ("before" A and "after" B) as {@code report.md} with SVG plots beside it: one
 * histogram per distribution with both bundles overlaid, one PCA scatter per bundle, and a table of means, standard
 * deviations and the modality gap with what moved.
 */
public final class StudyReport {

    /** The Markdown file. */
    public static final String REPORT_FILE = "report.md";

    private StudyReport() {}

    /** A bundle's label and statistics. */
    record Side(String label, FeatureStatistics stats) {}

    static Path write(Path directory, String dataset, Side a, Side b) throws IOException {
        Files.createDirectories(directory);
        histogram(
                directory,
                "image-image.svg",
                "Image-image cosine (distinct index images)",
                a,
                b,
                FeatureStatistics::imageImage);
        histogram(
                directory, "text-image.svg", "Caption-target cosine (text-image)", a, b, FeatureStatistics::textImage);
        List<StudyPlots.Series> queries = List.of(
                new StudyPlots.Series(a.label() + ": target", a.stats().queryTarget()),
                new StudyPlots.Series(a.label() + ": others", a.stats().queryOther()),
                new StudyPlots.Series(b.label() + ": target", b.stats().queryTarget()),
                new StudyPlots.Series(b.label() + ": others", b.stats().queryOther()));
        Files.writeString(
                directory.resolve("query-target.svg"),
                StudyPlots.histogram("Query (sum) vs target and vs other index images", queries),
                StandardCharsets.UTF_8);
        scatter(directory, "pca-a.svg", a);
        scatter(directory, "pca-b.svg", b);
        Path report = directory.resolve(REPORT_FILE);
        Files.writeString(report, markdown(dataset, a, b), StandardCharsets.UTF_8);
        return report;
    }

    private interface Values {
        double[] of(FeatureStatistics stats);
    }

    private static void histogram(Path dir, String file, String title, Side a, Side b, Values values)
            throws IOException {
        String svg = StudyPlots.histogram(
                title,
                List.of(
                        new StudyPlots.Series(a.label(), values.of(a.stats())),
                        new StudyPlots.Series(b.label(), values.of(b.stats()))));
        Files.writeString(dir.resolve(file), svg, StandardCharsets.UTF_8);
    }

    private static void scatter(Path dir, String file, Side side) throws IOException {
        String[] names = {"reference", "caption", "query", "target"};
        List<StudyPlots.PointSet> sets = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            sets.add(new StudyPlots.PointSet(names[i], side.stats().pca().points()[i]));
        }
        String title = String.format(
                Locale.ROOT,
                "%s: PCA of normalised features (%.0f%% of the variance)",
                side.label(),
                100 * side.stats().pca().explained());
        Files.writeString(dir.resolve(file), StudyPlots.scatter(title, sets), StandardCharsets.UTF_8);
    }

    static String markdown(String dataset, Side a, Side b) {
        StringBuilder md = new StringBuilder();
        md.append("# Feature distributions: ")
                .append(a.label())
                .append(" vs ")
                .append(b.label())
                .append("\n\n");
        md.append(dataset).append("; features L2-normalised; query = normalize(image + text), the sum fusion.\n\n");
        md.append("| measure | ")
                .append(a.label())
                .append(" | ")
                .append(b.label())
                .append(" | moved |\n");
        md.append("|---|---|---|---|\n");
        row(
                md,
                "image-image cosine, mean ± sd",
                a.stats().imageImage(),
                b.stats().imageImage());
        row(
                md,
                "caption-target cosine, mean ± sd",
                a.stats().textImage(),
                b.stats().textImage());
        row(
                md,
                "query-target cosine, mean ± sd",
                a.stats().queryTarget(),
                b.stats().queryTarget());
        row(
                md,
                "query-other image cosine, mean ± sd",
                a.stats().queryOther(),
                b.stats().queryOther());
        double separationA = FeatureStatistics.mean(a.stats().queryTarget())
                - FeatureStatistics.mean(a.stats().queryOther());
        double separationB = FeatureStatistics.mean(b.stats().queryTarget())
                - FeatureStatistics.mean(b.stats().queryOther());
        md.append(String.format(
                Locale.ROOT,
                "| target minus others (query cosine) | %.3f | %.3f | %+.3f |%n",
                separationA,
                separationB,
                separationB - separationA));
        md.append(String.format(
                Locale.ROOT,
                "| modality gap ‖mean image − mean caption‖ | %.3f | %.3f | %+.3f |%n",
                a.stats().modalityGap(),
                b.stats().modalityGap(),
                b.stats().modalityGap() - a.stats().modalityGap()));
        md.append(String.format(
                Locale.ROOT,
                "| variance in the first two PCs | %.0f%% | %.0f%% | |%n%n",
                100 * a.stats().pca().explained(),
                100 * b.stats().pca().explained()));
        md.append("![image-image](image-image.svg)\n\n![text-image](text-image.svg)\n\n");
        md.append("![query-target](query-target.svg)\n\n");
        md.append("![PCA ")
                .append(a.label())
                .append("](pca-a.svg) ![PCA ")
                .append(b.label())
                .append("](pca-b.svg)\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String name, double[] a, double[] b) {
        md.append(String.format(
                Locale.ROOT,
                "| %s | %.3f ± %.3f | %.3f ± %.3f | %+.3f |%n",
                name,
                FeatureStatistics.mean(a),
                FeatureStatistics.sd(a),
                FeatureStatistics.mean(b),
                FeatureStatistics.sd(b),
                FeatureStatistics.mean(b) - FeatureStatistics.mean(a)));
    }
}
