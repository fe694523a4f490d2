package io.cirstream.query.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What this instance did with one announced (or the bundle's) Combiner version, for {@code GET /api/v1/models}.
 *
 * @param version the version's name
 * @param status what happened to it
 * @param detail the reason of a refusal, or where the weights came from
 * @param metrics the gate metrics it was announced with (empty for the bundle's)
 * @param parentVersion the version it was trained from, if announced
 * @param at when this instance decided
 */
public record ModelEvent(
        String version,
        Status status,
        String detail,
        Map<String, Double> metrics,
        Optional<String> parentVersion,
        Instant at) {

    /** The outcome for a version. */
    public enum Status {
        /** Answers queries now. */
        SERVING,
        /** Served before; still loaded for queries that pin it while it is among the recent ones. */
        PREVIOUS,
        /** Refused: not served (altered weights, wrong dimensions or encoder, failed warm-up). */
        REFUSED
    }

    public ModelEvent {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        metrics = Map.copyOf(metrics);
        Objects.requireNonNull(parentVersion, "parentVersion");
        Objects.requireNonNull(at, "at");
    }

    ModelEvent withStatus(Status newStatus) {
        return new ModelEvent(version, newStatus, detail, metrics, parentVersion, at);
    }
}
