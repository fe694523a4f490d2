package io.cirstream.standalone.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of {@code bench query}: each load level's throughput and latency percentiles beside the bare compute of
 * one query (the mean of its medians before and after the load), as a table and as JSON.
 */
final class QueryBenchReport {

    private final int catalog;
    private final List<QueryLoad.Level> levels;
    private final double[] bareBefore;
    private final double[] bareAfter;
    private final double cacheHitRate;

    /** The levels (open loop, then saturation) and the sorted bare-compute samples before and after. */
    QueryBenchReport(
            int catalog,
            QueryLoad.Level saturation,
            List<QueryLoad.Level> openLevels,
            double[] bareBefore,
            double[] bareAfter,
            double cacheHitRate) {
        this.catalog = catalog;
        this.levels = new ArrayList<>(openLevels);
        this.levels.add(saturation);
        this.bareBefore = bareBefore;
        this.bareAfter = bareAfter;
        this.cacheHitRate = cacheHitRate;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    /** The reference: the bare compute's median, averaged over before and after the load. */
    double bareMillis() {
        return (median(bareBefore) + median(bareAfter)) / 2;
    }

    void print(PrintWriter out, Duration commitInterval) {
        double bare = bareMillis();
        out.printf(
                "%nbare compute of one query (text encode + Combiner + top-10 search), median: %.2f ms before,"
                        + " %.2f ms after the load; reference %.2f ms%n",
                median(bareBefore), median(bareAfter), bare);
        out.printf("text cache hit rate over the run: %.2f%n%n", cacheHitRate);
        out.printf(
                "%-10s %10s %10s %8s %9s %9s %9s %12s%n",
                "load", "offered/s", "achieved/s", "queries", "p50 ms", "p95 ms", "p99 ms", "p99 / bare");
        for (QueryLoad.Level level : levels) {
            out.printf(
                    "%-10s %10s %10.1f %8d %9.1f %9.1f %9.1f %12.2f%n",
                    level.name(),
                    Double.isNaN(level.offeredPerSecond()) ? "closed" : "%.1f".formatted(level.offeredPerSecond()),
                    level.achievedPerSecond(),
                    level.queries(),
                    level.percentile(50),
                    level.percentile(95),
                    level.percentile(99),
                    level.percentile(99) / bare);
            if (level.errors() > 0) {
                out.printf("           %d queries got an error result%n", level.errors());
            }
        }
        out.println("latency: from sending the query to cir.queries to reading its result from cir.results"
                + " (committed; Kafka Streams commits every " + commitInterval.toMillis() + " ms)");
        out.flush();
    }

    void writeJson(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("catalog", catalog).put("bareMedianMillis", bareMillis()).put("textCacheHitRate", cacheHitRate);
        ArrayNode rows = root.putArray("levels");
        for (QueryLoad.Level level : levels) {
            rows.addObject()
                    .put("load", level.name())
                    .put("offeredPerSecond", level.offeredPerSecond())
                    .put("achievedPerSecond", level.achievedPerSecond())
                    .put("queries", level.queries())
                    .put("errors", level.errors())
                    .put("p50Millis", level.percentile(50))
                    .put("p95Millis", level.percentile(95))
                    .put("p99Millis", level.percentile(99));
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }
}
