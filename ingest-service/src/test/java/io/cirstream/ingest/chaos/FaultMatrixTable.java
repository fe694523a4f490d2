package io.cirstream.ingest.chaos;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The matrix as Markdown: fault x store -> where every event went, and the bad kinds with their reasons. */
final class FaultMatrixTable {

    private FaultMatrixTable() {}

    static String render(List<RunResult> results, String header) {
        StringBuilder out = new StringBuilder();
        out.append(header).append("\n\n");
        out.append("| fault | store | events in | applied | stale | dead-lettered | superseded | lost | duplicated"
                + " | time to recover | run (load) |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|---|---|\n");
        for (RunResult result : results) {
            out.append("| ")
                    .append(result.fault())
                    .append(" | ")
                    .append(result.store().label())
                    .append(" | ");
            if (result.skipped().isPresent()) {
                out.append(result.skipped().get()).append(" | | | | | | | | |\n");
                continue;
            }
            Accounting a = result.accounting().orElseThrow();
            out.append(String.join(
                            " | ",
                            count(a.in()),
                            count(a.applied()),
                            count(a.stale()),
                            count(a.deadLettered()),
                            count(a.superseded()),
                            count(a.lost()),
                            count(a.duplicated()),
                            recoveries(result.recoveries()),
                            String.format(Locale.ROOT, "%.0f s (%.1f)", seconds(result.wall()), result.load())))
                    .append(" |\n");
        }
        out.append("\n| bad kind | dead letter must say | dead-lettered, reason checked (all runs) |\n|---|---|--:|\n");
        Map<BadKind, Long> kinds = new EnumMap<>(BadKind.class);
        results.stream().flatMap(r -> r.accounting().stream()).forEach(a -> a.badKinds()
                .forEach((kind, n) -> kinds.merge(kind, n, Long::sum)));
        for (BadKind kind : BadKind.values()) {
            out.append("| ")
                    .append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(" | `")
                    .append(kind.reason())
                    .append("` | ")
                    .append(count(kinds.getOrDefault(kind, 0L)))
                    .append(" |\n");
        }
        List<String> problems = results.stream()
                .flatMap(r -> r.accounting().stream().flatMap(a -> a.problems().stream()
                        .map(p -> r.fault() + " / " + r.store().label() + ": " + p)))
                .collect(Collectors.toList());
        List<String> notes = results.stream()
                .flatMap(r -> r.accounting().stream().flatMap(a -> a.notes().stream()
                        .map(n -> r.fault() + " / " + r.store().label() + ": " + n)))
                .collect(Collectors.toList());
        if (!notes.isEmpty()) {
            out.append("\nNotes:\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        if (!problems.isEmpty()) {
            out.append("\nProblems:\n");
            problems.forEach(p -> out.append("- ").append(p).append('\n'));
        }
        return out.toString();
    }

    private static String recoveries(List<Duration> recoveries) {
        if (recoveries.isEmpty()) {
            return "-";
        }
        return recoveries.stream()
                .map(d -> String.format(Locale.ROOT, "%.1f s", seconds(d)))
                .collect(Collectors.joining(", "));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
