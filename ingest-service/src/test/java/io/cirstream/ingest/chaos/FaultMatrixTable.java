package io.cirstream.ingest.chaos;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
        queries(out, results);
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

    /** The second table: the queries and feedback the query service answered during each cell (Milvus cells). */
    private static void queries(StringBuilder out, List<RunResult> results) {
        List<RunResult> withQueries =
                results.stream().filter(r -> r.queries().isPresent()).toList();
        if (withQueries.isEmpty()) {
            return;
        }
        out.append("\nQueries and feedback during the fault (the query service as a process beside ingest, ")
                .append(QueryTraffic.CLIENTS)
                .append(" HTTP clients):\n\n");
        out.append("| fault | store | searches | with hits | no hits | answered with an error | unanswered"
                + " | sent or waiting during the fault (with hits) | first hit after the lift | feedback | 202 | refused"
                + " | unanswered | on cir.triplets once | missing | duplicated | search answered in (median, max) |\n");
        out.append("|---|---|--:|--:|--:|---|--:|---|---|--:|--:|---|--:|--:|--:|--:|---|\n");
        for (RunResult result : withQueries) {
            QueryCounts q = result.queries().orElseThrow();
            out.append("| ")
                    .append(result.fault())
                    .append(" | ")
                    .append(result.store().label())
                    .append(" | ")
                    .append(String.join(
                            " | ",
                            count(q.searchesSent()),
                            count(q.searches().getOrDefault("hits", 0L)),
                            count(q.searches().getOrDefault("no hits", 0L)),
                            errors(q.searches(), Set.of("hits", "no hits")),
                            unanswered(q.searches()),
                            count(q.duringFault()) + " (" + count(q.hitsDuringFault()) + ")",
                            q.firstHitAfterLift().isEmpty()
                                    ? "-"
                                    : q.firstHitAfterLift().stream()
                                            .map(d -> d.map(x -> String.format(Locale.ROOT, "%.1f s", seconds(x)))
                                                    .orElse("none"))
                                            .collect(Collectors.joining(", ")),
                            count(q.feedbackSent()),
                            count(q.accepted()),
                            errors(q.feedback(), Set.of("202")),
                            unanswered(q.feedback()),
                            count(q.onTopicOnce()),
                            count(q.missing()),
                            count(q.duplicated()),
                            String.format(
                                    Locale.ROOT, "%.2f s, %.1f s", seconds(q.searchMedian()), seconds(q.searchMax()))))
                    .append(" |\n");
        }
        List<RunResult> switches = withQueries.stream()
                .filter(r -> r.queries().orElseThrow().models().isPresent())
                .toList();
        if (switches.isEmpty()) {
            return;
        }
        out.append("\n| fault | store | serving, then announced while the store was down | searches answered with hits"
                + " while it was down, by version | answered by the new version before the store was back"
                + " | serving at the end | time to recover (store back to the new version serving)"
                + " | first search answered by it |\n");
        out.append("|---|---|---|---|--:|---|---|---|\n");
        for (RunResult result : switches) {
            QueryCounts.ModelSwitch m = result.queries().orElseThrow().models().orElseThrow();
            out.append("| ")
                    .append(result.fault())
                    .append(" | ")
                    .append(result.store().label())
                    .append(" | ")
                    .append(String.join(
                            " | ",
                            m.before() + ", then " + m.after(),
                            m.answersDuringOutage().entrySet().stream()
                                    .map(e -> e.getKey() + ": " + count(e.getValue()))
                                    .collect(Collectors.joining(", ")),
                            count(m.afterBeforeLift()),
                            m.servingAfter(),
                            String.format(Locale.ROOT, "%.1f s", seconds(m.recovery())),
                            String.format(Locale.ROOT, "%.1f s", seconds(m.firstAnswerByAfter()))))
                    .append(" |\n");
        }
    }

    /** How many had no answer, and why. */
    private static String unanswered(Map<String, Long> outcomes) {
        long total = 0;
        StringBuilder why = new StringBuilder();
        for (Map.Entry<String, Long> e : outcomes.entrySet()) {
            if (e.getKey().startsWith(QueryTraffic.NO_ANSWER)) {
                total += e.getValue();
                why.append(why.isEmpty() ? " (" : ", ")
                        .append(e.getKey().substring(QueryTraffic.NO_ANSWER.length()))
                        .append(": ")
                        .append(count(e.getValue()));
            }
        }
        return count(total) + (why.isEmpty() ? "" : why + ")");
    }

    /** The outcomes other than {@code ok}, each with its count: "none" if there are none. */
    private static String errors(Map<String, Long> outcomes, Set<String> ok) {
        String errors = outcomes.entrySet().stream()
                .filter(e -> !ok.contains(e.getKey()) && !e.getKey().startsWith(QueryTraffic.NO_ANSWER))
                .map(e -> e.getKey() + ": " + count(e.getValue()))
                .collect(Collectors.joining(", "));
        return errors.isEmpty() ? "none" : errors;
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
