package io.cirstream.ingest.chaos;

import io.cirstream.core.modelstore.ModelStoreConfig;
import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.Await;
import io.cirstream.core.testkit.TmpfsMount;
import io.cirstream.ingest.testkit.DeadLetterReader;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.schemas.avro.DeadLetter;
import io.cirstream.schemas.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one cell of the matrix: a fresh broker and store, the catalogue sent, the ingest service started as a process,
 * the fault injected and lifted, everything committed, the service stopped (SIGTERM), then every event accounted for
 * on the store and on the dead-letter topic read to its end offsets. On Milvus the query service runs beside it as a
 * process of its own, started before ingest, with searches and feedback sent to it over HTTP the whole time; once
 * everything is committed the traffic stops (every request answered or timed out), the query service is stopped
 * (SIGTERM) and the triplet topic is read to its end offsets.
 */
final class FaultRun {

    /** The tmpfs under a full-disk run's Lucene store. */
    static final int TMPFS_MEGABYTES = 48;

    /** How many products the queries and feedback pick from. */
    static final int TRAFFIC_PRODUCTS = 200;

    private final Path bundle;
    private final List<byte[]> images;
    private final float[][] features;

    FaultRun(Path bundle) {
        this.bundle = bundle;
        this.images = ChaosCatalogue.images();
        this.features = PatternFeatures.of(bundle, images);
    }

    /** Runs the cell, with queries and feedback on Milvus. */
    RunResult run(Fault fault, StoreKind kind, int events, long seed, Path directory) throws Exception {
        return run(fault, kind, events, seed, directory, kind == StoreKind.MILVUS);
    }

    /**
     * Runs the cell; {@code queries}: with the query service beside ingest and queries and feedback sent to it (Milvus
     * only; a fault that needs it, the model-store outage, always has it).
     */
    RunResult run(Fault fault, StoreKind kind, int events, long seed, Path directory, boolean queries)
            throws Exception {
        Optional<String> notApplicable = fault.notApplicable(kind);
        if (notApplicable.isPresent()) {
            return RunResult.skipped(fault, kind, "n/a: " + notApplicable.get());
        }
        Files.createDirectories(directory);
        Optional<TmpfsMount> tmpfs = Optional.empty();
        if (fault.needsTmpfs()) {
            TmpfsMount.Mounted mounted = TmpfsMount.mount(directory.resolve("tmpfs"), TMPFS_MEGABYTES);
            if (mounted.mount().isEmpty()) {
                return RunResult.skipped(fault, kind, "skipped: " + mounted.whyNot());
            }
            tmpfs = mounted.mount();
        }
        try {
            Path storeDirectory = tmpfs.map(t -> t.directory().resolve("store")).orElse(directory.resolve("store"));
            return run(
                    fault,
                    kind,
                    events,
                    seed,
                    directory,
                    storeDirectory,
                    tmpfs,
                    kind == StoreKind.MILVUS && (queries || fault.needsModelStore()));
        } finally {
            keepLogs(fault, kind, directory);
            if (tmpfs.isPresent()) {
                tmpfs.get().close();
            }
        }
    }

