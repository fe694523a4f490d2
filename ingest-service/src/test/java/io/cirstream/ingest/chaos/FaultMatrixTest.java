package io.cirstream.ingest.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.testkit.Integration;
import io.cirstream.ingest.testkit.IngestHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix: a catalogue of every kind of event (upserts, scalar-only updates, image changes, delete events,
 * tombstones, late events, duplicates, and bad events of every kind) run through the ingest service as a process
 * while one fault is injected, then every event accounted for on the store and the dead-letter topic. In every test
 * run a few cells on {@value #SMALL_EVENTS} events; the whole matrix on 10,000 or more with
 * {@code -Dcirstream.fault-matrix=full} ({@code bin/fault-matrix}), which writes the README's table.
 */
@Integration
class FaultMatrixTest {

    static {
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    }

    /** {@code full}: run the whole matrix. */
    static final String MATRIX = "cirstream.fault-matrix";
    /** Events per cell of the whole matrix (at least {@value #FULL_EVENTS}). */
    static final String EVENTS = "cirstream.fault-matrix.events";
    /** Where the whole matrix writes its table. */
    static final String OUTPUT = "cirstream.fault-matrix.output";

    static final int SMALL_EVENTS = 1_000;
    static final int FULL_EVENTS = 10_000;
    private static final long SEED = 15;
    private static final long SKEW_MILLIS = 5_000;

    private static FaultRun runner;

    @TempDir
    Path temp;

    @BeforeAll
    static void loadEncoder() {
        runner = new FaultRun(Path.of(IngestHarness.TINY_BUNDLE));
    }

    /**
     * The cells of every test run; the third argument says whether the query service runs beside ingest with queries
     * and feedback (it costs a cell about 15 s here, so every test run has it in the broker restart and the model-store
     * outage, and the whole matrix in every Milvus cell).
     */
    static Stream<Arguments> everyTestRun() {
        return Stream.of(
                Arguments.of(new Faults.KillMidBatch(1), StoreKind.LUCENE, false),
                Arguments.of(new Faults.StoreOutage(Duration.ofSeconds(5)), StoreKind.MILVUS, false),
                Arguments.of(new Faults.DiskFull(Duration.ofSeconds(3)), StoreKind.LUCENE, false),
                Arguments.of(new Faults.BrokerRestart(Duration.ofSeconds(3)), StoreKind.MILVUS, true));
    }

    @ParameterizedTest(name = "{0} on {1}, queries {2}")
    @MethodSource("everyTestRun")
    void everyEventIsAccountedForExactlyOnce(Fault fault, StoreKind store, boolean queries) throws Exception {
        RunResult result = runner.run(fault, store, SMALL_EVENTS, SEED, temp, queries);
        Assumptions.assumeTrue(
                result.skipped().isEmpty(), () -> result.skipped().orElse(""));
        System.out.println(FaultMatrixTable.render(List.of(result), "fault matrix cell, " + SMALL_EVENTS + " events"));
        assertClean(result);
        assertThat(result.accounting().orElseThrow().badKinds().keySet())
                .as("every kind of bad event was sent and dead-lettered with its reason")
                .containsExactlyInAnyOrder(BadKind.values());
    }

    @Test
    void aKillAfterDeadLettersWereWrittenAndBeforeTheirBatchWasCommittedLeavesEachLetterOnce() throws Exception {
        RunResult result = runner.run(new Faults.KillAfterDeadLetter(), StoreKind.LUCENE, SMALL_EVENTS, SEED, temp);
        System.out.println(FaultMatrixTable.render(List.of(result), "fault matrix cell, " + SMALL_EVENTS + " events"));
        assertClean(result);
    }

    /** The whole matrix: tagged on-demand, so the normal test run leaves it out; bin/fault-matrix runs it. */
    /**
     * The model store (moto's S3 server) down for a while, a new Combiner version announced meanwhile: the query
     * service goes on answering with the last good one and serves the new one once the store is back, while ingest
     * runs its catalogue with every event accounted for and the queries and feedback are all answered.
     */
    @Test
    void aModelStoreOutageKeepsTheLastGoodVersionServingAndTheNewOneFollowsOnceTheStoreIsBack() throws Exception {
        Assumptions.assumeTrue(ModelStoreServer.installed(), ModelStoreServer::notInstalled);
        RunResult result = runner.run(
                new Faults.ModelStoreOutage(Duration.ofSeconds(5)), StoreKind.MILVUS, SMALL_EVENTS, SEED, temp);
        System.out.println(FaultMatrixTable.render(List.of(result), "fault matrix cell, " + SMALL_EVENTS + " events"));
        assertClean(result);
    }

    @Test
    @Tag("on-demand")
    void fullMatrix() throws Exception {
        int events = Math.max(FULL_EVENTS, Integer.getInteger(EVENTS, FULL_EVENTS));
        List<Fault> faults = List.of(
                new Faults.None(),
                new Faults.KillMidBatch(2),
                new Faults.KillAfterDeadLetter(),
                new Faults.BrokerRestart(Duration.ofSeconds(5)),
                new Faults.StoreOutage(Duration.ofSeconds(30)),
                new Faults.DiskFull(Duration.ofSeconds(10)),
                new Faults.ModelStoreOutage(Duration.ofSeconds(30)),
                new Faults.ClockSkew(SKEW_MILLIS));
        String started = String.format(
                Locale.ROOT,
                "%s, %d events a run (seed %d), %d cores, load at start %.2f",
                Instant.now(),
                events,
                SEED,
                MachineLoad.cores(),
                MachineLoad.oneMinute());
        List<RunResult> results = new ArrayList<>();
        int cell = 0;
        for (Fault fault : faults) {
            for (StoreKind store : StoreKind.values()) {
                RunResult result = runner.run(fault, store, events, SEED, temp.resolve("cell-" + cell++));
                if (store == StoreKind.MILVUS && result.skipped().isEmpty()) {
                    assertThat(result.queries())
                            .as("queries and feedback sent beside ingest")
                            .isPresent();
                }
                results.add(result);
                System.out.println(FaultMatrixTable.render(List.of(result), "cell " + cell));
            }
        }
        String table = FaultMatrixTable.render(results, started);
        Path output = Path.of(System.getProperty(OUTPUT, "target/fault-matrix.md"));
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, table);
        System.out.println(table);
        for (RunResult result : results) {
            if (result.skipped().isEmpty()) {
                assertClean(result);
            }
        }
    }

    private static void assertClean(RunResult result) {
        Accounting accounting = result.accounting().orElseThrow();
        assertThat(accounting.problems())
                .as("%s on %s", result.fault(), result.store())
                .isEmpty();
        assertThat(accounting.lost()).as("events lost").isZero();
        assertThat(accounting.duplicated()).as("events there twice").isZero();
        assertThat(accounting.applied() + accounting.stale() + accounting.deadLettered() + accounting.superseded())
                .as("every event accounted for")
                .isEqualTo(accounting.in());
        result.queries().ifPresent(queries -> assertQueriesAnswered(result, queries));
    }

    /**
     * Every search and feedback answered (a result or an error status with its code; none without an answer), each
     * accepted feedback on the triplet topic exactly once, searches answered with hits during the fault or after it.
     */
    private static void assertQueriesAnswered(RunResult result, QueryCounts queries) {
        String cell = result.fault() + " on " + result.store();
        assertThat(queries.unansweredSearches())
                .as("%s: searches without an answer %s", cell, queries.searches())
                .isZero();
        assertThat(queries.unansweredFeedback())
                .as("%s: feedback without an answer %s", cell, queries.feedback())
                .isZero();
        assertThat(queries.searches().getOrDefault("hits", 0L))
                .as("%s: searches answered with hits", cell)
                .isPositive();
        assertThat(queries.accepted()).as("%s: feedback accepted", cell).isPositive();
        assertThat(queries.missing())
                .as("%s: accepted feedback not on cir.triplets", cell)
                .isZero();
        assertThat(queries.duplicated())
                .as("%s: accepted feedback on cir.triplets twice", cell)
                .isZero();
        assertThat(queries.unknownOnTopic())
                .as("%s: triplets nobody sent", cell)
                .isZero();
        assertThat(queries.onTopicOnce())
                .as("%s: accepted feedback there once", cell)
                .isEqualTo(queries.accepted());
        if (!result.recoveries().isEmpty()) {
            assertThat(queries.duringFault())
                    .as("%s: requests sent or waiting during the fault", cell)
                    .isPositive();
            assertThat(queries.firstHitAfterLift())
                    .as("%s: a search answered with hits after each lift", cell)
                    .allMatch(java.util.Optional::isPresent);
        }
        queries.models().ifPresent(models -> {
            assertThat(models.answersDuringOutage())
                    .as("%s: answered by the last good version while the store was down", cell)
                    .containsOnlyKeys(models.before());
            assertThat(models.afterBeforeLift())
                    .as("%s: answers by a version that could not be fetched yet", cell)
                    .isZero();
            assertThat(models.servingAfter()).as("%s: serving at the end", cell).isEqualTo(models.after());
        });
    }
}
