package io.cirstream.core.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cirstream.core.eval.FeatureIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIRR on hand-built rankings; every expected number is worked out in the comments. */
class CirrProtocolTest {

    private static final Offset<Double> EXACT = within(1e-9);
    private static final int ABSENT = FeatureIndex.ABSENT;

    @TempDir
    Path dir;

    /** c0..c59 at 0..59 degrees: for a query along x, c_j ranks j + 1 before the reference is removed. */
    private static FeatureIndex sixty() {
        HandBuiltIndex index = new HandBuiltIndex();
        for (int j = 0; j < 60; j++) {
            index.add("c" + j, j);
        }
        return index.build();
    }

    private static List<ProtocolQuery> sixtyQueries() {
        return List.of(
                // reference c0 removed: c1 ranks 1; members without c0: c1 c20 c30 c40 c50 -> 1
                query("1", "c0", "c1", "c0", "c1", "c20", "c30", "c40", "c50"),
                // c3 removed: c0 c1 c2 c4 c5 ahead of c6 -> 6; members without c3: c0 c2 c6 c7 c8 -> 3
                query("2", "c3", "c6", "c3", "c0", "c2", "c6", "c7", "c8"),
                // the reference is the target: removed, so never found
                query("3", "c10", "c10", "c10", "c11", "c12", "c13", "c14", "c15"),
                // the target is not in the index
                query("4", "c2", "missing", "c2", "missing", "c5", "c6", "c7", "c8"),
                // c0 removed: c1..c54 ahead of c55 -> 55 (miss @50); members without c0: c55 first -> 1
                query("5", "c0", "c55", "c0", "c55", "c56", "c57", "c58", "c59"),
                // c1 removed: c0 c2 c3 ahead of c4 -> 4; members without c1: c4 c0 c2 c3 c9 -> 4 (miss @3)
                query("6", "c1", "c4", "c1", "c4", "c0", "c2", "c3", "c9"));
    }

    @Test
    void ranksRemoveTheReferenceFromTheWholeRankingAndFromTheSubset() {
        assertThat(CirrProtocol.ranks(sixty(), sixtyQueries())).containsExactly(1, 6, ABSENT, ABSENT, 55, 4);
        assertThat(CirrProtocol.subsetRanks(sixty(), sixtyQueries())).containsExactly(1, 3, ABSENT, ABSENT, 1, 4);
    }

    @Test
    void recallsSubsetRecallsAndTheAverage() {
        CirrResult result = CirrProtocol.evaluate(sixty(), sixtyQueries());

        assertThat(result.queries()).isEqualTo(6);
        assertThat(result.indexSize()).isEqualTo(60);
        assertThat(result.targetsNotRankable()).isEqualTo(2); // q3 (the reference), q4 (not indexed)
        assertThat(result.targetsNotInSubset()).isEqualTo(1); // q3: the reference is not a candidate
        assertThat(result.recallAt1()).isCloseTo(100.0 / 6, EXACT); // q1
        assertThat(result.recallAt5()).isCloseTo(200.0 / 6, EXACT); // q1, q6
        assertThat(result.recallAt10()).isCloseTo(50.0, EXACT); // q1, q2, q6
        assertThat(result.recallAt50()).isCloseTo(50.0, EXACT); // q5 ranks 55
        assertThat(result.subsetRecallAt1()).isCloseTo(200.0 / 6, EXACT); // q1, q5
        assertThat(result.subsetRecallAt2()).isCloseTo(200.0 / 6, EXACT); // no rank 2
        assertThat(result.subsetRecallAt3()).isCloseTo(50.0, EXACT); // q1, q2, q5
        assertThat(result.average()).isCloseTo((200.0 / 6 + 200.0 / 6) / 2, EXACT); // (R@5 + Rs@1) / 2 = 33.333
    }

    /** t0 t1 t2 tie at 0 degrees, t3 at 1, t4 at 2; "x" is a member that is not in the index. */
    private static FeatureIndex ties() {
        return new HandBuiltIndex()
                .add("t0", 0, 5)
                .add("t1", 0, 1)
                .add("t2", 0, 3)
                .add("t3", 1)
                .add("t4", 2)
                .build();
    }