    private RunResult run(
            Fault fault,
            StoreKind kind,
            int events,
            long seed,
            Path directory,
            Path storeDirectory,
            Optional<TmpfsMount> tmpfs,
            boolean queries)
            throws Exception {
        try (Broker broker = Broker.start(directory.resolve("kafka"));
                StoreBackend store = kind == StoreKind.LUCENE
                        ? new StoreBackend.Lucene(storeDirectory)
                        : new StoreBackend.Milvus(directory.resolve("milvus"));
                IngestHarness harness = new IngestHarness(broker.kafka())) {
            List<SentEvent> sent = CatalogueSender.send(
                    broker.bootstrapServers(), ChaosCatalogue.generate(events, seed, fault.skewMillis()));
            EventLedger ledger = EventLedger.of(sent);
            Map<String, String> settings = IngestProcess.settings(
                    broker.bootstrapServers(), bundle.toAbsolutePath().toString(), store.settings());
            long total = harness.endOffsets().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            if (queries) {
                // the query service's topics (queries, results, models, triplets, their dead letters); the harness
                // made the catalogue's
                broker.kafka()
                        .createTopics(Topics.ALL.stream()
                                .filter(t -> !t.name().equals(Topics.CATALOG_PRODUCTS.name())
                                        && !t.name().equals(Topics.CATALOG_PRODUCTS_DLQ.name()))
                                .toList());
            }
            try (ModelStoreServer models =
                            fault.needsModelStore() ? ModelStoreServer.start(directory.resolve("model-store")) : null;
                    IngestProcess ingest = new IngestProcess(settings, directory);
                    QueryProcess query = queries
                            ? new QueryProcess(
                                    QueryProcess.settings(
                                            broker.bootstrapServers(),
                                            bundle.toAbsolutePath().toString(),
                                            store.settings(),
                                            models != null
                                                    ? models.settings()
                                                    : Map.of(
                                                            ModelStoreConfig.LOCATION.name(),
                                                            directory
                                                                    .resolve("models")
                                                                    .toString()),
                                            directory.resolve("query")),
                                    directory)
                            : null;
                    QueryTraffic driver = queries ? new QueryTraffic(trafficProducts(ledger)) : null) {
                if (query != null) {
                    query.start();
                    query.awaitAnswering();
                }
                long started = System.nanoTime();
                ingest.start();
                FaultContext context = new FaultContext(
                        broker,
                        ingest,
                        store,
                        tmpfs,
                        harness,
                        total,
                        Optional.ofNullable(query),
                        Optional.ofNullable(driver),
                        Optional.ofNullable(models),
                        bundle);
                context.warmUpQueries();
                List<Duration> recoveries = fault.inject(context);
                context.awaitAllCommitted();
                long allCommitted = System.nanoTime();
                Duration wall = Duration.ofNanos(allCommitted - started);
                Optional<QueryCounts> counts = Optional.empty();
                if (driver != null) {
                    List<long[]> windows = context.windows();
                    if (!windows.isEmpty()) {
                        long lifted = windows.getLast()[1];
                        Await.until(
                                "a search sent after the fault was lifted to be answered with hits",
                                FaultContext.PROGRESS_LIMIT,
                                () -> {
                                    query.requireAlive();
                                    return driver.firstHitSentSince(lifted).isPresent();
                                });
                    }
                    driver.close();
                    notFoundOnceCommitted(driver.exchanges(), allCommitted);
                    query.requireAlive();
                    query.stop();
                    counts = Optional.of(QueryCounts.of(
                            driver.exchanges(),
                            context.windows(),
                            TripletReader.captions(broker.bootstrapServers()),
                            driver,
                            context.modelSwitch()));
                }
                ingest.stop();
                List<DeadLetter> letters = DeadLetterReader.readAll(broker.bootstrapServers());
                try (VectorStore audited = store.openForAudit()) {
                    Accounting accounting = new EventAudit(ledger, images, features).audit(audited, letters);
                    return new RunResult(
                            fault.name(),
                            kind,
                            Optional.of(accounting),
                            recoveries,
                            wall,
                            MachineLoad.oneMinute(),
                            Optional.empty(),
                            counts);
                }
            }
        }
    }

    /**
     * Prints the searches answered 404 REFERENCE_NOT_FOUND that were sent once ingest had committed everything (the
     * reference is live in the store then): a diagnosis, the audit says whether the store holds the product.
     */
    private static void notFoundOnceCommitted(List<QueryTraffic.Exchange> exchanges, long allCommitted) {
        List<QueryTraffic.Exchange> late = exchanges.stream()
                .filter(e -> e.sentNanos() >= allCommitted && "REFERENCE_NOT_FOUND".equals(e.code()))
                .toList();
        long before = exchanges.stream()
                .filter(e -> e.sentNanos() < allCommitted && "REFERENCE_NOT_FOUND".equals(e.code()))
                .count();
        System.out.println("fault matrix: 404 REFERENCE_NOT_FOUND before everything was committed " + before
                + ", after " + late.size() + " "
                + late.stream()
                        .map(QueryTraffic.Exchange::reference)
                        .distinct()
                        .limit(20)
                        .toList());
    }

    /**
     * Copies the cell's process logs (ingest, query, moto) to {@code target/fault-matrix-logs/<cell>/}: the cell's own
     * directory is a temporary one.
     */
    private static void keepLogs(Fault fault, StoreKind kind, Path directory) {
        Path kept =
                Path.of("target", "fault-matrix-logs", (fault.name() + "-" + kind).replaceAll("[^A-Za-z0-9.-]+", "_"));
        try (var files = Files.walk(directory, 2)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.createDirectories(kept);
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.err.println("fault matrix: cannot keep the logs of " + directory + ": " + e);
        }
    }

    /**
     * Products the queries and feedback name: live at the end of the catalogue and with no record after their newest
     * version (so the query service's catalogue view holds them as the store will), at most {@value #TRAFFIC_PRODUCTS}.
     */
    static List<String> trafficProducts(EventLedger ledger) {
        Map<String, Long> lastOffset = new java.util.HashMap<>();
        for (SentEvent event : ledger.events()) {
            lastOffset.merge(event.event().productId(), event.offset(), Math::max);
        }
        return ledger.newestByProduct().entrySet().stream()
                .filter(e -> !e.getValue().event().removes())
                .filter(e -> e.getValue().offset() == lastOffset.get(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .limit(TRAFFIC_PRODUCTS)
                .toList();
    }
}
