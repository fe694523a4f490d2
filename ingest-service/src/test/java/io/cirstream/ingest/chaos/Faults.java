package io.cirstream.ingest.chaos;

import io.cirstream.core.testkit.Await;
import io.cirstream.schemas.avro.ModelVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The faults of the matrix. Each is injected once the service has committed part of the catalogue. */
final class Faults {

    /** How far into the catalogue a fault starts (share committed). */
    static final double FIRST = 0.3;

    /** Where the second kill comes. */
    static final double SECOND = 0.65;

    private Faults() {}

    /** No fault: the baseline. */
    record None() implements Fault {
        @Override
        public String name() {
            return "none (baseline)";
        }

        @Override
        public List<Duration> inject(FaultContext context) {
            return List.of();
        }
    }

    /**
     * The service killed with SIGKILL while a batch is in flight, once or twice (at {@link #FIRST}, then
     * {@link #SECOND}), each time started again at once.
     */
    record KillMidBatch(int kills) implements Fault {
        @Override
        public String name() {
            return "kill -9 mid-batch (x" + kills + ")";
        }

        @Override
        public List<Duration> inject(FaultContext context) throws InterruptedException {
            List<Duration> recoveries = new ArrayList<>();
            for (double share : kills == 1 ? new double[] {FIRST} : new double[] {FIRST, SECOND}) {
                context.awaitCommitted(share);
                context.faultStarted();
                context.ingest().kill();
                context.ingest().start();
                recoveries.add(context.recoveredSince(System.nanoTime()));
            }
            return recoveries;
        }
    }

    /**
     * The service killed with SIGKILL right after it wrote a dead letter and before it committed that batch's offsets:
     * the process is frozen (SIGSTOP) as soon as its log shows a dead letter, and killed if the letter's offset is not
     * committed yet (else let go on, and the next letter is tried).
     */
    record KillAfterDeadLetter() implements Fault {
        private static final Pattern LETTER = Pattern.compile("dead-lettered catalog\\.products-(\\d+)@(\\d+)");

        @Override
        public String name() {
            return "kill -9 after a dead letter, before its commit";
        }