    @Test
    void tiesGoToTheLowerIndexInBothRankings() {
        List<ProtocolQuery> queries = List.of(
                // t0 removed: t1 ties with t2 and comes first -> 2; subset t1 t2 t3 t4 -> 2
                query("1", "t0", "t2", "t0", "t1", "t2", "t3", "t4", "x"),
                // t1 removed: t0 first -> 1; subset -> 1
                query("2", "t1", "t0", "t1", "t0", "t2", "t3", "t4", "x"),
                // t2 removed: t0 t1 t3 ahead of t4 -> 4; subset t4 t3 t0 t1 -> 4
                query("3", "t2", "t4", "t2", "t4", "t3", "t0", "t1", "x"));
        assertThat(CirrProtocol.ranks(ties(), queries)).containsExactly(2, 1, 4);
        assertThat(CirrProtocol.subsetRanks(ties(), queries)).containsExactly(2, 1, 4);
        CirrResult result = CirrProtocol.evaluate(ties(), queries);
        assertThat(result.recallAt1()).isCloseTo(100.0 / 3, EXACT);
        assertThat(result.recallAt5()).isCloseTo(100.0, EXACT);
        assertThat(result.subsetRecallAt1()).isCloseTo(100.0 / 3, EXACT);
        assertThat(result.subsetRecallAt2()).isCloseTo(200.0 / 3, EXACT);
        assertThat(result.subsetRecallAt3()).isCloseTo(200.0 / 3, EXACT);
        assertThat(result.average()).isCloseTo((100.0 + 100.0 / 3) / 2, EXACT); // 66.667
    }

    @Test
    void theSubmissionFilesAreWhatTheEvaluationServerTakes() throws IOException {
        List<ProtocolQuery> test1 = List.of(
                new ProtocolQuery("7", "t0", null, HandBuiltIndex.alongX(), List.of("t0", "t1", "t2", "t3", "t4", "x")),
                new ProtocolQuery(
                        "12", "t3", null, HandBuiltIndex.alongX(), List.of("t3", "t4", "t2", "t1", "t0", "x")));
        CirrSubmission.SubmissionFiles files = CirrSubmission.write(dir, "tiny", ties(), test1);

        assertThat(files.recall().getFileName().toString()).isEqualTo("recall_submission_tiny.json");
        assertThat(files.recallSubset().getFileName().toString()).isEqualTo("recall_subset_submission_tiny.json");
        // keys sorted as Python's sort_keys: "12" < "7" < "metric" < "version"; fewer than 50 candidates remain
        assertThat(Files.readString(files.recall()))
                .isEqualTo("{\"12\":[\"t0\",\"t1\",\"t2\",\"t4\"],\"7\":[\"t1\",\"t2\",\"t3\",\"t4\"],"
                        + "\"metric\":\"recall\",\"version\":\"rc2\"}");
        assertThat(Files.readString(files.recallSubset()))
                .isEqualTo("{\"12\":[\"t0\",\"t1\",\"t2\"],\"7\":[\"t1\",\"t2\",\"t3\"],"
                        + "\"metric\":\"recall_subset\",\"version\":\"rc2\"}");
        JsonNode parsed = new ObjectMapper().readTree(files.recall().toFile());
        assertThat(parsed.get("7")).hasSize(4);
    }

    @Test
    void aSplitWithoutTargetsCannotBeScored() {
        List<ProtocolQuery> test1 =
                List.of(new ProtocolQuery("7", "t0", null, HandBuiltIndex.alongX(), List.of("t0", "t1")));
        assertThatThrownBy(() -> CirrProtocol.evaluate(ties(), test1)).hasMessageContaining("write a submission");
    }

    private static ProtocolQuery query(String id, String reference, String target, String... members) {
        return new ProtocolQuery(id, reference, target, HandBuiltIndex.alongX(), List.of(members));
    }
}
