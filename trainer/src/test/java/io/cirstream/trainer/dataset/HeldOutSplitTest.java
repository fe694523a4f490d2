package io.cirstream.trainer.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.avro.TripletSource;
import io.cirstream.trainer.log.Triplet;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeldOutSplitTest {

    private static final List<Triplet> TRIPLETS = IntStream.range(0, 10_000)
            .mapToObj(i -> new Triplet("t" + i, "r" + i, "caption", "g" + i, TripletSource.CLICK, Instant.EPOCH))
            .toList();

    @Test
    void theSplitIsDeterministicAndNearTheFraction() {
        HeldOutSplit split = new HeldOutSplit(0.2);
        HeldOutSplit.Split first = split.split(TRIPLETS);
        HeldOutSplit.Split again = new HeldOutSplit(0.2).split(TRIPLETS.reversed());
        assertThat(again.heldOut()).containsExactlyInAnyOrderElementsOf(first.heldOut());
        assertThat(first.training().size() + first.heldOut().size()).isEqualTo(TRIPLETS.size());
        assertThat(first.heldOut().size()).isBetween(1_850, 2_150);
    }

    @Test
    void theSideOfAnIdIsPinnedAcrossReleases() {
        // the first 53 bits of SHA-256(id) over 2^53, as Python's hashlib gives them; another hash would reshuffle
        // every split
        assertThat(HeldOutSplit.position("t0")).isEqualTo(0.3171257184910836);
        assertThat(HeldOutSplit.position("t1")).isEqualTo(0.3849378734428722);
    }

    @Test
    void growingTheFractionOnlyMovesTripletsIntoHeldOut() {
        List<Triplet> small = new HeldOutSplit(0.1).split(TRIPLETS).heldOut();
        List<Triplet> large = new HeldOutSplit(0.3).split(TRIPLETS).heldOut();
        assertThat(large).containsAll(small);
    }

    @Test
    void aFractionOutsideZeroToOneIsRefusedWithTheValue() {
        assertThatThrownBy(() -> new HeldOutSplit(1.0)).hasMessageContaining("got 1.0");
        assertThatThrownBy(() -> new HeldOutSplit(-0.1)).hasMessageContaining("got -0.1");
        assertThat(new HeldOutSplit(0).split(TRIPLETS).heldOut()).isEmpty();
    }
}