        @Override
        public List<Duration> inject(FaultContext context) throws Exception {
            context.awaitCommitted(FIRST);
            int seen = context.ingest().currentLog().length();
            long deadline = System.nanoTime() + FaultContext.PROGRESS_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                context.ingest().requireAlive();
                String log = context.ingest().currentLog();
                Matcher letter = LETTER.matcher(log.substring(Math.min(seen, log.length())));
                if (!letter.find()) {
                    Thread.sleep(2);
                    continue;
                }
                context.ingest().pause();
                seen = log.length();
                int partition = Integer.parseInt(letter.group(1));
                long offset = Long.parseLong(letter.group(2));
                if (context.committedOffset(partition) <= offset) {
                    context.faultStarted();
                    context.ingest().kill();
                    context.ingest().start();
                    return List.of(context.recoveredSince(System.nanoTime()));
                }
                context.ingest().resume();
            }
            throw new AssertionError("no dead letter was caught before its commit");
        }
    }

    /** The broker shut down and started again on the same data directory and port after {@code down}. */
    record BrokerRestart(Duration down) implements Fault {
        @Override
        public String name() {
            return "broker restart (down " + down.toSeconds() + " s)";
        }

        @Override
        public List<Duration> inject(FaultContext context) throws InterruptedException {
            context.awaitCommitted(FIRST);
            context.faultStarted();
            context.broker().stop();
            Thread.sleep(down.toMillis());
            context.broker().startAgain();
            return List.of(context.recoveredSince(System.nanoTime()));
        }
    }

    /** The Milvus server stopped for {@code down}, then started again on its data and port. */
    record StoreOutage(Duration down) implements Fault {
        @Override
        public String name() {
            return "vector-store outage (" + down.toSeconds() + " s)";
        }

        @Override
        public Optional<String> notApplicable(StoreKind store) {
            return store == StoreKind.LUCENE
                    ? Optional.of("embedded in the service's process: no server to stop; its outages are the"
                            + " process's (kill -9) and its disk's (full disk)")
                    : Optional.empty();
        }

        @Override
        public List<Duration> inject(FaultContext context) throws InterruptedException {
            StoreBackend.Milvus milvus = (StoreBackend.Milvus) context.store();
            context.awaitCommitted(FIRST);
            long stopped = System.nanoTime();
            context.faultStarted();
            milvus.stop();
            context.awaitPaused();
            Thread.sleep(Math.max(0, down.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
            milvus.startAgain();
            return List.of(context.recoveredSince(System.nanoTime()));
        }
    }

    /** The disk under the Lucene directory filled to the last byte for {@code hold} after the service saw it. */
    record DiskFull(Duration hold) implements Fault {
        @Override
        public String name() {
            return "full disk (" + hold.toSeconds() + " s)";
        }

        @Override
        public Optional<String> notApplicable(StoreKind store) {
            return store == StoreKind.MILVUS
                    ? Optional.of("the Milvus server's disk belongs to the server (milvus-lite here); not injected")
                    : Optional.empty();
        }

        @Override
        public boolean needsTmpfs() {
            return true;
        }

        @Override
        public List<Duration> inject(FaultContext context) throws Exception {
            context.awaitCommitted(FIRST);
            context.faultStarted();
            context.tmpfs().fill();
            context.awaitPaused();
            Thread.sleep(hold.toMillis());
            context.tmpfs().free();
            return List.of(context.recoveredSince(System.nanoTime()));
        }
    }

    /**
     * The model store (moto's S3 server) stopped for {@code down} while the query service serves: a Combiner version,
     * {@code v-before}, is announced and served first; the store goes down; a newer one, {@code v-during} (its weights
     * stored just before, as the trainer stores them before it announces), is announced on {@code cir.models} while
     * the store is down; the service must go on answering with {@code v-before}, and serve {@code v-during} once the
     * store is back. The time to recover is from the store serving again to {@code GET /api/v1/models} naming
     * {@code v-during}.
     */
    record ModelStoreOutage(Duration down) implements Fault {
        static final String BEFORE = "v-before";
        static final String DURING = "v-during";

        @Override
        public String name() {
            return "model-store outage (" + down.toSeconds() + " s)";
        }

        @Override
        public Optional<String> notApplicable(StoreKind store) {
            return store == StoreKind.LUCENE ? Optional.of(QueryProcess.NOT_ON_LUCENE) : Optional.empty();
        }

        @Override
        public boolean needsModelStore() {
            return true;
        }

        @Override
        public List<Duration> inject(FaultContext context) throws Exception {
            ModelStoreServer models = context.modelStore();
            QueryProcess query = context.query();
            QueryTraffic traffic = context.traffic();
            ModelVersion before = models.publish(context.bundle(), BEFORE, 0.1f);
            ModelVersion during = models.publish(context.bundle(), DURING, 0.05f);
            ModelStoreServer.announce(context.broker().bootstrapServers(), before);
            Await.until("the query service to serve " + BEFORE, FaultContext.PROGRESS_LIMIT, () -> {
                query.requireAlive();
                return BEFORE.equals(query.serving());
            });
            context.awaitCommitted(FIRST);
            long stopped = System.nanoTime();
            context.faultStarted();
            models.stop();
            ModelStoreServer.announce(context.broker().bootstrapServers(), during);
            Await.until(
                    "the query service to try " + DURING + " and find the store down",
                    FaultContext.PROGRESS_LIMIT,
                    () -> {
                        query.requireAlive();
                        return query.get("/health").contains("waiting for " + DURING);
                    });
            Thread.sleep(Math.max(0, down.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
            models.startAgain();
            long lifted = System.nanoTime();
            context.faultLifted(lifted);
            Await.until(
                    "the query service to serve " + DURING + " once the store is back",
                    FaultContext.PROGRESS_LIMIT,
                    () -> {
                        query.requireAlive();
                        return DURING.equals(query.serving());
                    });
            Duration recovery = Duration.ofNanos(System.nanoTime() - lifted);
            Await.until(
                    "a search answered by " + DURING, FaultContext.PROGRESS_LIMIT, () -> traffic.exchanges().stream()
                            .anyMatch(e -> DURING.equals(e.modelVersion())));
            List<QueryTraffic.Exchange> exchanges = traffic.exchanges();
            Map<String, Long> duringOutage = new TreeMap<>();
            exchanges.stream()
                    .filter(e -> e.sentNanos() >= stopped && e.sentNanos() < lifted && "hits".equals(e.outcome()))
                    .forEach(e -> duringOutage.merge(e.modelVersion(), 1L, Long::sum));
            long firstByDuring = exchanges.stream()
                    .filter(e -> DURING.equals(e.modelVersion()))
                    .mapToLong(QueryTraffic.Exchange::doneNanos)
                    .min()
                    .orElseThrow();
            context.modelSwitch(new QueryCounts.ModelSwitch(
                    BEFORE,
                    DURING,
                    duringOutage,
                    exchanges.stream()
                            .filter(e -> DURING.equals(e.modelVersion()) && e.doneNanos() < lifted)
                            .count(),
                    query.serving(),
                    recovery,
                    Duration.ofNanos(firstByDuring - lifted)));
            return List.of(recovery);
        }
    }

    /** Producer 1's clock {@code skewMillis} ahead of producer 0's for the whole run: nothing to recover from. */
    record ClockSkew(long skewMillis) implements Fault {
        @Override
        public String name() {
            return "clock skew (producer 1 " + (skewMillis >= 0 ? "+" : "") + skewMillis / 1000.0 + " s)";
        }

        @Override
        public List<Duration> inject(FaultContext context) {
            return List.of();
        }
    }
}
