package io.cirstream.core.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CaptionVariantsTest {

    @Test
    void fashionIqHasTheFixedEvaluationFormAndFourTrainingForms() {
        CaptionVariants variants = FashionIqCaptions.variants("is RED.", " has long sleeves?");
        assertThat(variants.evaluation()).isEqualTo("Is red and has long sleeves");
        assertThat(variants.training())
                .containsExactly(
                        "Is red and has long sleeves", "Has long sleeves and is RED", "Is red", "Has long sleeves");
    }

    @Test
    void samplingDrawsEachTrainingFormAboutAQuarterOfTheTime() {
        CaptionVariants variants = FashionIqCaptions.variants("a", "b");
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(variants.sample(random), 1, Integer::sum);
        }
        assertThat(counts).hasSize(4);
        // binomial(40000, 1/4): sd = 86.6; 5 sd = 433
        counts.values().forEach(count -> assertThat(count).isBetween(draws / 4 - 433, draws / 4 + 433));
    }

    @Test
    void aSingleCaptionIsUsedAsItIs() {
        CaptionVariants single = CaptionVariants.single("  Remove the dog. ");
        assertThat(single.evaluation()).isEqualTo("  Remove the dog. ");
        assertThat(single.sample(new SplittableRandom(1))).isEqualTo("  Remove the dog. ");
        assertThatThrownBy(() -> new CaptionVariants("x", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
