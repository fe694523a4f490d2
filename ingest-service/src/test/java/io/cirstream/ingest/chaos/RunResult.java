package io.cirstream.ingest.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One cell of the matrix: a fault on a store, and where every event ended up - or why the cell was not run.
 *
 * @param recoveries how long the service took to commit again after each time the fault was lifted
 * @param wall from the service's first start to everything committed
 * @param load the machine's 1-minute load average when the run ended
 * @param queries the queries and feedback sent to the query service during the run (Milvus runs)
 */
record RunResult(
        String fault,
        StoreKind store,
        Optional<Accounting> accounting,
        List<Duration> recoveries,
        Duration wall,
        double load,
        Optional<String> skipped,
        Optional<QueryCounts> queries) {

    static RunResult skipped(Fault fault, StoreKind store, String why) {
        return new RunResult(
                fault.name(), store, Optional.empty(), List.of(), Duration.ZERO, 0, Optional.of(why), Optional.empty());
    }
}
