package io.cirstream.ingest.chaos;

import io.cirstream.core.store.VectorStore;
import io.cirstream.core.testkit.TmpfsMount;
import io.cirstream.ingest.testkit.DeadLetterReader;
import io.cirstream.ingest.testkit.IngestHarness;
import io.cirstream.schemas.avro.DeadLetter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one cell of the matrix: a fresh broker and store, the catalogue sent, the ingest service started as a process,
 * the fault injected and lifted, everything committed, the service stopped (SIGTERM), then every event accounted for
 * on the store and on the dead-letter topic read to its end offsets.
 */
final class FaultRun {

    /** The tmpfs under a full-disk run's Lucene store. */
    static final int TMPFS_MEGABYTES = 48;

    private final Path bundle;
    private final List<byte[]> images;
    private final float[][] features;

    FaultRun(Path bundle) {
        this.bundle = bundle;
        this.images = ChaosCatalogue.images();
        this.features = PatternFeatures.of(bundle, images);
    }

    RunResult run(Fault fault, StoreKind kind, int events, long seed, Path directory) throws Exception {
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
            return run(fault, kind, events, seed, directory, storeDirectory, tmpfs);
        } finally {
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
            Optional<TmpfsMount> tmpfs)
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
            try (IngestProcess ingest = new IngestProcess(settings, directory)) {
                long started = System.nanoTime();
                ingest.start();
                FaultContext context = new FaultContext(broker, ingest, store, tmpfs, harness, total);
                List<Duration> recoveries = fault.inject(context);
                context.awaitAllCommitted();
                Duration wall = Duration.ofNanos(System.nanoTime() - started);
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
                            Optional.empty());
                }
            }
        }
    }
}
