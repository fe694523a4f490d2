package io.cirstream.ingest.chaos;

import io.cirstream.core.store.StoredProduct;
import io.cirstream.core.store.VectorStore;
import io.cirstream.ingest.embed.ImageDigest;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts for every event of a run against what the store holds and what the dead-letter topic holds, following
 * the {@link EventLedger}: each product's newest version held exactly (version, scalars, image hash, feature), each
 * removed product absent, no other row, each bad event dead-lettered once with its reason, no good event
 * dead-lettered.
 */
final class EventAudit {

    private static final int READ_BATCH = 500;
    private static final int MAX_PROBLEMS = 20;
    private static final float FEATURE_TOLERANCE = 1e-4f;

    private final EventLedger ledger;
    private final List<byte[]> images;
    private final float[][] features;
    private final List<String> problems = new ArrayList<>();
    private long lost;
    private long duplicated;
    private long applied;
    private long deadLettered;
    private long staleOnReplay;
    private final List<String> notes = new ArrayList<>();
    private final Map<BadKind, Long> badKinds = new EnumMap<>(BadKind.class);

    /**
     * @param images the catalogue's images by pattern
     * @param features what the encoder makes of each
     */
    EventAudit(EventLedger ledger, List<byte[]> images, float[][] features) {
        this.ledger = ledger;
        this.images = images;
        this.features = features;
    }

    Accounting audit(VectorStore store, List<DeadLetter> letters) {
        auditStore(store);
        auditDeadLetters(letters);
        Map<Outcome, Long> expected = ledger.counts();
        return new Accounting(
                ledger.events().size(),
                applied,
                expected.get(Outcome.STALE) + staleOnReplay,
                deadLettered,
                expected.get(Outcome.SUPERSEDED),
                lost,
                duplicated,
                Map.copyOf(badKinds),
                List.copyOf(problems),
                List.copyOf(notes));
    }

    private void auditStore(VectorStore store) {
        String collection = store.activeCollection().orElse(null);
        List<String> ids = new ArrayList<>(ledger.newestByProduct().keySet());
        Map<String, StoredProduct> held = new HashMap<>();
        if (collection != null) {
            for (int from = 0; from < ids.size(); from += READ_BATCH) {
                held.putAll(store.getProducts(collection, ids.subList(from, Math.min(ids.size(), from + READ_BATCH))));
            }
        }
        for (Map.Entry<String, SentEvent> entry : ledger.newestByProduct().entrySet()) {
            if (check(entry.getKey(), entry.getValue(), held.get(entry.getKey()))) {
                applied++;
            } else {
                lost++;
            }
        }
        long rows = store.count();
        if (rows > ledger.live()) {
            duplicated += rows - ledger.live();
            problem("the store holds " + rows + " rows for " + ledger.live() + " live products");
        }
    }

    /** Whether the store reflects this product's newest event. */
    private boolean check(String id, SentEvent newest, StoredProduct product) {
        ChaosEvent event = newest.event();
        if (event.removes()) {
            if (product != null) {
                problem(id + " was removed at " + version(newest) + " but is held at " + product.version());
                return false;
            }
            return true;
        }
        if (product == null) {
            problem(id + " is missing; its newest version is " + version(newest) + " (" + event.kind() + ")");
            return false;
        }
        ChaosEvent.Look look = event.look();
        boolean same = product.sourceEventTimeMillis() == event.eventTime()
                && product.version().offset() == newest.offset()
                && product.priceMinorUnits() == look.price()
                && product.category().equals(look.category())
                && product.inStock() == look.inStock()
                && product.imageSha256().equals(ImageDigest.sha256(images.get(look.pattern())))
                && close(product.feature(), features[look.pattern()]);
        if (!same) {
            problem(id + " is held at " + product.version() + " price " + product.priceMinorUnits() + "; its newest"
                    + " version is " + version(newest) + " price " + look.price() + " (" + event.kind() + ")");
        }
        return same;
    }

    private void auditDeadLetters(List<DeadLetter> letters) {
        Map<String, SentEvent> byPosition = new HashMap<>();
        for (SentEvent event : ledger.events()) {
            byPosition.put(position(event.partition(), event.offset()), event);
        }
        Map<String, List<DeadLetter>> found = new HashMap<>();
        for (DeadLetter letter : letters) {
            if (!letter.getTopic().equals(Topics.CATALOG_PRODUCTS.name())) {
                problem("a dead letter from topic " + letter.getTopic());
                continue;
            }
            String position = position(letter.getPartition(), letter.getOffset());
            SentEvent event = byPosition.get(position);
            if (event == null) {
                problem("a dead letter of " + position + ", which the run did not send");
            } else if (!event.event().isBad()) {
                lost++;
                problem("good event " + position + " (" + event.event().kind() + " of "
                        + event.event().productId() + ") was dead-lettered: " + text(letter));
            } else {
                found.computeIfAbsent(position, p -> new ArrayList<>()).add(letter);
            }
        }
        for (SentEvent event : ledger.events()) {
            if (!event.event().isBad()) {
                continue;
            }
            BadKind kind = event.event().bad();
            List<DeadLetter> mine = found.getOrDefault(position(event.partition(), event.offset()), List.of());
            if (mine.isEmpty() && ledger.mayBeSkippedAsStale(event)) {
                staleOnReplay++;
                notes.add(kind + " event " + position(event.partition(), event.offset()) + " was skipped as stale,"
                        + " not dead-lettered: a newer version of "
                        + event.event().productId() + " came after it (a"
                        + " replay after the fault found it written)");
                continue;
            }
            if (mine.isEmpty()) {
                lost++;
                problem(kind + " event " + position(event.partition(), event.offset()) + " has no dead letter");
                continue;
            }
            duplicated += mine.size() - 1;
            if (mine.size() > 1) {
                problem(kind + " event " + position(event.partition(), event.offset()) + " has " + mine.size()
                        + " dead letters");
            }
            if (text(mine.get(0)).contains(kind.reason())) {
                deadLettered++;
                badKinds.merge(kind, 1L, Long::sum);
            } else {
                lost++;
                problem(kind + " event's dead letter says '" + text(mine.get(0)) + "', not '" + kind.reason() + "'");
            }
        }
    }

    private static String text(DeadLetter letter) {
        return letter.getErrorClass() + ": " + letter.getErrorMessage();
    }

    private static String position(int partition, long offset) {
        return Topics.CATALOG_PRODUCTS.name() + "-" + partition + "@" + offset;
    }

    private static String version(SentEvent event) {
        return "(" + event.event().eventTime() + ", " + event.offset() + ")";
    }

    private static boolean close(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            return false;
        }
        for (int d = 0; d < actual.length; d++) {
            if (Math.abs(actual[d] - expected[d]) > FEATURE_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    private void problem(String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what);
        }
    }
}
