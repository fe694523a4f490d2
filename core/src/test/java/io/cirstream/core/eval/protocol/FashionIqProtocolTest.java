package io.cirstream.core.eval.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cirstream.core.eval.FeatureIndex;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** FashionIQ on hand-built rankings; every expected number is worked out in the comments. */
class FashionIqProtocolTest {

    private static final Offset<Double> EXACT = within(1e-9);

    /** dress: d0..d59 at 0..59 degrees, so for a query along x the rank of d_j is j + 1. */
    private static FashionIqProtocol.Category dress() {
        HandBuiltIndex index = new HandBuiltIndex();
        for (int j = 0; j < 60; j++) {
            index.add("d" + j, j);
        }
        return new FashionIqProtocol.Category(
                "dress",
                index.build(),
                List.of(
                        query("q1", "d20", "d5"), // rank 6: hit @10, @50
                        query("q2", "d20", "d10"), // rank 11: miss @10, hit @50
                        query("q3", "d20", "d55"), // rank 56: miss @10 and @50
                        query("q4", "d0", "d0"), // the reference is the target and is kept: rank 1, hit
                        query("q5", "d1", "zz"))); // target not in the index: miss everywhere
    }

    /** shirt: s0..s10 tie at 0 degrees (different raw lengths), s11..s59 at 1..49 degrees. */
    private static FashionIqProtocol.Category shirt() {
        HandBuiltIndex index = new HandBuiltIndex();
        for (int j = 0; j <= 10; j++) {
            index.add("s" + j, 0, 1 + j);
        }
        for (int j = 11; j < 60; j++) {
            index.add("s" + j, j - 10);
        }
        return new FashionIqProtocol.Category(
                "shirt",
                index.build(),
                List.of(
                        query("q1", "s30", "s9"), // ten-way tie at the top, s9 is tenth by index: rank 10, hit @10
                        query("q2", "s30", "s10"), // eleventh: rank 11, miss @10, hit @50
                        query("q3", "s30", "s59"))); // last of 60: rank 60, miss @50
    }

    @Test
    void ranksKeepTheReferenceAndBreakTiesByIndex() {
        assertThat(FashionIqProtocol.ranks(dress())).containsExactly(6, 11, 56, 1, FeatureIndex.ABSENT);
        assertThat(FashionIqProtocol.ranks(shirt())).containsExactly(10, 11, 60);
    }

    @Test
    void perCategoryRecallsTheirMeansAndTheAverage() {
        FashionIqResult result = FashionIqProtocol.evaluate(List.of(dress(), shirt()));

        FashionIqCategoryResult dress = result.categories().get(0);
        assertThat(dress.category()).isEqualTo("dress");
        assertThat(dress.queries()).isEqualTo(5);
        assertThat(dress.indexSize()).isEqualTo(60);
        assertThat(dress.targetsNotInIndex()).isEqualTo(1);
        assertThat(dress.recallAt10()).isCloseTo(40.0, EXACT); // q1, q4 of 5
        assertThat(dress.recallAt50()).isCloseTo(60.0, EXACT); // q1, q2, q4 of 5

        FashionIqCategoryResult shirt = result.categories().get(1);
        assertThat(shirt.recallAt10()).isCloseTo(100.0 / 3, EXACT); // q1 of 3
        assertThat(shirt.recallAt50()).isCloseTo(200.0 / 3, EXACT); // q1, q2 of 3

        assertThat(result.meanRecallAt10()).isCloseTo((40.0 + 100.0 / 3) / 2, EXACT); // 36.667
        assertThat(result.meanRecallAt50()).isCloseTo((60.0 + 200.0 / 3) / 2, EXACT); // 63.333
        assertThat(result.average()).isCloseTo(50.0, EXACT); // (36.667 + 63.333) / 2
    }

    @Test
    void theMeanIsOverCategoriesNotOverQueries() {
        // dress has 5 queries, shirt 3: a pooled R@10 would be 3/8 = 37.5, the protocol's mean is 36.667
        FashionIqResult result = FashionIqProtocol.evaluate(List.of(dress(), shirt()));
        assertThat(result.meanRecallAt10()).isNotCloseTo(37.5, within(0.1));
    }

    static ProtocolQuery query(String id, String reference, String target) {
        return new ProtocolQuery(id, reference, target, HandBuiltIndex.alongX(), List.of());
    }
}
