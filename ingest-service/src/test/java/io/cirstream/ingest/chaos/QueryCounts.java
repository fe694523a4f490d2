package io.cirstream.ingest.chaos;

import io.cirstream.ingest.chaos.QueryTraffic.Exchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What became of the queries and feedback sent during one cell.
 *
 * @param searches each search outcome ({@code hits}, {@code no hits}, {@code <status> <code>}, or the failure of an
 *     unanswered one) and how many
 * @param feedback each feedback outcome ({@code 202}, {@code <status> <code>} or the failure) and how many
 * @param unansweredSearches searches with no answer at all (no connection, reset, the client's timeout)
 * @param unansweredFeedback the same for feedback
 * @param duringFault requests sent or waiting for their answer while a fault was on (between its start and its lift):
 *     the clients wait for each answer, so a request sent before a fault may wait through it
 * @param hitsDuringFault of those, searches answered with hits
 * @param accepted feedback answered 202
 * @param onTopicOnce accepted feedback found on {@code cir.triplets} exactly once
 * @param missing accepted feedback not on the topic
 * @param duplicated accepted feedback on the topic more than once (records beyond the first)
 * @param refusedButWritten feedback not answered 202 that is on the topic anyway (a resend replaces it: same id)
 * @param unknownOnTopic triplets on the topic that no request of this run sent
 * @param firstHitAfterLift per lift of the fault, how long until the first search sent after it was answered with hits
 *     (empty: none was)
 * @param searchMedian the median time to an answer of the answered searches (not asserted: a figure of the machine)
 * @param searchMax the longest
 * @param models for a model-store outage, what served before, during and after it
 */
record QueryCounts(
        Map<String, Long> searches,
        Map<String, Long> feedback,
        long unansweredSearches,
        long unansweredFeedback,
        long duringFault,
        long hitsDuringFault,
        long accepted,
        long onTopicOnce,
        long missing,
        long duplicated,
        long refusedButWritten,
        long unknownOnTopic,
        List<Optional<Duration>> firstHitAfterLift,
        Duration searchMedian,
        Duration searchMax,
        Optional<ModelSwitch> models) {

    /**
     * A model-store outage seen from the query service.
     *
     * @param before the version serving when the store went down
     * @param after the version announced during the outage
     * @param answersDuringOutage searches answered with hits while the store was down, by the Combiner version that
     *     answered them
     * @param afterBeforeLift answers by {@code after} that ended before the store was back (must be 0: it could not be
     *     fetched)
     * @param servingAfter the version {@code GET /api/v1/models} named as serving at the end
     * @param recovery from the store back to {@code GET /api/v1/models} naming {@code after} as serving
     * @param firstAnswerByAfter from the store back to the first search answered by {@code after}
     */
    record ModelSwitch(
            String before,
            String after,
            Map<String, Long> answersDuringOutage,
            long afterBeforeLift,
            String servingAfter,
            Duration recovery,
            Duration firstAnswerByAfter) {}

    static long total(Map<String, Long> outcomes) {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    long searchesSent() {
        return total(searches);
    }

    long feedbackSent() {
        return total(feedback);
    }

    /**
     * Counts the exchanges of a run against the triplet topic.
     *
     * @param windows the fault's windows, each {start, lift} in {@link System#nanoTime()} (lift = Long.MAX_VALUE while
     *     not lifted)
     * @param onTopic each caption on the triplet topic and how many records carry it
     */
    static QueryCounts of(
            List<Exchange> exchanges,
            List<long[]> windows,
            Map<String, Long> onTopic,
            QueryTraffic traffic,
            Optional<ModelSwitch> models) {
        long duringFault = 0;
        long hitsDuringFault = 0;
        for (Exchange exchange : exchanges) {
            if (windows.stream().anyMatch(w -> exchange.sentNanos() < w[1] && exchange.doneNanos() > w[0])) {
                duringFault++;
                if ("hits".equals(exchange.outcome())) {
                    hitsDuringFault++;
                }
            }
        }
        long accepted = 0;
        long once = 0;
        long missing = 0;
        long duplicated = 0;
        long refusedButWritten = 0;
        Map<String, Long> unknown = new TreeMap<>(onTopic);
        for (Exchange exchange : exchanges) {
            if (!exchange.feedback()) {
                continue;
            }
            long copies = onTopic.getOrDefault(exchange.caption(), 0L);
            unknown.remove(exchange.caption());
            if (exchange.answered() && exchange.status() == 202) {
                accepted++;
                if (copies == 1) {
                    once++;
                } else if (copies == 0) {
                    missing++;
                } else {
                    duplicated += copies - 1;
                }
            } else if (copies > 0) {
                refusedButWritten++;
            }
        }
        List<Optional<Duration>> firstHit = new ArrayList<>();
        for (long[] window : windows) {
            if (window[1] == Long.MAX_VALUE) {
                continue;
            }
            firstHit.add(traffic.firstHitSentSince(window[1]).map(e -> Duration.ofNanos(e.doneNanos() - window[1])));
        }
        List<Long> latencies = exchanges.stream()
                .filter(e -> !e.feedback() && e.answered())
                .map(e -> e.doneNanos() - e.sentNanos())
                .sorted()
                .toList();
        return new QueryCounts(
                QueryTraffic.outcomes(exchanges, false),
                QueryTraffic.outcomes(exchanges, true),
                exchanges.stream().filter(e -> !e.feedback() && !e.answered()).count(),
                exchanges.stream().filter(e -> e.feedback() && !e.answered()).count(),
                duringFault,
                hitsDuringFault,
                accepted,
                once,
                missing,
                duplicated,
                refusedButWritten,
                QueryCounts.total(unknown),
                firstHit,
                latencies.isEmpty() ? Duration.ZERO : Duration.ofNanos(latencies.get(latencies.size() / 2)),
                latencies.isEmpty() ? Duration.ZERO : Duration.ofNanos(latencies.getLast()),
                models);
    }
}
