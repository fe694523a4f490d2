package io.cirstream.ingest.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What must become of each sent event, worked out from the events alone the way the store versions them (event time,
 * then offset): per product, in offset order, an event older than one before it is stale; the newest is applied; the
 * rest are superseded. Bad events are dead-lettered.
 */
final class EventLedger {

    private final List<SentEvent> events;
    private final Map<SentEvent, Outcome> outcomes = new IdentityHashMap<>();
    private final Map<String, SentEvent> newest = new HashMap<>();

    private EventLedger(List<SentEvent> events) {
        this.events = List.copyOf(events);
    }

    static EventLedger of(List<SentEvent> events) {
        EventLedger ledger = new EventLedger(events);
        ledger.classify();
        return ledger;
    }

    List<SentEvent> events() {
        return events;
    }

    Outcome outcome(SentEvent event) {
        return outcomes.get(event);
    }

    /**
     * Whether this bad event may rightly be skipped as stale instead of dead-lettered: the service finds it out from
     * the image only, and a newer valid version of its product comes after it.
     */
    boolean mayBeSkippedAsStale(SentEvent bad) {
        if (!bad.event().bad().foundInImage()) {
            return false;
        }
        SentEvent newest = this.newest.get(bad.event().productId());
        return newest != null && newest.offset() > bad.offset() && bad.isOlderThan(newest);
    }

    /** Each product's newest valid event: what the store must reflect. */
    Map<String, SentEvent> newestByProduct() {
        return newest;
    }

    /** How many live products the store must hold. */
    long live() {
        return newest.values().stream().filter(e -> !e.event().removes()).count();
    }

    Map<Outcome, Long> counts() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, 0L);
        }
        outcomes.values().forEach(outcome -> counts.merge(outcome, 1L, Long::sum));
        return counts;
    }

    private void classify() {
        Map<String, List<SentEvent>> byProduct = new HashMap<>();
        for (SentEvent event : events) {
            if (event.event().isBad()) {
                outcomes.put(event, Outcome.DEAD_LETTERED);
            } else {
                byProduct
                        .computeIfAbsent(event.event().productId(), id -> new ArrayList<>())
                        .add(event);
            }
        }
        for (Map.Entry<String, List<SentEvent>> product : byProduct.entrySet()) {
            List<SentEvent> ordered = new ArrayList<>(product.getValue());
            ordered.sort(Comparator.comparingLong(SentEvent::offset));
            SentEvent best = null;
            for (SentEvent event : ordered) {
                if (best != null && event.isOlderThan(best)) {
                    outcomes.put(event, Outcome.STALE);
                } else {
                    if (best != null) {
                        outcomes.put(best, Outcome.SUPERSEDED);
                    }
                    best = event;
                }
            }
            outcomes.put(best, Outcome.APPLIED);
            newest.put(product.getKey(), best);
        }
    }
}
