package io.cirstream.ingest.chaos;

import io.cirstream.ingest.chaos.ChaosEvent.Kind;
import io.cirstream.ingest.chaos.ChaosEvent.Look;
import io.cirstream.ingest.embed.ImageDigest;
import io.cirstream.ingest.testkit.TestImages;
import io.cirstream.ingest.testkit.Upsert;
import io.cirstream.schemas.avro.CatalogEvent;
import io.cirstream.schemas.avro.ProductDeleted;
import io.cirstream.schemas.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates a catalogue stream, deterministic by seed: every product created once, then scalar-only updates (half
 * of them declaring the image hash), image changes, delete events, tombstones, late events (older than what the
 * product holds), exact duplicates, and bad events of every {@link BadKind}. Two producers send it, taking turns in
 * bursts of {@value #BURST} events; producer 1's clock runs {@code skewMillis} ahead of producer 0's (negative:
 * behind).
 */
final class ChaosCatalogue {

    /** How many different product images there are. */
    static final int IMAGE_PATTERNS = 8;

    private static final int IMAGE_SIDE = 16;
    private static final long CLOCK_START = 10_000_000;
    private static final long CLOCK_STEP = 10;
    private static final int LATE_SPREAD = 500;
    /** Each producer sends this many events in a row, then the other one. */
    static final int BURST = 50;

    private static final int PRICES = 100_000;
    private static final int CATEGORIES = 5;
    /** One product for this many events. */
    private static final double EVENTS_PER_PRODUCT = 3.5;

    private final List<byte[]> images = new ArrayList<>();
    private final Random random;
    private final long skewMillis;
    private final Map<String, ChaosEvent> last = new HashMap<>();
    private final Map<String, Long> newest = new HashMap<>();
    private final List<ChaosEvent> events = new ArrayList<>();
    private long clock = CLOCK_START;

    private ChaosCatalogue(long seed, long skewMillis) {
        this.random = new Random(seed);
        this.skewMillis = skewMillis;
        for (int i = 0; i < IMAGE_PATTERNS; i++) {
            images.add(TestImages.png(100 + i, IMAGE_SIDE));
        }
    }

    /** The encoded image of each pattern. */
    static List<byte[]> images() {
        return new ChaosCatalogue(0, 0).images;
    }

    /** {@code count} events (a share of them bad), seeded, with producer 1's clock skewed by {@code skewMillis}. */
    static List<ChaosEvent> generate(int count, long seed, long skewMillis) {
        ChaosCatalogue catalogue = new ChaosCatalogue(seed, skewMillis);
        int products = (int) Math.max(1, count / EVENTS_PER_PRODUCT);
        for (int seq = 0; seq < count; seq++) {
            catalogue.next(seq, seq < products ? "p" + seq : "p" + catalogue.random.nextInt(products));
        }
        return List.copyOf(catalogue.events);
    }

    private void next(int seq, String id) {
        clock += CLOCK_STEP;
        int producer = (seq / BURST) % 2;
        long time = clock + (producer == 1 ? skewMillis : 0);
        ChaosEvent held = last.get(id);
        int roll = held == null ? -1 : random.nextInt(100);
        boolean live = held != null && !held.removes();
        ChaosEvent event;
        if (held == null || (!live && roll < 80)) {
            event = upsert(seq, producer, id, held == null ? Kind.NEW : Kind.IMAGE_CHANGE, time, freshLook());
        } else if (roll < 40) {
            Look look = new Look(
                    held.look().pattern(), random.nextInt(PRICES), held.look().category(), random.nextBoolean());
            event = upsert(seq, producer, id, Kind.SCALAR_UPDATE, time, look);
        } else if (roll < 57) {
            event = upsert(seq, producer, id, Kind.IMAGE_CHANGE, time, freshLook());
        } else if (roll < 64) {
            event = removal(seq, producer, id, Kind.DELETE, time);
        } else if (roll < 69) {
            event = removal(seq, producer, id, Kind.TOMBSTONE, time);
        } else if (roll < 80) {
            long late = Math.max(0, newest.get(id) - 1 - random.nextInt(LATE_SPREAD));
            event = upsert(seq, producer, id, Kind.LATE, late, freshLook());
        } else if (roll < 88) {
            event = held.duplicate(seq, producer);
        } else {
            event = bad(seq, producer, id, time);
        }
        events.add(event);
        if (!event.isBad()) {
            newest.merge(id, event.eventTime(), Math::max);
            if (event.kind() != Kind.LATE) {
                last.put(id, event);
            }
        }
    }

    private Look freshLook() {
        return new Look(
                random.nextInt(IMAGE_PATTERNS),
                random.nextInt(PRICES),
                "c" + random.nextInt(CATEGORIES),
                random.nextBoolean());
    }

    private ChaosEvent upsert(int seq, int producer, String id, Kind kind, long time, Look look) {
        Upsert upsert = Upsert.of(id, images.get(look.pattern()))
                .price(look.price())
                .category(look.category())
                .inStock(look.inStock())
                .at(time);
        if (kind == Kind.SCALAR_UPDATE && random.nextBoolean()) {
            upsert.declaredSha(ImageDigest.sha256(images.get(look.pattern())));
        }
        return new ChaosEvent(seq, producer, id, kind, null, encode(upsert.event()), time, look);
    }

    private ChaosEvent removal(int seq, int producer, String id, Kind kind, long time) {
        byte[] value = kind == Kind.TOMBSTONE
                ? null
                : encode(new CatalogEvent(new ProductDeleted(id, Instant.ofEpochMilli(time))));
        return new ChaosEvent(seq, producer, id, kind, null, value, time, null);
    }

    /**
     * A bad event, newer than anything sent for the product so far: an image the service must look at is never
     * skipped as stale, so each one is dead-lettered whatever the order the batches read the store in.
     */
    private ChaosEvent bad(int seq, int producer, String id, long time) {
        BadKind kind = BadKind.values()[random.nextInt(BadKind.values().length)];
        long newer = Math.max(time, newest.getOrDefault(id, 0L) + 1);
        byte[] value = kind.value(id, newer, random, images.get(random.nextInt(IMAGE_PATTERNS)));
        return new ChaosEvent(seq, producer, id, Kind.BAD, kind, value, newer, null);
    }

    private static byte[] encode(CatalogEvent event) {
        return Topics.CATALOG_PRODUCTS.valueSerde().serializer().serialize(Topics.CATALOG_PRODUCTS.name(), event);
    }
}
